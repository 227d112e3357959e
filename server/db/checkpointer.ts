import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the event loop. By default SQLite checkpoints inside whichever commit
 * pushes the WAL past 1,000 pages, copying megabytes and syncing them while every request waits.
 * A worker thread with its own connection checkpoints every second instead; the main connection
 * keeps a far higher automatic threshold only as a backstop, should the worker ever fall behind.
 */
export function startCheckpointer(sqlite: Database.Database, file: string, intervalMs = 1_000) {
  sqlite.pragma('wal_autocheckpoint = 20000');
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { file, intervalMs } });
  worker.unref();
  return {
    /** Closes the worker's connection, so the main connection's close can checkpoint and remove the WAL. */
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('message', () => void worker.terminate().then(done, done));
        worker.once('error', done);
        worker.once('exit', done);
        worker.postMessage('stop');
      }),
  };
}
