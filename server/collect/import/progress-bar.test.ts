import { describe, expect, it } from 'vitest';
import { createProgressBar, renderProgress } from './progress-bar.ts';

describe('progress bar', () => {
  it('renders a bar and percentage when the size is known, counts alone otherwise', () => {
    expect(renderProgress(1_234_567, 0.5, 48_210.4)).toBe(`[${'#'.repeat(12)}${'-'.repeat(12)}]  50%  1,234,567 lines  48,210 events/s`);
    expect(renderProgress(10, undefined, 5)).toBe('10 lines  5 events/s');
  });

  it('redraws at most every 200 ms and clears its line at the end', () => {
    let now = 0;
    const written: string[] = [];
    const bar = createProgressBar({ write: (s: string) => written.push(s) }, { size: 1000, bytesRead: () => 250 }, 200, () => now);
    bar.update(1024);
    now = 150;
    bar.update(2048);
    expect(written).toEqual([]);
    now = 200;
    bar.update(3072);
    expect(written).toEqual([`\r${renderProgress(3072, 0.25, 15_360)}\x1b[K`]);
    bar.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});
