import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../../tests/helpers/child-env.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
let dataDir: string;

/** Runs the package's bin with node, as cli.test.ts does; `input` becomes its stdin. */
function cairn(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bin/cairn.js'), ...args], {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: dataDir }),
      encoding: 'utf8',
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ts: '2026-05-01T10:00:00Z', url: 'https://example.com/', ua: CHROME, ip: '203.0.113.7', ...over });
function file(name: string, lines: string[]): string {
  const target = path.join(dataDir, name);
  const text = `${lines.join('\n')}\n`;
  fs.writeFileSync(target, name.endsWith('.gz') ? gzipSync(text) : text);
  return target;
}
function eventCount(): number {
  const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-'));
  expect(cairn(['site', 'add', 'example.com', '--timezone', 'Europe/Berlin']).code).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npx cairn import', () => {
  it('imports a file and summarises what it skipped', () => {
    const bot = line({ ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    const result = cairn(['import', file('a.ndjson', [line(), line({ ts: 1_777_629_600_000 }), '', bot, line({ url: 'https://elsewhere.org/' })]), '--site', 'example.com']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('imported 2 events from 5 lines\nskipped 2 (dropped as the collector would: bot 1, hostname not allowed 1)\n');
    expect(eventCount()).toBe(2);
  });

  it('reads a .gz file and answers --json', () => {
    const result = cairn(['import', file('b.ndjson.gz', [line(), line()]), '--site', 'example.com', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({ lines: 2, imported: 2, skipped: 0, skippedBy: {}, rejected: 0, rejections: [] });
    expect(eventCount()).toBe(4);
  });

  it('stops at a malformed line with exit code 2, keeping the events before it', () => {
    const result = cairn(['import', '-', '--site', 'example.com'], [line(), line(), line({ url: 'ftp://example.com/' }), line()].join('\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('line 3: url must be http or https (imported 2 events before line 3)');
    expect(result.stderr).toContain('fix the line (or use --skip-invalid) and import from line 3 on (tail -n +3)');
    expect(eventCount()).toBe(6);
  });

  it('with --skip-invalid, reports the rejected lines and goes on', () => {
    const result = cairn(['import', file('c.ndjson', [line(), 'nonsense', line({ ts: '2999-01-01T00:00:00Z' }), line()]), '--site', 'example.com', '--skip-invalid']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('imported 2 events from 4 lines\nrejected 2 malformed lines:\n  line 2: not valid JSON\n  line 3: ts is in the future\n');
    expect(eventCount()).toBe(8);
  });

  it('refuses an unknown site or a missing file before reading anything', () => {
    expect(cairn(['import', file('d.ndjson', [line()]), '--site', 'nope.org'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no site "nope.org"') });
    expect(cairn(['import', path.join(dataDir, 'missing.ndjson'), '--site', 'example.com'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') });
    expect(eventCount()).toBe(8);
  });
});
