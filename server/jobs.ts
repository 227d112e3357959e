import type { Identity } from './collect/identity.ts';
import type { Db } from './db/connect.ts';
import { deleteExpiredSessions } from './auth/sessions.queries.ts';
import { runRetention } from './retention/run.ts';
import { runRollup } from './rollup/run.ts';
import type { Logger } from './log.ts';

/**
 * Periodic work inside the server process. Each job's state lives in the database, so
 * several server processes may run them side by side.
 */
export function startJobs(deps: { db: Db; identity: Identity; log: Logger }) {
  const { db, identity, log } = deps;
  const run = async (name: string, job: () => Promise<unknown>) => {
    try {
      await job();
    } catch (error) {
      log.error(`job ${name} failed`, { error: String(error) });
    }
  };
  const purge = () => run('purge-salts', () => identity.purgeSalts());
  // One rollup at a time in this process; across processes the database lease decides.
  let rolling: Promise<void> | null = null;
  const rollup = () =>
    (rolling ??= run('rollup', async () => {
      const report = await runRollup(db);
      if (report.days > 0) log.info('rollup', { days: report.days, events: report.events, ms: report.ms });
    }).finally(() => (rolling = null)));
  // Retention runs hourly (cheap when there is nothing to delete) so a day's raw events go
  // within an hour of passing their retention, whatever time the server started. Expired
  // sessions go with it.
  const retention = () =>
    run('retention', async () => {
      await deleteExpiredSessions(db.kysely, Date.now());
      const report = await runRetention(db);
      const deleted = report.sites.reduce((n, s) => n + s.rawEvents + s.aggregateRows, 0);
      if (deleted > 0) log.info('retention', { sites: report.sites });
    });
  void purge();
  void rollup();
  const timers = [setInterval(purge, 5 * 60_000), setInterval(rollup, 60_000), setInterval(retention, 3_600_000)];
  for (const t of timers) t.unref();
  return {
    /** Stops the timers and waits for a job under way, so the database can close after it. */
    async stop() {
      timers.forEach(clearInterval);
      await rolling;
    },
  };
}
