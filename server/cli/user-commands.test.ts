import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogin } from '../auth/users.ts';
import { createSession } from '../auth/sessions.ts';
import { openDatabase } from '../db/connect.ts';
import { childEnv } from '../../tests/helpers/child-env.ts';
import { runCairn } from '../../tests/helpers/test-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dataDir: string;
const cairn = (args: string[]) => runCairn(args, { DATA_DIR: dataDir });
/** Opens the CLI's database for a look at what the commands did. */
async function withDb<T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase(path.join(dataDir, 'cairn.db'));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-user-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cairn user', () => {
  it('adds a user with a generated password printed alone on stdout', async () => {
    const out = await cairn(['user', 'add', 'You@Example.com']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^[A-Za-z0-9_-]{24}\n$/);
    expect(await withDb((db) => checkLogin(db.kysely, 'you@example.com', out.stdout.trim()))).toMatchObject({ email: 'you@example.com' });
    expect((await cairn(['user', 'add', 'you@example.com'])).code).toBe(2); // exists
    expect((await cairn(['user', 'add', 'not-an-email'])).code).toBe(2);
  });

  it('prints JSON with the generated password, and lists users', async () => {
    const added = JSON.parse((await cairn(['user', 'add', 'second@example.com', '--json'])).stdout);
    expect(added).toEqual({ email: 'second@example.com', password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    const list = JSON.parse((await cairn(['user', 'list', '--json'])).stdout);
    expect(list).toEqual([
      { email: 'you@example.com', created_at: expect.any(String), sessions: 0 },
      { email: 'second@example.com', created_at: expect.any(String), sessions: 0 },
    ]);
    expect((await cairn(['user', 'list'])).stdout).toMatch(/^email\s+created_at\s+sessions\nyou@example.com/);
  });

  it("resets a password and ends that user's sessions", async () => {
    await withDb(async (db) => {
      const { id } = await db.kysely.selectFrom('users').select('id').where('email', '=', 'second@example.com').executeTakeFirstOrThrow();
      await createSession(db.kysely, id);
    });
    expect(JSON.parse((await cairn(['user', 'list', '--json'])).stdout).map((u: { sessions: number }) => u.sessions)).toEqual([0, 1]);
    const reset = JSON.parse((await cairn(['user', 'password', 'SECOND@example.com', '--json'])).stdout);
    expect(reset.email).toBe('second@example.com');
    expect(await withDb((db) => checkLogin(db.kysely, 'second@example.com', reset.password))).not.toBeNull();
    expect(JSON.parse((await cairn(['user', 'list', '--json'])).stdout).map((u: { sessions: number }) => u.sessions)).toEqual([0, 0]);
    expect((await cairn(['user', 'password', 'nobody@example.com'])).code).toBe(2);
  });

  it('deletes a user', async () => {
    expect(JSON.parse((await cairn(['user', 'delete', 'second@example.com', '--json'])).stdout)).toEqual({ deleted: 'second@example.com' });
    expect((await cairn(['user', 'delete', 'second@example.com'])).code).toBe(2);
    expect(JSON.parse((await cairn(['user', 'list', '--json'])).stdout)).toHaveLength(1);
  });

  it('reads the password from stdin with --password-stdin, refusing short ones', async () => {
    const run = (args: string[], input: string) =>
      spawnSync(process.execPath, ['bin/cairn.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env: childEnv({ DATA_DIR: dataDir }) });
    const ok = run(['user', 'add', 'piped@example.com', '--password-stdin', '--json'], 'a long piped password\n');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ email: 'piped@example.com' });
    expect(await withDb((db) => checkLogin(db.kysely, 'piped@example.com', 'a long piped password'))).not.toBeNull();
    const short = run(['user', 'add', 'short@example.com', '--password-stdin'], 'too short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
  });
});
