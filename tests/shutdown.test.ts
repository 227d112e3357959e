import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/connect.ts';
import { startServer } from './helpers/start-server.ts';

describe('graceful shutdown', () => {
  it('stores every event it acknowledged, even when SIGTERM arrives mid-burst', async () => {
    const server = await startServer();
    await server.addSite('drain.test');
    const send = (i: number) =>
      fetch(`${server.baseUrl}/api/event`, {
        method: 'POST',
        body: JSON.stringify({ n: 'pageview', u: `https://drain.test/p${i}`, d: 'drain.test' }),
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0' },
      }).then(
        (res) => res.status,
        () => 0, // refused once the server stopped listening: not acknowledged, fine
      );
    const burst = Array.from({ length: 400 }, (_, i) => send(i));
    await new Promise((r) => setTimeout(r, 20));
    const exit = server.stop();
    const statuses = await Promise.all(burst);
    expect(await exit).toBe(0);

    const accepted = statuses.filter((s) => s === 202).length;
    expect(accepted).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 202 || s === 0)).toBe(true);
    const db = openDatabase(`${server.dataDir}/cairn.db`);
    const stored = await db.kysely.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await db.close();
    expect(Number(stored.n)).toBe(accepted);
    expect(server.output()).toContain('stopped');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });
});
