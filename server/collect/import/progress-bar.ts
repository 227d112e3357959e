import type { ImportSource } from './import-source.ts';

const BAR_WIDTH = 24;
const number = (n: number) => Math.round(n).toLocaleString('en-US');

/** One line of progress: a bar and percentage only when the total size is known (not for stdin). */
export function renderProgress(lines: number, fraction: number | undefined, perSecond: number): string {
  const counts = `${number(lines)} lines  ${number(perSecond)} events/s`;
  if (fraction === undefined) return counts;
  const f = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(f * BAR_WIDTH);
  const percent = `${Math.floor(f * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${counts}`;
}

/**
 * Redraws one stderr line in place, at most every `intervalMs`: the import reports every
 * thousand lines, and a terminal redrawn that often would cost more than the import itself.
 */
export function createProgressBar(
  stream: { write(text: string): unknown },
  source: Pick<ImportSource, 'bytesRead' | 'size'>,
  intervalMs = 200,
  clock: () => number = Date.now,
) {
  const started = clock();
  let last = started;
  let drawn = false;
  return {
    update(lines: number) {
      const now = clock();
      if (now - last < intervalMs) return;
      last = now;
      drawn = true;
      const fraction = source.size ? source.bytesRead() / source.size : undefined;
      stream.write(`\r${renderProgress(lines, fraction, (lines * 1000) / Math.max(1, now - started))}\x1b[K`);
    },
    /** Clears the line so the summary starts on a clean one. */
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
