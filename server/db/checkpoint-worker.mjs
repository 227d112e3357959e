// Runs in a worker thread: copies the WAL into the database file every second, so that work (and
// its fsync) happens beside the collector's event loop instead of inside a commit.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs, walLimit } = workerData;
const db = new Database(file);
// A TRUNCATE checkpoint holds off new writers while it waits for readers: never for long.
db.pragma('busy_timeout = 25');
db.pragma(`journal_size_limit = ${walLimit}`);

const walSize = () => {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

const report = (error) => {
  const code = String(error?.code ?? '');
  // Busy or locked: another connection is mid-transaction; the next tick tries again.
  if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') return;
  parentPort.postMessage({ type: 'error', code, message: String(error?.message ?? error) });
};

const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // Everything copied back but the file still large (a burst, or readers that held the WAL
    // open): cut it now rather than wait for the next writer to restart it.
    if (result && result.log > 0 && result.checkpointed === result.log && walSize() > walLimit) {
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } catch (error) {
    report(error);
  }
}, intervalMs);

parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ type: 'stopped' });
  }
});
