import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface CheckpointerOptions {
  intervalMs?: number;
  /** WAL size past which a fully copied WAL is truncated at once. */
  walLimit?: number;
  /** A checkpoint failed for a reason other than a busy lock (disk full, I/O error). */
  onError?: (error: { code: string; message: string }) => void;
}

/**
 * Moves WAL checkpoints off the event loop. By default SQLite checkpoints inside whichever commit
 * pushes the WAL past 1,000 pages, copying megabytes and syncing them while every request waits.
 * A worker thread with its own connection checkpoints every second instead; the main connection
 * keeps a far higher automatic threshold only as a backstop, should the worker ever fall behind.
 */
export function startCheckpointer(sqlite: Database.Database, file: string, options: CheckpointerOptions = {}) {
  sqlite.pragma('wal_autocheckpoint = 20000');
  const workerData = { file, intervalMs: options.intervalMs ?? 1_000, walLimit: options.walLimit ?? 16 * 1024 * 1024 };
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData });
  worker.unref();
  worker.on('message', (message: { type: string; code?: string; message?: string }) => {
    if (message.type === 'error') options.onError?.({ code: message.code ?? '', message: message.message ?? '' });
  });
  return {
    /** Closes the worker's connection, so the main connection's close can checkpoint and remove the WAL. */
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'stopped') void worker.terminate().then(done, done);
        });
        worker.once('error', done);
        worker.once('exit', done);
        worker.postMessage('stop');
      }),
  };
}
