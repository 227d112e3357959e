/**
 * Runs query cases over raw events in a child process, for the query bench's 12-month raw
 * figures: those queries load every event of the range into memory, which may not fit in a heap,
 * and a process out of heap cannot be caught, only observed from outside. The parent starts this
 * with the heap size it wants to test and reads one RESULT line per run.
 *
 *   BENCH_QUERY_CHILD='{"file":...,"domain":...,"range":{...},"runs":[...]}' node --import tsx bench/query-child.ts
 */
import { spawn } from 'node:child_process';
import { findSiteByDomain } from '../server/admin/sites.queries.ts';
import { openDatabase } from '../server/db/connect.ts';
import type { DayRange } from '../server/query/date-range.ts';
import type { ResultRow } from '../server/query/run-query.ts';
import { REPO_ROOT } from './children.ts';
import { ALL_CASES, queryTarget, runCase } from './query-cases.ts';

export interface ChildJob {
  file: string;
  domain: string;
  range: DayRange;
  /** Cases by name, run in order, once each: through the planner, or forced over raw events. */
  runs: Array<{ name: string; force: boolean }>;
}

export interface ChildResult {
  name: string;
  force: boolean;
  ms?: number;
  rows?: ResultRow[];
  /** Peak resident memory of the child so far, in MB. */
  maxRssMb: number;
  error?: string;
}

const PREFIX = 'RESULT ';

async function child(job: ChildJob) {
  const db = openDatabase(job.file);
  try {
    const site = await findSiteByDomain(db.kysely, job.domain);
    if (!site) throw new Error(`no site ${job.domain} in ${job.file}`);
    const target = await queryTarget(db.kysely, site);
    for (const { name, force } of job.runs) {
      const q = ALL_CASES.find((c) => c.name === name);
      if (!q) throw new Error(`unknown case ${name}`);
      const result: ChildResult = { name, force, maxRssMb: 0 };
      try {
        const started = performance.now();
        result.rows = await runCase(target, q, job.range, force);
        result.ms = performance.now() - started;
      } catch (error) {
        result.error = (error as Error).message;
      }
      result.maxRssMb = process.resourceUsage().maxRSS / 1024;
      process.stdout.write(`${PREFIX}${JSON.stringify(result)}\n`);
    }
  } finally {
    await db.close();
  }
}

/**
 * Runs a job in a child with `heapMb` of old-generation heap and reports each run as it ends.
 * If the child dies (out of heap, most likely), the run it was on is reported with the reason
 * and the rest are not run: every raw run loads the same range, so they would die too.
 */
export function runInChild(job: ChildJob, heapMb: number, onResult: (r: ChildResult) => void): Promise<void> {
  const args = [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'bench/query-child.ts'];
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_QUERY_CHILD: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => proc.kill('SIGKILL');
  process.once('exit', kill);
  let done = 0;
  let buffered = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith(PREFIX)) continue;
      const result = JSON.parse(line.slice(PREFIX.length)) as ChildResult;
      done++;
      onResult(result);
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_000)));
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      process.off('exit', kill);
      const pending = job.runs[done];
      if (pending === undefined) return resolve();
      const oom = /heap out of memory|Reached heap limit|allocation failed/i.test(stderr);
      const why = oom ? `out of memory (heap limit ${heapMb} MB)` : `child exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      onResult({ ...pending, error: why, maxRssMb: Number.NaN });
      resolve();
    });
  });
}

if (process.env.BENCH_QUERY_CHILD) {
  child(JSON.parse(process.env.BENCH_QUERY_CHILD) as ChildJob).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
