/**
 * Names every ordinary object inherits (`constructor`, `__proto__`, `toString`, …) sent as prop
 * keys, prop values and event names through each way in (the collector, `cairn import`, the
 * Matomo API), then rolled up and queried. One such key once stopped the rollup of every site.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES, propsOfEveryName } from '../../tests/helpers/prototype-names.ts';
import { createTestApp, postEvent, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { runCairn } from '../../tests/helpers/test-cli.ts';
import { openDatabase } from '../db/connect.ts';
import { addDays } from '../calendar.ts';
import { runRollup } from '../rollup/run.ts';

const DAY = 86_400_000;
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const today = () => new Date().toISOString().slice(0, 10);
/** One visitor per name, and one more for a page view without props. */
const ip = (i: number) => `203.0.113.${i + 1}`;
const PAGEVIEW_IP = '198.51.100.9';

let dataDir: string;
let t: TestApp;
let key: string;

// A database file, so `cairn import` (its own connection) and the app see the same events.
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-prototype-names-'));
  expect((await runCairn(['site', 'add', 'example.com'], { DATA_DIR: dataDir })).code).toBe(0);
  t = await createTestApp({ db: openDatabase(path.join(dataDir, 'cairn.db')) });
  key = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'read' })).key;
});
afterEach(async () => {
  await t.close();
  await t.db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Row = { dimensions: string[]; metrics: number[] };
async function query(body: Record<string, unknown>): Promise<{ status: number; rows: Row[]; source: string }> {
  const res = await t.send('/api/v2/query', {
    method: 'POST',
    body: JSON.stringify({ site_id: 'example.com', metrics: ['visitors', 'events'], ...body }),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  const json = (await res.json()) as { results?: Row[]; meta?: { source: string } };
  const rows = (json.results ?? []).sort((a, b) => (a.dimensions.join() < b.dimensions.join() ? -1 : 1));
  return { status: res.status, rows, source: json.meta?.source ?? '' };
}

const sorted = (rows: Row[]) => [...rows].sort((a, b) => (a.dimensions.join() < b.dimensions.join() ? -1 : 1));
/** Each name once as the value, from its own visitor, and the page view without the property. */
const everyNameOnce = (extra: string) => sorted([...PROTOTYPE_NAMES.map((n) => ({ dimensions: [n], metrics: [1, 1] })), { dimensions: [extra], metrics: [1, 1] }]);

/** The breakdowns and the filter that once failed, over events whose every prop holds their name. */
async function expectPropsAnswered(date_range: unknown) {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const res = await query({ date_range, dimensions: [`event:props:${name}`] });
    expect(res.status, name).toBe(200);
    expect(res.rows, name).toEqual(everyNameOnce('(none)'));
  }
  const filtered = await query({ date_range, dimensions: ['event:name'], filters: [['is', 'event:props:constructor', ['toString', '__proto__']]] });
  expect(filtered).toMatchObject({ status: 200, rows: sorted([{ dimensions: ['__proto__'], metrics: [1, 1] }, { dimensions: ['toString'], metrics: [1, 1] }]) });
  const names = await query({ date_range, dimensions: ['event:name'] });
  expect(names.rows).toEqual(everyNameOnce('pageview'));
  return names.source;
}

async function expectStoredAsSent() {
  const rows = await t.db.kysely.selectFrom('events').select(['name', 'props']).where('name', '!=', 'pageview').orderBy('id').execute();
  expect(rows).toEqual(PROTOTYPE_NAMES.map((name) => ({ name, props: JSON.stringify(propsOfEveryName(() => name)) })));
}

/** Rolls up `day` and checks nothing failed and the stored property rows hold every name. */
async function expectRolledUp(day: string, now?: number) {
  const report = await runRollup(t.db, { now });
  expect(report.failed).toEqual([]);
  const rolled = await t.db.kysely.selectFrom('rollup_days').select('day').where('day', '=', day).execute();
  expect(rolled).toHaveLength(1);
  for (const name of PROTOTYPE_NAMES) {
    const stored = await t.db.kysely
      .selectFrom('agg_daily')
      .select(['value', 'events'])
      .where('day', '=', day)
      .where('dim', '=', `event:props:${name}`)
      .orderBy('value')
      .execute();
    // Every name once, and the page view without the key.
    expect(stored, name).toEqual([...PROTOTYPE_NAMES, '(none)'].sort().map((value) => ({ value, events: 1 })));
  }
}

describe('names an ordinary object inherits', () => {
  it('as prop keys, values and event names through POST /api/event: stored, rolled up and queried', async () => {
    for (const [i, name] of PROTOTYPE_NAMES.entries()) {
      const body = { n: name, u: 'https://example.com/', d: 'example.com', p: propsOfEveryName(() => name) };
      expect((await t.send('/api/event', { ...postEvent(body), ip: ip(i) })).status, name).toBe(202);
    }
    await t.send('/api/event', { ...postEvent({ n: 'pageview', u: 'https://example.com/', d: 'example.com' }), ip: PAGEVIEW_IP });
    await expectStoredAsSent();
    expect(await expectPropsAnswered('day')).toBe('events');

    // Today closes 90 minutes after midnight; two days on it is rolled up.
    await expectRolledUp(today(), Date.now() + 2 * DAY);
    expect(await expectPropsAnswered('day')).toBe('aggregates');
    const keys = await t.send(`/api/dashboard/sites/example.com/props?event=constructor&from=${today()}&to=${today()}`, { headers: { authorization: `Bearer ${key}` } });
    expect(await keys.json()).toEqual({ keys: [...PROTOTYPE_NAMES].sort() });
  });

  it('through cairn import: stored, rolled up and queried', async () => {
    const day = addDays(today(), -3);
    const line = (over: Record<string, unknown>, i: number) => JSON.stringify({ ts: `${day}T12:00:00Z`, url: 'https://example.com/', ua: CHROME, ip: ip(i), ...over });
    const lines = [...PROTOTYPE_NAMES.map((name, i) => line({ name, props: propsOfEveryName(() => name) }, i)), line({ ip: PAGEVIEW_IP }, 0)];
    const file = path.join(dataDir, 'names.ndjson');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await runCairn(['import', file, '--site', 'example.com'], { DATA_DIR: dataDir })).toMatchObject({ code: 0, stderr: '' });
    await expectStoredAsSent();
    expect(await expectPropsAnswered([day, day])).toBe('events');

    await expectRolledUp(day);
    expect(await expectPropsAnswered([day, day])).toBe('aggregates');
  });

  it('through the Matomo API, with custom variables: stored, rolled up and queried', async () => {
    for (const [i, name] of PROTOTYPE_NAMES.entries()) {
      const cvar = JSON.stringify({ 1: [name, name], [name]: [name, name] });
      const params = new URLSearchParams({ idsite: '1', rec: '1', url: 'https://example.com/', e_c: name, e_a: name, e_n: name, e_v: name, _cvar: cvar, cvar });
      expect((await t.send(`/matomo.php?${params}`, { ip: ip(i) })).status, name).toBe(200);
    }
    const stored = await t.db.kysely.selectFrom('events').select(['name', 'props']).orderBy('id').execute();
    expect(stored).toEqual(PROTOTYPE_NAMES.map((name) => ({ name: `${name}: ${name}`, props: JSON.stringify({ name, value: name }) })));

    const check = async () => {
      const byName = await query({ date_range: 'day', dimensions: ['event:props:name'] });
      expect(byName).toMatchObject({ status: 200, rows: sorted(PROTOTYPE_NAMES.map((n) => ({ dimensions: [n], metrics: [1, 1] }))) });
      for (const name of ['constructor', '__proto__', 'toString']) {
        // Matomo's props are `name` and `value`: no event has these keys.
        expect(await query({ date_range: 'day', dimensions: [`event:props:${name}`] })).toMatchObject({ status: 200, rows: [{ dimensions: ['(none)'], metrics: [PROTOTYPE_NAMES.length, PROTOTYPE_NAMES.length] }] });
      }
      const filtered = await query({ date_range: 'day', dimensions: ['event:name'], filters: [['is', 'event:props:value', ['constructor']]] });
      expect(filtered).toMatchObject({ status: 200, rows: [{ dimensions: ['constructor: constructor'], metrics: [1, 1] }] });
    };
    await check();
    const report = await runRollup(t.db, { now: Date.now() + 2 * DAY });
    expect(report.failed).toEqual([]);
    await check();
  });
});
