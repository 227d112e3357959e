import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors.ts';
import type { WorkerReady, WorkerRequest, WorkerResponse } from './worker-protocol.ts';

export interface WorkerClientOptions {
  /** The worker's module (a file URL); it calls serveWorker. */
  entry: URL;
  /** Passed to the worker as `workerData.input`: plain data only. */
  input?: unknown;
  /** Nice value for the worker's thread (0 to 19; higher yields the CPU to the collector). */
  priority?: number;
  /** A worker past these limits dies alone (ERR_WORKER_OUT_OF_MEMORY), not the server. */
  resourceLimits?: ResourceLimits;
  /** Calls waiting or running at most; past it a call fails at once with 503 rather than wait minutes. */
  maxQueue?: number;
  /** Called when the worker dies unasked (a crash, its memory limit); the next call starts a new one. */
  onExit?: (reason: string) => void;
}

export interface CallOptions {
  /**
   * Past this much time running (the worker runs calls one at a time; waiting in line does not
   * count), the worker is stopped, since its synchronous work cannot be interrupted any other
   * way, and the call fails with 503.
   */
  timeoutMs?: number;
}

interface Pending {
  request: WorkerRequest;
  resolve(output: unknown): void;
  reject(error: unknown): void;
  timeoutMs?: number;
  timer?: NodeJS.Timeout;
  retried: boolean;
}

/**
 * The main thread's side of a worker thread that runs heavy work (rollups, retention, queries)
 * with its own database connection, so the collector's event loop never waits for it. The worker
 * starts on first use and again after it died; a call that outlives its time limit stops the
 * worker, and the calls queued behind it are sent once more to the next one.
 *
 * @example
 * const jobs = createWorkerClient({ entry: new URL('./job-worker.ts', import.meta.url), input: { databasePath } });
 * const report = await jobs.call('rollup', {});
 */
export function createWorkerClient(options: WorkerClientOptions) {
  let worker: Worker | null = null;
  /** Loading the worker's modules takes up to a second: no call's clock runs before that. */
  let ready = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let stopping = false;

  function start(): Worker {
    const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: options.entry.href, input: options.input, priority: options.priority ?? 0 },
      resourceLimits: options.resourceLimits,
    });
    ready = false;
    w.on('message', (message: WorkerResponse | WorkerReady) => {
      if ('ready' in message) {
        ready = true;
        armHead();
      } else settle(message);
    });
    w.on('error', (error) => lost(w, describeExit(error)));
    w.on('exit', (code) => lost(w, `exited with code ${code}`));
    return w;
  }

  function settle(response: WorkerResponse) {
    const call = pending.get(response.id);
    if (!call) return;
    pending.delete(response.id);
    clearTimeout(call.timer);
    armHead();
    if (response.ok) call.resolve(response.output);
    else {
      const { status, code, message, stack } = response.error;
      // An unexpected error keeps the worker's stack, so the log shows where it came from.
      call.reject(status ? new AppError(status as ContentfulStatusCode, code ?? 'error', message) : Object.assign(new Error(message), { code, ...(stack ? { stack } : {}) }));
    }
  }

  /** The worker is gone: every call it held fails, or, if it was only queued behind the culprit, runs again once. */
  function lost(w: Worker, reason: string, culprit?: number) {
    if (worker !== w) return;
    worker = null;
    if (!stopping) options.onExit?.(reason);
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) {
      clearTimeout(call.timer);
      call.timer = undefined;
      if (call.request.id !== culprit && !call.retried && !stopping && culprit !== undefined) {
        call.retried = true;
        send(call);
      } else {
        call.reject(new AppError(503, 'worker_failed', call.request.id === culprit ? reason : `the worker stopped (${reason}); try again`));
      }
    }
  }

  function send(call: Pending) {
    worker ??= start();
    pending.set(call.request.id, call);
    worker.postMessage(call.request);
    armHead();
  }

  /** The worker answers in order, so the first call still pending is the one running: only its time counts. */
  function armHead() {
    const w = worker;
    const head = pending.values().next().value;
    if (!w || !ready || !head || head.timer || head.timeoutMs === undefined) return;
    const { timeoutMs } = head;
    head.timer = setTimeout(() => {
      lost(w, `took longer than ${timeoutMs / 1000} s`, head.request.id);
      void w.terminate();
    }, timeoutMs);
  }

  function call<T>(task: string, input: unknown, callOptions: CallOptions = {}): Promise<T> {
    if (stopping) return Promise.reject(new AppError(503, 'stopping', 'the server is shutting down'));
    if (pending.size >= (options.maxQueue ?? 200)) return Promise.reject(new AppError(503, 'busy', 'too many requests are waiting; try again shortly'));
    return new Promise<T>((resolve, reject) => {
      const request = { id: nextId++, task, input };
      send({ request, resolve: resolve as (output: unknown) => void, reject, retried: false, timeoutMs: callOptions.timeoutMs });
    });
  }

  /** Waits up to `graceMs` for the calls under way, then stops the worker. */
  async function stop(graceMs = 10_000): Promise<void> {
    stopping = true;
    const deadline = Date.now() + graceMs;
    while (pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const w = worker;
    if (w) {
      lost(w, 'stopped');
      await w.terminate();
    }
  }

  return { call, stop, get busy() { return pending.size > 0; } };
}

export type WorkerClient = ReturnType<typeof createWorkerClient>;

function describeExit(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'it needed more memory than it may use' : error.message;
}
