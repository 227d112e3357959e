import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from './zip.ts';

const enc = new TextEncoder();

/** Reads a STORE zip back through its central directory. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const out = new Map<string, string>();
  const dec = new TextDecoder();
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    const crc = v.getUint32(at + 16, true);
    const size = v.getUint32(at + 24, true);
    const nameLength = v.getUint16(at + 28, true);
    const local = v.getUint32(at + 42, true);
    const name = dec.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    expect(crc32(data)).toBe(crc);
    out.set(name, dec.decode(data));
    at += 46 + nameLength;
  }
  return out;
}

describe('zip', () => {
  it('computes CRC-32 like zlib', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const random = new Uint8Array(10_000).map((_, i) => (i * 7919) % 256);
    expect(crc32(random)).toBe(zlib.crc32(random));
  });

  it('stores files that read back, with UTF-8 names', () => {
    const files = [
      { name: 'visitors.csv', data: enc.encode('date,visitors\r\n2025-10-01,3\r\n') },
      { name: 'pages.csv', data: enc.encode('page,visitors\r\n/über,1\r\n') },
      { name: 'empty.csv', data: new Uint8Array() },
    ];
    const bytes = zip(files, new Date(2025, 9, 3, 12, 30, 10));
    const back = unzip(bytes);
    expect([...back.keys()]).toEqual(['visitors.csv', 'pages.csv', 'empty.csv']);
    expect(back.get('pages.csv')).toBe('page,visitors\r\n/über,1\r\n');
  });

  it('is a valid archive for unzip(1) when it is installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-zip-'));
    const path = join(dir, 't.zip');
    writeFileSync(path, zip([{ name: 'a.csv', data: enc.encode('x,y\r\n1,2\r\n') }]));
    let out: string;
    try {
      out = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no unzip here: the reader above covers it
      throw err;
    }
    expect(out).toContain('No errors detected');
  });
});
