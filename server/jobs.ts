import type { Identity } from './collect/identity.ts';
import type { Logger } from './log.ts';

/**
 * Periodic work inside the server process. Each job's state lives in the database, so
 * several server processes may run them side by side.
 */
export function startJobs(deps: { identity: Identity; log: Logger }) {
  const { identity, log } = deps;
  const run = async (name: string, job: () => Promise<unknown>) => {
    try {
      await job();
    } catch (error) {
      log.error(`job ${name} failed`, { error: String(error) });
    }
  };
  const purge = () => run('purge-salts', () => identity.purgeSalts());
  void purge();
  const timers = [setInterval(purge, 5 * 60_000)];
  for (const t of timers) t.unref();
  return { stop: () => timers.forEach(clearInterval) };
}
