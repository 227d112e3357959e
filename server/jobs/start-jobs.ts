import type { Logger } from '../log.ts';
import { createWorkerClient } from '../threads/worker-client.ts';
import type { JobWorkerInput } from './job-worker.ts';
import { TASKS, type TaskSpec } from './tasks.ts';

export interface JobsOptions {
  databasePath: string;
  log: Logger;
  /** The tasks that run beside the collector, by name (see TASKS). */
  main: Readonly<Record<string, () => Promise<unknown>>>;
  /** Tests and benches shorten or replace the table. */
  tasks?: readonly TaskSpec[];
}

/**
 * Runs the task table: worker tasks in one job worker thread (one at a time, in the order they
 * fell due), main tasks here. A run that is still going when its next turn comes is not started
 * twice.
 */
export function startJobs({ databasePath, log, main, tasks = TASKS }: JobsOptions) {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = createWorkerClient({
    entry: new URL('./job-worker.ts', import.meta.url),
    input: { databasePath, stopFlag } satisfies JobWorkerInput,
    // Jobs can wait; a visitor's request cannot.
    priority: 10,
    onExit: (reason) => log.error('job worker stopped; it starts again with the next job', { reason }),
  });
  const running = new Map<string, Promise<void>>();
  let stopping = false;

  function run(task: TaskSpec): Promise<void> {
    const under = running.get(task.name);
    if (under) return under;
    const started = Date.now();
    const work = task.thread === 'worker' ? worker.call(task.name, {}) : (main[task.name] ?? missing(task.name))();
    const done = work
      .then((output) => task.report(log, output as never))
      .catch((error: unknown) => {
        // The stack says where: the worker's own for errors that crossed from it.
        const fields = { error: String((error as Error)?.stack ?? error), ms: Date.now() - started };
        // A job cut short by shutdown is not a failure: the next start (or another server) redoes its day.
        if (stopping) log.info(`job ${task.name} stopped by the shutdown`, fields);
        else log.error(`job ${task.name} failed`, fields);
      })
      .finally(() => running.delete(task.name));
    running.set(task.name, done);
    return done;
  }

  const timers = tasks.map((task) => setInterval(() => void run(task), task.everyMs));
  for (const t of timers) t.unref();
  for (const task of tasks) if (task.atStart) void run(task);

  return {
    /** Runs a task now (or joins the run under way); for tests and the CLI-less admin paths. */
    run: (name: string) => {
      const task = tasks.find((t) => t.name === name);
      return task ? run(task) : Promise.reject(new Error(`no task ${name}`));
    },
    /**
     * Stops the timers and asks a run under way to end after its current day or batch (releasing
     * its lease, so another server need not wait for it to expire); waits up to `graceMs` for it,
     * then stops the worker.
     */
    async stop(graceMs = 10_000) {
      stopping = true;
      Atomics.store(stopFlag, 0, 1);
      timers.forEach(clearInterval);
      await Promise.race([Promise.allSettled(running.values()), new Promise((resolve) => setTimeout(resolve, graceMs))]);
      await worker.stop(0);
    },
  };
}

export type Jobs = ReturnType<typeof startJobs>;

const missing = (name: string) => () => Promise.reject(new Error(`task ${name} has no main-thread function`));
