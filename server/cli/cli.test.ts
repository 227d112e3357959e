import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childEnv } from '../../tests/helpers/child-env.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

/**
 * Runs the package's bin. The first test goes through `npx cairn` exactly as a user would;
 * the rest call the same file with node directly, which skips npx's second of start-up.
 */
function cairn(args: string[], viaNpx = false): { code: number; stdout: string; stderr: string } {
  const [cmd, argv] = viaNpx
    ? ['npx', ['--no-install', 'cairn', ...args]]
    : [process.execPath, [path.join(ROOT, 'bin/cairn.js'), ...args]];
  try {
    const stdout = execFileSync(cmd, argv, {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: dataDir }),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npx cairn', () => {
  it('adds a site and prints its id, creating the database on first use', () => {
    const add = cairn(['site', 'add', 'example.com', '--timezone', 'Europe/Berlin'], true);
    expect(add).toMatchObject({ code: 0, stdout: '1\n' });
    expect(fs.existsSync(path.join(dataDir, 'cairn.db'))).toBe(true);
  });

  it('answers --json for machines', () => {
    const add = cairn(['site', 'add', 'https://Other.org/', '--json']);
    expect(JSON.parse(add.stdout)).toMatchObject({ id: 2, domain: 'other.org', timezone: 'UTC' });
    const list = cairn(['site', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { id: 1, domain: 'example.com', timezone: 'Europe/Berlin' },
      { id: 2, domain: 'other.org' },
    ]);
  });

  it('lists sites as a table', () => {
    const list = cairn(['site', 'list']);
    expect(list.stdout.split('\n')[0]).toMatch(/^id\s+domain\s+timezone/);
    expect(list.stdout).toContain('example.com');
  });

  it('changes settings with site set', () => {
    const set = cairn(['site', 'set', 'example.com', '--exclude-ips', '10.0.0.0/8,192.168.0.0/16', '--honor-dnt', 'true', '--json']);
    expect(JSON.parse(set.stdout)).toMatchObject({ excluded_ips: ['10.0.0.0/8', '192.168.0.0/16'], honor_dnt: true });
  });

  it('explains bad input and exits non-zero', () => {
    expect(cairn(['site', 'add', 'example.com'])).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
    expect(cairn(['site', 'add', 'x.org', '--timezone', 'Nowhere/Here'])).toMatchObject({ code: 2, stderr: expect.stringContaining('IANA') });
    expect(cairn(['site', 'add'])).toMatchObject({ code: 2, stderr: expect.stringContaining('needs a domain') });
    expect(cairn(['site', 'add', 'y.org', '--bogus'])).toMatchObject({ code: 2 });
    expect(cairn(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage') });
    expect(JSON.parse(cairn(['site', 'add', 'example.com', '--json']).stdout)).toMatchObject({ error: expect.stringContaining('already exists') });
  });
});
