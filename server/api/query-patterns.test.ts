import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';
import { addDays } from '../calendar.ts';

// `matches` filters over the HTTP API: visitors write the values (page paths), query authors the
// patterns, and neither may stall the server.

let t: TestApp;
let key: string;
const day = addDays(new Date().toISOString().slice(0, 10), -1);

/** Page paths a visitor can send, each from its own visitor; the last ones are crafted. */
const PATHS = ['/', '/blog', '/blog/hello', '/blog/2024/edit', '/user/42', '/user/42/edit', '/de/pricing', '/docs/a.html', '/files/x.PDF', '/foo12'];
const CRAFTED = [`/${'a'.repeat(1_999)}`, `/${'a'.repeat(28)}b`.repeat(67).slice(0, 2_000), `/${'/blog/'.repeat(400)}`.slice(0, 2_000)];

beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com' });
  key = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'read' })).key;
  const noon = Date.parse(`${day}T12:00:00Z`);
  createEventAppender(t.db)([...PATHS, ...CRAFTED].map((pathname, i) => eventRow({ ts: noon + i * 1_000, visitor: i + 1, pathname })));
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

async function visitorsMatching(filter: unknown[]): Promise<{ status: number; visitors?: number; error?: string; ms: number }> {
  const started = performance.now();
  const res = await t.send('/api/v2/query', {
    method: 'POST',
    body: JSON.stringify({ site_id: 'example.com', date_range: [day, day], metrics: ['visitors'], filters: [filter] }),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  const body = (await res.json()) as { results?: Array<{ metrics: number[] }>; error?: string };
  // No row at all is how a total of nobody comes back.
  const visitors = body.results ? (body.results[0]?.metrics[0] ?? 0) : undefined;
  return { status: res.status, visitors, error: body.error, ms: performance.now() - started };
}

describe('POST /api/v2/query with matches filters', () => {
  it('answers the patterns that used to hang the server, quickly', async () => {
    await visitorsMatching(['matches', 'event:page', ['^/blog']]); // warms the query path once
    for (const pattern of ['.{0,15}'.repeat(12) + '!', 'a?'.repeat(30) + 'a'.repeat(30)]) {
      for (const op of ['matches', 'matches_not']) {
        const answer = await visitorsMatching([op, 'event:page', [pattern]]);
        expect(answer.status, pattern).toBe(200);
        // The whole request, over twelve events of which three are crafted 2,000-character paths.
        expect(answer.ms, pattern).toBeLessThan(250);
      }
    }
    expect((await visitorsMatching(['matches', 'event:page', ['a?'.repeat(30) + 'a'.repeat(30)]])).visitors).toBe(1);
  });

  it('counts what ordinary patterns match, as JavaScript would', async () => {
    const patterns: Array<[string, boolean]> = [
      ['^/blog/.*', true],
      ['^/user/\\d+$', true],
      ['(foo|bar)\\d+', true],
      ['\\.(pdf|html?)$', false],
      ['\\.(pdf|html?)$', true],
      ['^/(en|de)/pricing/?$', true],
      ['/EDIT$', false],
      ['^/$', true],
    ];
    for (const [pattern, caseSensitive] of patterns) {
      const reference = new RegExp(pattern, caseSensitive ? '' : 'i');
      const expected = [...PATHS, ...CRAFTED].filter((p) => reference.test(p)).length;
      const answer = await visitorsMatching(['matches', 'event:page', [pattern], { case_sensitive: caseSensitive }]);
      expect(answer, pattern).toMatchObject({ status: 200, visitors: expected });
    }
  });

  it('refuses invalid patterns and what RE2 cannot run with a 400 naming the value', async () => {
    const refused: Array<[string, RegExp]> = [
      ['/(unclosed', /missing closing \)/],
      ['(a)\\1', /backreferences such as \\1 are not supported/],
      ['^(?!/admin)', /lookahead and lookbehind are not supported/],
      ['^/.{0,400}$', /too large once compiled/],
    ];
    for (const [pattern, why] of refused) {
      const answer = await visitorsMatching(['matches', 'event:page', [pattern]]);
      expect(answer.status, pattern).toBe(400);
      expect(answer.error, pattern).toMatch(/^filters\[0\]\[2\]\[0\]: invalid regular expression /);
      expect(answer.error, pattern).toMatch(why);
    }
  });
});
