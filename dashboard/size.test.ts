/**
 * The dashboard bundle: all JavaScript within 150 KB gzip -9, the manifest the server reads
 * matching the files, and nothing the strict CSP would block (eval, new Function) or leak
 * (source maps).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDashboard, DIST_DIR, gzipSize, JS_BUDGET } from './build.ts';

describe('dashboard bundle', () => {
  it('builds within the JavaScript budget, with a manifest naming hashed files', async () => {
    const { manifest, js, css } = await buildDashboard();
    console.log(`dashboard: ${manifest['app.js']} ${js.bytes} B, ${js.gzipBytes} B gzip -9 (budget ${JS_BUDGET}); ${manifest['app.css']} ${css.gzipBytes} B gzip -9`);
    expect(js.gzipBytes).toBeLessThanOrEqual(JS_BUDGET);

    const written = JSON.parse(await readFile(join(DIST_DIR, 'manifest.json'), 'utf8'));
    expect(written).toEqual(manifest);
    expect(Object.keys(written).sort()).toEqual(['app.css', 'app.js']);
    for (const [key, file] of Object.entries(manifest)) {
      const ext = key.slice(key.lastIndexOf('.'));
      expect(file).toMatch(new RegExp(`^app\\.[0-9a-f]{10}\\${ext}$`));
      const body = await readFile(join(DIST_DIR, file));
      expect(file).toBe(`app.${createHash('sha256').update(body).digest('hex').slice(0, 10)}${ext}`);
    }
    const code = await readFile(join(DIST_DIR, manifest['app.js']), 'utf8');
    expect(gzipSize(code)).toBe(js.gzipBytes);
    expect(code).not.toContain('sourceMappingURL');
    expect(code).not.toMatch(/\beval\(|new Function\(/);
    // chart.js is tree-shaken: controllers we do not register are not in the bundle.
    expect(code).not.toMatch(/doughnut|polarArea|bubble/);
  });
});
