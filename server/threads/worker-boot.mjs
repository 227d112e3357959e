// Every worker thread starts here: it registers the TypeScript loader the server itself runs under
// (workers do not inherit it), then imports the worker's own module, named in workerData.
import os from 'node:os';
import { workerData } from 'node:worker_threads';

// A lower priority for this thread alone (Linux gives each thread its own nice value): on a small
// machine the collector's thread then gets the CPU first whenever both want it.
if (workerData.priority) {
  try {
    os.setPriority(workerData.priority);
  } catch {
    // Not permitted here; the worker still runs, at the process's priority.
  }
}

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
