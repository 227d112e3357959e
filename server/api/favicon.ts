/**
 * /favicon.ico: the Cairn mark (four stacked stones) drawn at 32×32 into a PNG inside an ICO
 * container, made once at start. Browsers ask for /favicon.ico on pages without an icon link (the
 * login page), and a 404 there is noise in every console.
 */
import { deflateSync } from 'node:zlib';

const SIZE = 32;
const ACCENT = [0x4f, 0x46, 0xe5] as const;
// The header's stones: centre y, half-width, half-height, opacity (see dashboard/src/components/header.tsx).
const STONES: Array<[number, number, number, number]> = [
  [19, 8, 3, 0.55],
  [13.5, 6, 2.6, 0.7],
  [8.6, 4.2, 2.2, 0.85],
  [4.6, 2.4, 1.6, 1],
];

function pixels(): Buffer {
  const scale = SIZE / 24;
  // One filter byte (0: none) before each row of RGBA.
  const out = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let alpha = 0;
      // 4×4 samples per pixel for smooth edges.
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = (x + (sx + 0.5) / 4) / scale;
          const py = (y + (sy + 0.5) / 4) / scale;
          let a = 0;
          for (const [cy, rx, ry, opacity] of STONES) if (((px - 12) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1) a = opacity;
          alpha += a / 16;
        }
      }
      const at = y * (SIZE * 4 + 1) + 1 + x * 4;
      out.set([...ACCENT, Math.round(alpha * 255)], at);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function faviconPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels())), chunk('IEND', Buffer.alloc(0))]);
}

/** An ICO with one PNG image (valid in every current browser). */
export function faviconIco(): Buffer {
  const png = faviconPng();
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(SIZE, 6);
  header.writeUInt8(SIZE, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18); // offset of the image
  return Buffer.concat([header, png]);
}
