import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { openImportSource } from './import-source.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-source-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('openImportSource', () => {
  it('reads a file line by line, CRLF or not, and knows its size and progress', async () => {
    const file = path.join(dir, 'events.ndjson');
    fs.writeFileSync(file, '{"a":1}\r\n\r\n{"b":2}\n{"c":3}');
    const source = await openImportSource(file);
    // The CLI opens the GeoIP database between opening and reading: no line may be lost meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.size).toBe(fs.statSync(file).size);
    expect(await collect(source.lines)).toEqual(['{"a":1}', '', '{"b":2}', '{"c":3}']);
    expect(source.bytesRead()).toBe(source.size);
  });

  it('gunzips a .gz file as it reads, and fails on a corrupt one', async () => {
    const file = path.join(dir, 'events.ndjson.gz');
    fs.writeFileSync(file, gzipSync('{"a":1}\n{"b":2}\n'));
    expect(await collect((await openImportSource(file)).lines)).toEqual(['{"a":1}', '{"b":2}']);
    const broken = path.join(dir, 'broken.ndjson.gz');
    fs.writeFileSync(broken, gzipSync('{"a":1}\n'.repeat(1000)).subarray(0, 40));
    await expect(collect((await openImportSource(broken)).lines)).rejects.toThrow(/unexpected end of file/);
  });

  it('reads stdin for -, without a size', async () => {
    const source = await openImportSource('-', Readable.from(['{"a":1}\n{"b"', ':2}\n']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.size).toBeUndefined();
    expect(await collect(source.lines)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('says which file it cannot read, before any import starts', async () => {
    const missing = openImportSource(path.join(dir, 'nope.ndjson'));
    await expect(missing).rejects.toBeInstanceOf(AppError);
    await expect(missing).rejects.toThrow(/cannot read .*nope\.ndjson/);
    await expect(openImportSource(dir)).rejects.toThrow(/not a file/);
  });
});
