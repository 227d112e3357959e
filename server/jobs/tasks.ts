import type { Logger } from '../log.ts';

/** Where a task runs: heavy ones in the job worker, with its own connection; tiny ones beside the collector. */
export type TaskThread = 'worker' | 'main';

export interface TaskSpec {
  readonly name: string;
  readonly everyMs: number;
  /** Also once right after the server starts listening. */
  readonly atStart: boolean;
  readonly thread: TaskThread;
  /** Logs what a run did; quiet when it did nothing, so an idle server's log stays empty. */
  readonly report: (log: Logger, output: never) => void;
}

interface RollupOutput {
  days: number;
  events: number;
  ms: number;
  failed?: ReadonlyArray<{ site: string; day: string; error: string }>;
}

interface RetentionOutput {
  sites: ReadonlyArray<{ domain: string; rawEvents: number; aggregateRows: number }>;
}

/**
 * Every periodic task of the server, in one table. Each task's state lives in the database (and
 * the rollup and retention take a lease there), so several servers may run the same table.
 */
export const TASKS: readonly TaskSpec[] = [
  {
    // Closed days become aggregates within a minute of closing.
    name: 'rollup',
    everyMs: 60_000,
    atStart: true,
    thread: 'worker',
    report: (log, out: RollupOutput) => {
      if (out.days > 0) log.info('rollup', { days: out.days, events: out.events, ms: out.ms });
      for (const f of out.failed ?? []) log.error('rollup of a day failed; it is retried later', f);
    },
  },
  {
    // Hourly, cheap when there is nothing to delete, so a day's raw events go within an hour of
    // passing their retention whatever time the server started. Expired sessions and stale
    // sign-in throttle rows go with them.
    name: 'retention',
    everyMs: 3_600_000,
    atStart: false,
    thread: 'worker',
    report: (log, out: RetentionOutput) => {
      if (out.sites.some((s) => s.rawEvents + s.aggregateRows > 0)) log.info('retention', { sites: out.sites });
    },
  },
  {
    // Salts no site's day can use are deleted, from the database and from this process's memory.
    name: 'purge-salts',
    everyMs: 5 * 60_000,
    atStart: true,
    thread: 'main',
    report: (log, deleted: number) => {
      if (deleted > 0) log.debug('salts purged', { deleted });
    },
  },
];
