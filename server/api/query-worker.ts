// The query worker thread: the API's heavy reads with a database connection of their own.
import { workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connect.ts';
import { serveWorker } from '../threads/serve-worker.ts';
import { createQueryTasks } from './query-tasks.ts';

export interface QueryWorkerInput {
  databasePath: string;
}

const { databasePath } = (workerData as { input: QueryWorkerInput }).input;
serveWorker(createQueryTasks(openDatabase(databasePath)));
