import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { badRequest } from '../../errors.ts';

export interface ImportSource {
  /** The file's lines, read as they are consumed: a 10 GB export never sits in memory. */
  lines: AsyncIterable<string>;
  /** Bytes of the file read so far (compressed bytes for .gz; 0 for stdin), for a progress percentage. */
  bytesRead(): number;
  /** The file's size; undefined for stdin, where no percentage can be known. */
  size: number | undefined;
}

/** Opens `file` (`-` for stdin; gunzipped when it ends in .gz) as lines. Throws AppError if it cannot be read. */
export async function openImportSource(file: string, stdin: Readable = process.stdin): Promise<ImportSource> {
  let raw: Readable;
  let size: number | undefined;
  let bytesRead = () => 0;
  if (file === '-') {
    raw = stdin;
  } else {
    try {
      const stat = await fs.promises.stat(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
      // Opened here so a permission error is reported before the import starts, not mid-stream.
      await (await fs.promises.open(file)).close();
    } catch (error) {
      throw badRequest(`cannot read ${file}: ${(error as Error).message}`);
    }
    const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    raw = stream;
    bytesRead = () => stream.bytesRead;
  }
  return {
    // Lazy: a readline interface emits lines as soon as it exists, and lines emitted before the
    // first `for await` are lost; the caller may well await other things (a GeoIP file) first.
    lines: { [Symbol.asyncIterator]: () => readLines(file, raw) },
    bytesRead,
    size,
  };
}

function readLines(file: string, raw: Readable): AsyncIterator<string> {
  let input = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    // pipeline, not pipe: a read error or a corrupt archive must end the iteration with that error.
    pipeline(raw, gunzip, () => {});
    input = gunzip;
  }
  // crlfDelay: a \r\n split across two chunks is still one line ending, never an extra blank line.
  return readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
}
