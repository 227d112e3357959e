import type { Db } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { QueryAnswer } from '../query/answer-query.ts';
import { createWorkerClient } from '../threads/worker-client.ts';
import type { QueryWorkerInput } from './query-worker.ts';
import { createQueryTasks, type PropKeysInput, type QueryInput } from './query-tasks.ts';

export interface QueryLimits {
  /** A query still running after this is stopped with a 503 that says so. */
  timeoutMs: number;
  /** The query worker's heap; a query that needs more fails alone, with a 503 that says so. */
  memoryMb: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { timeoutMs: 30_000, memoryMb: 1_024 };

/** Where the API's heavy reads run: the query worker, or in-process over an in-memory database. */
export interface QueryExecutor {
  query(input: QueryInput): Promise<QueryAnswer>;
  propKeys(input: PropKeysInput): Promise<string[]>;
  heldEvents(): Promise<number>;
  close(): Promise<void>;
}

/**
 * With a database file, one query worker thread runs every query, one at a time, with its own
 * connection: a query over a day of 750,000 raw events then costs the dashboard seconds, but the
 * collector nothing. A query is bounded twice: in time (the worker is stopped and started again)
 * and in memory (the worker's heap limit). Either way the caller gets a 503 naming the bound.
 */
export function createQueryExecutor(db: Db, limits: QueryLimits, log: Logger): QueryExecutor {
  if (db.file === null) {
    const tasks = createQueryTasks(db);
    return { ...tasks, close: async () => {} };
  }
  const worker = createWorkerClient({
    entry: new URL('./query-worker.ts', import.meta.url),
    input: { databasePath: db.file } satisfies QueryWorkerInput,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    // A person waits for a query, but the collector's clients come first.
    priority: 5,
    onExit: (reason) => log.warn('query worker stopped; the next query starts a new one', { reason }),
  });
  const call = <T>(task: string, input: unknown) =>
    worker.call<T>(task, input, { timeoutMs: limits.timeoutMs }).catch((error: unknown) => {
      throw explain(error, limits);
    });
  return {
    query: (input) => call('query', input),
    propKeys: (input) => call('propKeys', input),
    heldEvents: () => call('heldEvents', {}),
    close: () => worker.stop(),
  };
}

/** A worker that was stopped or died says why in the client's terms. */
function explain(error: unknown, limits: QueryLimits): unknown {
  if (!(error instanceof AppError) || error.code !== 'worker_failed') return error;
  if (/longer than/.test(error.message)) {
    return new AppError(503, 'query_timeout', `the query ran longer than ${limits.timeoutMs / 1000} s and was stopped; choose a shorter date range or fewer filters`);
  }
  if (/memory/.test(error.message)) {
    return new AppError(503, 'query_too_large', 'the query needed more memory than one query may use and was stopped; choose a shorter date range or fewer filters');
  }
  return new AppError(503, 'query_failed', 'the query could not be answered; try again');
}
