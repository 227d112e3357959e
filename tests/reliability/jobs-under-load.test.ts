import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSite } from '../../server/admin/sites.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { childEnv } from '../helpers/child-env.ts';
import { writeHistory } from '../helpers/history.ts';
import { missingPaths, startLoad } from '../helpers/load.ts';
import { startServer } from '../helpers/start-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npx cairn …` against a data directory, as an admin runs it beside the server. */
function cairn(dataDir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/cairn.js', ...args], { cwd: ROOT, env: childEnv({ DATA_DIR: dataDir }) });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const countOf = async (file: string, table: 'events' | 'rollup_days') => {
  const db = openDatabase(file);
  const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await db.close();
  return Number(row.n);
};

describe('jobs while events arrive', () => {
  it('`cairn rollup` and `cairn retention run` succeed during ingest, and lose nothing acknowledged', async () => {
    const server = await startServer();
    const site = await server.addSite('jobs.test');
    const file = path.join(server.dataDir, 'cairn.db');
    const load = startLoad(server.baseUrl, 'jobs.test', { concurrency: 8 });
    // History the server's own rollup has not seen yet (it ran at start, before it existed).
    const db = openDatabase(file);
    await writeHistory(db, site.id, { events: 40_000, days: 10 });
    await db.close();

    // The server's own first rollup may still hold the lease (its worker starts slowly on a busy
    // machine): then the command says so and does nothing, and is run again, as an admin would.
    for (let attempt = 0; attempt < 60; attempt++) {
      const rollup = await cairn(server.dataDir, ['rollup', '--json']);
      expect(rollup.output).not.toMatch(/database is locked/i);
      expect(rollup.code).toBe(0);
      if (!JSON.parse(rollup.output).locked) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await countOf(file, 'rollup_days')).toBeGreaterThanOrEqual(8);

    await server.changeSite('jobs.test', { rawRetentionDays: 1 });
    const before = await countOf(file, 'events');
    const retention = await cairn(server.dataDir, ['retention', 'run', '--json']);
    expect(retention.output).not.toMatch(/database is locked/i);
    expect(retention.code).toBe(0);
    expect(await countOf(file, 'events')).toBeLessThan(before);

    const report = await load.stop();
    expect(report.statuses[503] ?? 0).toBe(0);
    const check = openDatabase(file);
    const stored = await check.kysely.selectFrom('events').select('pathname').where('pathname', 'like', '/load/%').execute();
    await check.close();
    expect(missingPaths(report.acked, stored)).toEqual([]);
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }, 120_000);

  it('two servers on one data directory start together and share the jobs without errors', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-two-'));
    // Both start on an empty directory at once: both migrate, neither dies.
    const [a, b] = await Promise.all([startServer({}, { dataDir }), startServer({}, { dataDir })]);
    const db = openDatabase(path.join(dataDir, 'cairn.db'));
    await migrateToLatest(db.kysely);
    const site = await addSite(db.kysely, { domain: 'two.test' });
    await writeHistory(db, site.id, { events: 30_000, days: 8 });
    await db.close();
    const loads = [startLoad(a.baseUrl, 'two.test', { tag: 'a' }), startLoad(b.baseUrl, 'two.test', { tag: 'b' })];
    // A restart of each, in turn, runs its rollup at start while the other takes events.
    await a.stop();
    const a2 = await startServer({}, { dataDir });
    const file = path.join(dataDir, 'cairn.db');
    for (let i = 0; i < 600 && (await countOf(file, 'rollup_days')) < 7; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await countOf(file, 'rollup_days')).toBeGreaterThanOrEqual(7);
    const reports = await Promise.all(loads.map((l) => l.stop()));
    await Promise.all([a2.stop(), b.stop()]);
    for (const output of [a.output(), a2.output(), b.output()]) {
      expect(output).not.toMatch(/failed|locked|"level":"error"/i);
    }
    const check = openDatabase(file);
    const stored = await check.kysely.selectFrom('events').select('pathname').execute();
    await check.close();
    for (const r of reports) expect(missingPaths(r.acked, stored)).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
