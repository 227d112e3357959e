import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com', timezone: 'Pacific/Kiritimati' });
  key = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'read' })).key;
  createEventAppender(t.db)([eventRow({ ts: Date.parse('2024-02-29T00:00:00Z'), name: 'Signup', props: '{"plan":"pro"}' })]);
});
afterAll(async () => {
  await t.close();
  await t.db.close();
});

const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const query = (body: Record<string, unknown>) =>
  t.send('/api/v2/query', { method: 'POST', body: JSON.stringify({ site_id: 'example.com', metrics: ['visitors'], ...body }), headers: headers() });
const props = (from: string, to: string) =>
  t.send(`/api/dashboard/sites/example.com/props?event=Signup&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { headers: headers() });

/** No answer may be our fault: a 500 would also have logged an error. */
async function expectClientAnswer(res: Response): Promise<{ status: number; body: { error?: string } }> {
  const body = (await res.json()) as { error?: string };
  expect([200, 400], JSON.stringify(body)).toContain(res.status);
  expect(t.logs.splice(0).filter((line) => line.includes('"level":"error"'))).toEqual([]);
  return { status: res.status, body };
}

const PRESETS = ['day', '7d', '28d', '30d', '91d', 'month', '6mo', '12mo', 'year', 'all', 'realtime'];
const COMPARISONS = [undefined, 'previous_period', 'year_over_year'];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Day-shaped strings over years 0000-9999, real or not (month 13, day 32, Feb 29 in common years). */
const dayLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const edgeDay = fc.constantFrom('0000-01-01', '0001-01-01', '0001-12-31', '1999-12-31', '2000-01-01', '2100-12-31', '2101-01-01', '9999-12-31', '10000-01-01', '-0001-01-01', '+2024-01-01');
const oddString = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('2024-01-01T00:00:00Z', ' 2024-01-01', '2024-01-01\n', '2024-W01', '٢٠٢٤-٠١-٠١'));
const anyDay = fc.oneof(dayLike, edgeDay, oddString);

describe('dates at the edges of the calendar', () => {
  it('answers 400, naming the field, where year 9999 and year 1 used to answer 500', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ date: '9999-12-31', date_range: '7d' }, /^date: /],
      [{ date: '0001-06-01', date_range: '12mo' }, /^date: /],
      [{ date: '0001-06-01', date_range: 'year', include: { comparisons: { mode: 'previous_period' } } }, /^date: /],
      [{ date_range: ['0001-01-01', '0001-01-31'], include: { comparisons: { mode: 'year_over_year' } } }, /^date_range\[0\]: /],
      [{ date_range: ['0001-01-01', '0001-01-01'], include: { comparisons: { mode: 'previous_period' } } }, /^date_range\[0\]: /],
      [{ date_range: ['9999-12-01', '9999-12-31'], dimensions: ['time:week'] }, /^date_range\[0\]: /],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await expectClientAnswer(await query(body));
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error).toMatch(field);
    }
  });

  it('never answers 500 for any date anchor, preset and comparison', async () => {
    await fc.assert(
      fc.asyncProperty(anyDay, fc.constantFrom(...PRESETS), fc.constantFrom(...COMPARISONS), fc.constantFrom([], ['time:day'], ['time:week'], ['time:month']), async (date, preset, mode, dimensions) => {
        const include = mode && preset !== 'realtime' ? { comparisons: { mode } } : undefined;
        await expectClientAnswer(await query({ date, date_range: preset, dimensions: preset === 'realtime' ? [] : dimensions, include }));
      }),
      { numRuns: 200 },
    );
  });

  it('never answers 500 for any custom date range or custom comparison', async () => {
    await fc.assert(
      fc.asyncProperty(anyDay, anyDay, fc.constantFrom(...COMPARISONS, 'custom'), anyDay, async (from, to, mode, other) => {
        const include = mode === 'custom' ? { comparisons: { mode, date_range: [other, to] } } : mode ? { comparisons: { mode } } : undefined;
        await expectClientAnswer(await query({ date_range: [from, to], dimensions: ['time:month'], include }));
      }),
      { numRuns: 200 },
    );
  });

  it('answers 400 for dashboard property keys asked for outside the days a query can name', async () => {
    expect(await expectClientAnswer(await props('2024-02-29', '2024-02-29'))).toEqual({ status: 200, body: { keys: ['plan'] } });
    for (const [from, to] of [['2024-01-01', '9999-12-31'], ['0001-01-01', '2024-01-01'], ['9999-12-31', '9999-12-31']]) {
      const { status, body } = await expectClientAnswer(await props(from!, to!));
      expect(status).toBe(400);
      expect(body.error).toMatch(/^from and to: /);
    }
    await fc.assert(
      fc.asyncProperty(anyDay, anyDay, async (from, to) => {
        await expectClientAnswer(await props(from, to));
      }),
      { numRuns: 300 },
    );
  });
});
