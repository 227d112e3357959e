import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { missingPaths, startLoad } from '../helpers/load.ts';
import { startServer } from '../helpers/start-server.ts';

describe('kill -9 under load', () => {
  it('has stored every event it acknowledged, and starts again on the same file', async () => {
    const server = await startServer();
    await server.addSite('kill.test');
    const load = startLoad(server.baseUrl, 'kill.test', { concurrency: 16 });
    while (load.count() < 3_000) await new Promise((resolve) => setTimeout(resolve, 20));
    await server.kill();
    const report = await load.stop();
    expect(report.acked.length).toBeGreaterThan(2_000);

    const db = openDatabase(path.join(server.dataDir, 'cairn.db'));
    const stored = await db.kysely.selectFrom('events').select('pathname').execute();
    await db.close();
    expect(missingPaths(report.acked, stored)).toEqual([]);

    const again = await startServer({}, { dataDir: server.dataDir });
    expect((await fetch(`${again.baseUrl}/healthz`)).status).toBe(200);
    expect(await again.stop()).toBe(0);
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });
});
