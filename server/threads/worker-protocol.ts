/** Messages between a WorkerClient (main thread) and serveWorker (worker thread). */
export interface WorkerRequest {
  readonly id: number;
  readonly task: string;
  readonly input: unknown;
}

/** An error as it crosses the thread boundary: what the client may see, never a stack. */
export interface WorkerFailure {
  readonly message: string;
  readonly status?: number;
  readonly code?: string;
  /** Where an unexpected error came from, for the log (never for a client; AppErrors carry none). */
  readonly stack?: string;
}

/** Sent once the worker's module has loaded: from then on a call's time is its own. */
export interface WorkerReady {
  readonly ready: true;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly output: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WorkerFailure };
