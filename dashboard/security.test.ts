/**
 * Source rules for the dashboard (dashboard/src): visitor-controlled strings only ever reach the
 * page as text. No raw HTML APIs, no inline styles in markup, no javascript: URLs, and every link
 * target comes from a short list of safe builders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));

const sources = files(SRC).map((path) => ({ path: path.slice(SRC.length + 1), text: readFileSync(path, 'utf8') }));

describe('dashboard source rules', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it.each(sources.map((s) => [s.path, s.text]))('%s renders text only', (_path, text) => {
    expect(text).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/);
    expect(text).not.toMatch(/\beval\(|new Function\(/);
    expect(text).not.toMatch(/javascript:/i);
    // Inline style attributes are refused by the CSP; styles set through CSSOM ({ width }) are fine.
    expect(text).not.toMatch(/style=["'`]|setAttribute\(\s*['"]style/);
  });

  it('builds every link from a safe source', () => {
    const allowed = [/^href="\/"$/, /^href=\{`\/sites\/\$\{encodeURIComponent\(s\.domain\)\}`\}$/, /^href=\{href\}$/];
    for (const { path, text } of sources) {
      for (const m of text.matchAll(/href=(?:"[^"]*"|\{[^}]*\}?\}?`?\}?)/g)) {
        expect(allowed.some((re) => re.test(m[0])), `${path}: ${m[0]}`).toBe(true);
      }
    }
    // The one computed href is the referrer link, and it only comes from referrerHref().
    const bars = sources.find((s) => s.path.endsWith('bar-list.tsx'))!.text;
    expect(bars).toMatch(/const href = referrer \? referrerHref\(/);
    expect(bars).toMatch(/rel="noopener noreferrer nofollow"/);
  });
});
