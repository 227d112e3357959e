/**
 * `npm run bench` runs every bench in turn; `npm run bench -- ingest` runs one by name.
 * Exits non-zero only when a bench errs or finds lost events, not when it misses a target:
 * targets are printed as PASS/MISS for a human (or a CI log) to judge.
 */
import { runDashboardBench } from './dashboard.ts';
import { printIngestSummary, runIngestBench } from './ingest.ts';
import { runMatchPatternBench } from './match-pattern.ts';
import { printQuerySummary, runQueryBench } from './query.ts';
import { printRollupLatency, runRollupLatencyBench } from './rollup-latency.ts';
import { printTailQuery, runTailQueryBench } from './tail-query.ts';
import { printTrackerSizes, runTrackerSizeBench } from './tracker-size.ts';

/** Each bench prints its own figures and returns true when the run itself was sound. */
const BENCHES: Record<string, () => Promise<boolean>> = {
  'tracker-size': async () => {
    printTrackerSizes(runTrackerSizeBench());
    return true;
  },
  ingest: async () => {
    const report = await runIngestBench();
    console.log('ingest summary:');
    printIngestSummary(report);
    return report.problems.length === 0;
  },
  query: async () => {
    const report = await runQueryBench();
    console.log('query summary:');
    printQuerySummary(report);
    return report.problems.length === 0;
  },
  dashboard: async () => {
    await runDashboardBench();
    return true;
  },
  'match-pattern': async () => {
    runMatchPatternBench();
    return true;
  },
  'tail-query': async () => {
    const report = await runTailQueryBench();
    printTailQuery(report);
    return report.queries.every((q) => q.status < 500 || q.status === 503);
  },
  'rollup-latency': async () => {
    const report = await runRollupLatencyBench();
    printRollupLatency(report);
    return report.atStart.rollupMs !== null && report.periodic.rollupMs !== null;
  },
};

async function main(): Promise<number> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    const known = Object.keys(BENCHES).join(', ');
    console.error(`unknown bench ${unknown.join(', ')}; choose from: ${known}`);
    return 2;
  }
  let sound = true;
  for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
    console.log(`\n== ${name} ==`);
    sound = (await BENCHES[name]()) && sound;
  }
  return sound ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
