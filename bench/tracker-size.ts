/**
 * Tracker size bench: the gzip -9 size of each built tracker against its budget, read from
 * tracker/dist/manifest.json (the build's own measurement, so bench and tests agree).
 *
 *   node --import tsx bench/tracker-size.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUDGETS } from '../tracker/build.ts';
import { REPO_ROOT } from './children.ts';

interface ManifestEntry {
  hash: string;
  bytes: number;
  gzipBytes: number;
}

export interface TrackerSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  budget: number;
  withinBudget: boolean;
}

export function runTrackerSizeBench(): TrackerSize[] {
  const manifestPath = join(REPO_ROOT, 'tracker', 'dist', 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.log('tracker: no manifest yet, running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>;
  // The build's budgets (1,000 B cairn.js, 1,400 B cairn.ext.js, 2,000 B matomo.js), as tracker/size.test.ts uses.
  return Object.entries(BUDGETS).map(([file, budget]) => {
    const entry = manifest[file];
    if (!entry) throw new Error(`${file} is missing from ${manifestPath}`);
    const { bytes, gzipBytes } = entry;
    return { file, bytes, gzipBytes, budget, withinBudget: gzipBytes <= budget };
  });
}

export function printTrackerSizes(sizes: TrackerSize[]) {
  console.log('tracker size (gzip -9):');
  for (const s of sizes) {
    const verdict = s.withinBudget ? 'PASS' : 'MISS';
    const gzip = String(s.gzipBytes).padStart(5);
    const file = s.file.padEnd(13);
    console.log(`  ${file} ${gzip} B of ${s.budget} B budget (${s.bytes} B raw) ${verdict}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTrackerSizes(runTrackerSizeBench());
}
