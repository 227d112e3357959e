// A worker for server/threads tests: tasks that answer, fail, spin or eat memory on request.
import { serveWorker } from '../../server/threads/serve-worker.ts';
import { AppError } from '../../server/errors.ts';

const hoard: unknown[] = [];

serveWorker({
  echo: async (input: unknown) => input,
  fail: async () => {
    throw new AppError(422, 'nope', 'refused on purpose');
  },
  crash: async () => {
    throw Object.assign(new Error('plain failure'), { code: 'E_TEST' });
  },
  spin: async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // synchronous, as a long SQLite read is
    }
    return 'spun';
  },
  hoard: async () => {
    for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
  },
});
