import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import type { WorkerFailure, WorkerReady, WorkerRequest, WorkerResponse } from './worker-protocol.ts';

export type TaskHandlers = Readonly<Record<string, (input: never) => Promise<unknown>>>;

/**
 * The worker side: answers each request with its handler's result. Requests run one after
 * another, so a handler has the worker's database connection to itself; an AppError keeps its
 * status and message, anything else crosses as a bare message.
 */
export function serveWorker(handlers: TaskHandlers): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs inside a worker thread');
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      let response: WorkerResponse;
      try {
        const handler = Object.hasOwn(handlers, request.task) ? handlers[request.task] : undefined;
        if (!handler) throw new Error(`no task ${request.task}`);
        response = { id: request.id, ok: true, output: await handler(request.input as never) };
      } catch (error) {
        response = { id: request.id, ok: false, error: failureOf(error) };
      }
      port.postMessage(response);
    });
  });
  port.postMessage({ ready: true } satisfies WorkerReady);
}

function failureOf(error: unknown): WorkerFailure {
  if (error instanceof AppError) return { message: error.message, status: error.status, code: error.code };
  const code = (error as { code?: unknown })?.code;
  const stack = error instanceof Error ? error.stack : undefined;
  return { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}), ...(stack ? { stack } : {}) };
}
