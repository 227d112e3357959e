import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { CHROME, expectedSkip, generateLog, type LogFormat } from '../../tests/helpers/test-log.ts';
import { runCairn } from '../../tests/helpers/test-cli.ts';

let dataDir: string;

const cairn = (args: string[]) => runCairn(args, { DATA_DIR: dataDir });
function file(name: string, lines: string[]): string {
  const target = path.join(dataDir, name);
  const text = `${lines.join('\n')}\n`;
  fs.writeFileSync(target, name.endsWith('.gz') ? gzipSync(text) : text);
  return target;
}
async function eventCount(): Promise<number> {
  const db = openDatabase(path.join(dataDir, 'cairn.db'));
  try {
    const { n } = await db.kysely.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return n;
  } finally {
    await db.close();
  }
}
function expectedSummary(format: LogFormat, count: number, seed: number) {
  const skippedBy: Record<string, number> = {};
  for (const line of generateLog(format, count, seed)) {
    const skip = expectedSkip(line.kind, format);
    if (skip) skippedBy[skip] = (skippedBy[skip] ?? 0) + 1;
  }
  const skipped = Object.values(skippedBy).reduce((a, b) => a + b, 0);
  return { lines: count, imported: count - skipped, skipped, skippedBy, rejected: 0, rejections: [] };
}
const line = (target = '/', status = 200) => `203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "GET ${target} HTTP/1.1" ${status} 512 "-" "${CHROME}"`;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-log-'));
  expect((await cairn(['site', 'add', 'example.com', '--timezone', 'UTC'])).code).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npx cairn import-log', () => {
  it('is listed in the usage', async () => {
    const help = await cairn(['import-log', '--help']);
    expect(help.stdout).toContain('cairn import-log <access.log|access.log.gz|-> --site <domain> --format combined|common|caddy-json [--skip-invalid]');
    expect(help.stdout).toContain('cairn import <file.ndjson');
  });

  it.each([
    ['combined', 'access.log.gz'],
    ['caddy-json', 'caddy.log'],
    ['common', 'common.log.gz'],
  ] as const)('imports a generated %s log (%s) and answers --json with the summary', async (format, name) => {
    const before = await eventCount();
    const lines = generateLog(format, 3_000, 11).map((l) => l.text);
    const result = await cairn(['import-log', file(name, lines), '--site', 'example.com', '--format', format, '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const want = expectedSummary(format, 3_000, 11);
    expect(JSON.parse(result.stdout)).toEqual(want);
    expect(await eventCount()).toBe(before + want.imported);
  });

  it('prints a plain summary with the reasons', async () => {
    const result = await cairn(['import-log', file('a.log', [line(), line('/app.css'), line('/missing', 404), '', line('/robots.txt')]), '--site', 'example.com', '--format', 'combined']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('imported 1 page view from 5 lines\nskipped 3 (asset 1, status 1, not page 1)\n');
  });

  it('stops at an unreadable line with exit code 2, naming it; --skip-invalid counts it and goes on', async () => {
    const before = await eventCount();
    const lines = [line(), line('/a'), 'garbage', line('/b')];
    const stopped = await cairn(['import-log', file('b.log', lines), '--site', 'example.com', '--format', 'combined']);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('line 3: not in the combined log format');
    expect(stopped.stderr).toContain('(imported 2 events before line 3). Nothing after it was imported: fix the line (or use --skip-invalid) and import from line 3 on (tail -n +3)');
    expect(await eventCount()).toBe(before + 2);

    const skipped = await cairn(['import-log', file('b.log', lines), '--site', 'example.com', '--format', 'combined', '--skip-invalid']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^imported 3 page views from 4 lines\nrejected 1 malformed line:\n {2}line 3: not in the combined log format/);
    expect(await eventCount()).toBe(before + 5);
  });

  it('points a log in another format at the right --format', async () => {
    const common = '203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512';
    const result = await cairn(['import-log', file('c.log', [common]), '--site', 'example.com', '--format', 'combined']);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('use --format common') });
    const caddy = await cairn(['import-log', file('c.log', [common]), '--site', 'example.com', '--format', 'caddy-json']);
    expect(caddy.stderr).toContain('line 1: not valid JSON (caddy-json takes one JSON object per line, as Caddy writes them) (imported 0 events before line 1). Nothing was imported: is this a caddy-json log? (--format combined|common|caddy-json)');
  });

  it('refuses a missing or unknown format, an unknown site, a missing file, before reading anything', async () => {
    const before = await eventCount();
    const log = file('d.log', [line()]);
    expect(await cairn(['import-log', log, '--site', 'example.com'])).toMatchObject({ code: 2, stderr: expect.stringContaining('import-log needs --format combined|common|caddy-json') });
    expect(await cairn(['import-log', log, '--site', 'example.com', '--format', 'w3c'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown --format "w3c"') });
    expect(await cairn(['import-log', log, '--format', 'combined'])).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --site') });
    expect(await cairn(['import-log', '--site', 'example.com', '--format', 'combined'])).toMatchObject({ code: 2, stderr: expect.stringContaining('import-log needs a file') });
    expect(await cairn(['import-log', log, '--site', 'nope.org', '--format', 'combined'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no site "nope.org"') });
    expect(await cairn(['import-log', path.join(dataDir, 'missing.log'), '--site', 'example.com', '--format', 'combined'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') });
    const json = await cairn(['import-log', log, '--site', 'example.com', '--format', 'common', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ error: expect.stringContaining('line 1: not in the common log format') });
    expect(await eventCount()).toBe(before);
  });

  it('reports a truncated .gz as where the input broke off', async () => {
    const gz = gzipSync(`${Array.from({ length: 2_000 }, () => line()).join('\n')}\n`);
    const target = path.join(dataDir, 'cut.log.gz');
    fs.writeFileSync(target, gz.subarray(0, gz.length - 20));
    const result = await cairn(['import-log', target, '--site', 'example.com', '--format', 'combined']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line \d+: cannot read the input: .*get a complete file/);
  });
});
