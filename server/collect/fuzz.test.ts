import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postEvent, type TestApp } from '../../tests/helpers/test-app.ts';
import { addSite } from '../admin/sites.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com' });
});
afterAll(async () => {
  await t.close();
  await t.db.close();
});

const OK = [202, 400, 413];

// Values of every JSON type, biased toward the shapes the parser looks at.
const field = fc.oneof(
  fc.string(),
  fc.constantFrom('pageview', 'engagement', 'https://example.com/x', 'example.com', 'javascript:1', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.object())),
  fc.array(fc.anything()),
);
const payload = fc.record(
  { n: field, u: field, d: field, r: field, p: field, $: field, i: field, h: field, w: field, sd: field, e: field },
  { requiredKeys: [] },
);

describe('collector fuzzing', () => {
  it('answers random bytes with a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 10_000 }), async (bytes) => {
        const res = await t.send('/api/event', { method: 'POST', body: bytes, headers: { 'content-type': 'text/plain' } });
        expect(OK).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  });

  it('answers random payloads with 202 or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const res = await t.send('/api/event', postEvent(body));
        expect(OK).toContain(res.status);
        if (res.status >= 400) expect(((await res.json()) as { error: string }).error).toBeTruthy();
      }),
      { numRuns: 500 },
    );
  });

  it('answers random pixel queries with a GIF or a 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('d', 'u', 'r', 'w', 'x'), fc.string()), async (q) => {
        const res = await t.send(`/p.gif?${new URLSearchParams(q)}`);
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  });

  it('still stores a valid event afterwards', async () => {
    const res = await t.send('/api/event', postEvent({ n: 'pageview', u: 'https://example.com/', d: 'example.com' }));
    expect(res.status).toBe(202);
    expect(res.headers.get('x-cairn-dropped')).toBeNull();
  });
});
