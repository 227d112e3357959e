import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApiKey } from '../admin/api-keys.ts';
import { openDatabase } from '../db/connect.ts';
import { runCairn } from '../../tests/helpers/test-cli.ts';

let dataDir: string;

const cairn = (args: string[]) => runCairn(args, { DATA_DIR: dataDir });
const json = async (args: string[]) => JSON.parse((await (await cairn([...args, '--json']))).stdout);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-keys-'));
  expect((await cairn(['site', 'add', 'example.com']))).toMatchObject({ code: 0 });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cairn key', () => {
  it('creates a key, printing it alone on stdout and a warning on stderr', async () => {
    const created = (await cairn(['key', 'create', '--site', 'example.com', '--name', 'ci']));
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^cairn_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toMatch(/will not be shown again/);
    const db = openDatabase(path.join(dataDir, 'cairn.db'));
    try {
      expect(await verifyApiKey(db.kysely, created.stdout.trim())).toMatchObject({ siteId: 1, scope: 'read' });
    } finally {
      await db.close();
    }
  });

  it('answers --json with the key, prefix, site and scope, then lists without the key', async () => {
    const created = (await json(['key', 'create', '--scope', 'admin']));
    expect(created).toEqual({ key: expect.stringMatching(/^cairn_/), prefix: created.key.slice(0, 12), site: null, scope: 'admin' });
    const listed = (await cairn(['key', 'list', '--json'])).stdout;
    expect(JSON.parse(listed)).toMatchObject([
      { site: 'example.com', scope: 'read', name: 'ci', last_used_at: expect.any(String) },
      { prefix: created.prefix, site: null, scope: 'admin', last_used_at: null },
    ]);
    expect(listed).not.toContain(created.key.slice(12));
    expect((await cairn(['key', 'list'])).stdout).toMatch(/^prefix\s+site\s+scope/);
  });

  it('revokes by prefix, and says so when there is nothing to revoke', async () => {
    const { prefix } = (await json(['key', 'create', '--scope', 'write']));
    expect((await json(['key', 'revoke', prefix]))).toEqual({ revoked: prefix });
    expect((await cairn(['key', 'revoke', prefix]))).toMatchObject({ code: 2, stderr: expect.stringContaining('no API key') });
    expect((await json(['key', 'list'])).map((k: { prefix: string }) => k.prefix)).not.toContain(prefix);
  });

  it('refuses unknown scopes, unknown sites and site-bound admin keys', async () => {
    expect((await cairn(['key', 'create', '--scope', 'root']))).toMatchObject({ code: 2, stderr: expect.stringContaining('read, write or admin') });
    expect((await cairn(['key', 'create', '--site', 'nope.org']))).toMatchObject({ code: 2, stderr: expect.stringContaining('no site') });
    expect((await cairn(['key', 'create', '--site', 'example.com', '--scope', 'admin']))).toMatchObject({ code: 2 });
    expect((await cairn(['key', 'revoke']))).toMatchObject({ code: 2, stderr: expect.stringContaining('needs the key prefix') });
  });
});

describe('cairn goal', () => {
  it('adds, lists and deletes goals', async () => {
    expect((await cairn(['goal', 'add', 'example.com', '--page', '/signup/**']))).toMatchObject({ code: 0, stdout: 'added goal "Visit /signup/**" (page /signup/**)\n' });
    expect((await json(['goal', 'add', 'example.com', '--event', 'Purchase', '--name', 'Bought']))).toEqual({ id: 2, name: 'Bought', kind: 'event', pattern: 'Purchase' });
    expect((await json(['goal', 'list', 'example.com']))).toEqual([
      { id: 1, name: 'Visit /signup/**', kind: 'page', pattern: '/signup/**' },
      { id: 2, name: 'Bought', kind: 'event', pattern: 'Purchase' },
    ]);
    expect((await cairn(['goal', 'list', 'example.com'])).stdout).toMatch(/^id\s+name\s+kind\s+pattern\n/);
    expect((await json(['goal', 'delete', 'example.com', 'Visit /signup/**']))).toMatchObject({ name: 'Visit /signup/**' });
    expect((await json(['goal', 'list', 'example.com']))).toHaveLength(1);
  });

  it('explains bad goals and exits 2', async () => {
    expect((await cairn(['goal', 'add', 'example.com', '--event', 'Purchase', '--name', 'Bought']))).toMatchObject({ code: 2, stderr: expect.stringContaining('already has a goal') });
    expect((await cairn(['goal', 'add', 'example.com', '--page', 'signup']))).toMatchObject({ code: 2, stderr: expect.stringContaining('starting with /') });
    expect((await cairn(['goal', 'add', 'example.com']))).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one') });
    expect((await cairn(['goal', 'list', 'nope.org']))).toMatchObject({ code: 2, stderr: expect.stringContaining('no site') });
    expect((await cairn(['goal', 'delete', 'example.com', 'Nothing']))).toMatchObject({ code: 2, stderr: expect.stringContaining('no goal named') });
    expect((await json(['goal', 'delete', 'example.com']))).toMatchObject({ error: expect.stringContaining('needs a domain and a goal name') });
  });
});

describe('cairn site set retention', () => {
  it('sets both retention settings and shows them', async () => {
    expect((await json(['site', 'set', 'example.com', '--raw-retention-days', '90', '--aggregate-retention-months', '24']))).toMatchObject({
      raw_retention_days: 90,
      aggregate_retention_months: 24,
    });
    expect((await json(['site', 'list']))[0]).toMatchObject({ raw_retention_days: 90, aggregate_retention_months: 24 });
  });

  it('refuses what is not a whole number in range', async () => {
    expect((await cairn(['site', 'set', 'example.com', '--raw-retention-days', '3651']))).toMatchObject({ code: 2, stderr: expect.stringContaining('0 to 3650') });
    expect((await cairn(['site', 'set', 'example.com', '--aggregate-retention-months', '1e2']))).toMatchObject({ code: 2, stderr: expect.stringContaining('whole number') });
    expect((await cairn(['site', 'set', 'example.com', '--raw-retention-days', '']))).toMatchObject({ code: 2 });
    expect((await json(['site', 'list']))[0]).toMatchObject({ raw_retention_days: 90 });
  });
});
