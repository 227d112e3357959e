/**
 * Size budget of the tracker, measured like the budget is defined: gzip
 * level 9 of the minified output. Builds in memory (fast, and independent of
 * whether `npm run build` ran) and also checks that the manifest written by
 * the build matches the files.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGETS, DIST_DIR, buildTracker, gzipSize, type Manifest } from './build.ts';

describe('tracker size budget', () => {
  it('builds every script (cairn.js, cairn.ext.js, matomo.js) within its gzip -9 budget', async () => {
    const manifest = await buildTracker();
    for (const file of Object.keys(BUDGETS) as (keyof Manifest)[]) {
      const code = await readFile(join(DIST_DIR, file));
      const gz = gzipSize(code);
      console.log(`${file}: ${code.length} B minified, ${gz} B gzip -9 (budget ${BUDGETS[file]})`);
      expect(gz, `${file} gzip -9 size`).toBeLessThanOrEqual(BUDGETS[file]);
      expect(manifest[file]).toEqual({
        hash: createHash('sha256').update(code).digest('hex').slice(0, 10),
        bytes: code.length,
        gzipBytes: gz,
      });
    }
    const written = JSON.parse(await readFile(join(DIST_DIR, 'manifest.json'), 'utf8'));
    expect(written).toEqual(manifest);
  });

  it('matomo.js has its own budget of 2,000 bytes and leaves the cairn.js code out', async () => {
    expect(BUDGETS['matomo.js']).toBe(2000);
    const matomo = await readFile(join(DIST_DIR, 'matomo.js'), 'utf8');
    expect(gzipSize(matomo)).toBeLessThanOrEqual(2000);
    expect(matomo).toContain('_paq');
    expect(matomo).not.toContain('/api/event');
    expect(matomo).not.toContain('engagement');
  });

  it('the ext build is a superset (same base, more code); no build leftovers in any script', async () => {
    const [main, ext, matomo] = await Promise.all(
      ['cairn.js', 'cairn.ext.js', 'matomo.js'].map((f) => readFile(join(DIST_DIR, f), 'utf8')),
    );
    expect(ext.length).toBeGreaterThanOrEqual(main.length);
    expect(ext).toContain('File Download');
    expect(ext).toContain('data-cairn-event');
    // No leftovers that would cost bytes or leak build details.
    for (const code of [main, ext, matomo]) {
      expect(code).not.toMatch(/^"use strict"/);
      expect(code).not.toContain('sourceMappingURL');
      expect(code.startsWith('(()=>{')).toBe(true);
    }
  });
});
