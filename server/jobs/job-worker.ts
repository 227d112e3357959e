// The job worker thread: rollups and retention with a database connection of their own, so their
// reads and computation never hold up the collector's event loop.
import { workerData } from 'node:worker_threads';
import { purgeLoginThrottle } from '../auth/login-throttle.ts';
import { deleteExpiredSessions } from '../auth/sessions.queries.ts';
import { openDatabase } from '../db/connect.ts';
import { runRetention } from '../retention/run.ts';
import { runRollup } from '../rollup/run.ts';
import { serveWorker } from '../threads/serve-worker.ts';

export interface JobWorkerInput {
  databasePath: string;
  /** Set to 1 by the main thread on shutdown; shared memory, read between days without waiting for the event loop. */
  stopFlag: Int32Array;
}

const { databasePath, stopFlag } = (workerData as { input: JobWorkerInput }).input;
const db = openDatabase(databasePath);
const shouldStop = () => Atomics.load(stopFlag, 0) === 1;

serveWorker({
  rollup: () => runRollup(db, { shouldStop }),
  retention: async () => {
    await deleteExpiredSessions(db.kysely, Date.now());
    // A quiet spell must not leave the last failed sign-in's address hash behind for ever.
    await purgeLoginThrottle(db.kysely);
    return runRetention(db, { shouldStop });
  },
});
