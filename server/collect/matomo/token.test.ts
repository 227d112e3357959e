import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../tests/helpers/test-app.ts';
import { createApiKey } from '../../admin/api-keys.ts';
import { addSite } from '../../admin/sites.ts';
import type { GeoInfo } from '../enrich/geo.ts';
import { closeApp, hit, matomoApp, storedEvents } from '../../../tests/helpers/matomo-testing.ts';

const PLACES: Record<string, GeoInfo> = {
  '203.0.113.7': { country: 'DE', region: 'DE-BE', city: 'Berlin' },
  '198.51.100.20': { country: 'FR', region: 'FR-IDF', city: 'Paris' },
};

let t: TestApp;
let write: string;
beforeEach(async () => {
  t = await matomoApp({ geo: (ip) => PLACES[ip] ?? { country: '', region: '', city: '' } });
  write = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'write' })).key;
});
afterEach(() => closeApp(t));

const events = () => storedEvents(t);
const error = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: string; code: string }) });

describe('parameters that need token_auth', () => {
  it('refuses each without a token, naming it', async () => {
    for (const name of ['cip', 'country', 'region', 'city', 'lat', 'long']) {
      const value = name === 'cip' ? '198.51.100.20' : name === 'country' ? 'fr' : name === 'region' ? 'IDF' : name === 'city' ? 'Lyon' : '48.8';
      expect(await error(await hit(t, { [name]: value }))).toMatchObject({ status: 400, code: 'token_required', error: expect.stringMatching(new RegExp(`^${name} needs token_auth`)) });
    }
    expect(await error(await hit(t, { cip: '198.51.100.20', country: 'fr' }))).toMatchObject({ error: expect.stringMatching(/^cip, country need token_auth/) });
    expect(await events()).toEqual([]);
  });

  it('refuses a read key, a key for another site and an unknown key', async () => {
    await addSite(t.db.kysely, { domain: 'other.org' });
    const read = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'read' })).key;
    const other = (await createApiKey(t.db.kysely, { siteDomain: 'other.org', scope: 'write' })).key;
    expect(await error(await hit(t, { cip: '198.51.100.20', token_auth: read }))).toMatchObject({ status: 403, error: expect.stringContaining('read key') });
    expect(await error(await hit(t, { cip: '198.51.100.20', token_auth: other }))).toMatchObject({ status: 403, error: 'token_auth is not a key for site 1' });
    expect(await error(await hit(t, { cip: '198.51.100.20', token_auth: `cairn_${'x'.repeat(43)}` }))).toMatchObject({ status: 401 });
    expect(await events()).toEqual([]);
  });

  it('with a write key, cip replaces the address for location and visitor, and is never stored', async () => {
    await hit(t);
    await hit(t, { cip: '198.51.100.20', token_auth: write });
    const admin = (await createApiKey(t.db.kysely, { scope: 'admin' })).key;
    await hit(t, { cip: '::ffff:198.51.100.20', token_auth: admin });
    const rows = await events();
    expect(rows).toMatchObject([{ country: 'DE', city: 'Berlin' }, { country: 'FR', region: 'FR-IDF', city: 'Paris' }, { country: 'FR' }]);
    expect(rows[1]!.visitor).not.toBe(rows[0]!.visitor);
    expect(rows[2]!.visitor).toBe(rows[1]!.visitor);
    expect(JSON.stringify(rows)).not.toContain('198.51.100.20');
    expect((await hit(t, { cip: 'not-an-ip', token_auth: write })).status).toBe(400);
  });

  it('with a write key, country, region and city override the location; lat and long are ignored', async () => {
    await hit(t, { country: 'at', region: '9', city: 'Wien', token_auth: write });
    await hit(t, { city: 'Potsdam', region: 'BB', token_auth: write });
    await hit(t, { country: 'de', token_auth: write });
    await hit(t, { lat: '52.5', long: '13.4', token_auth: write });
    expect(await events()).toMatchObject([
      { country: 'AT', region: 'AT-9', city: 'Wien' },
      { country: 'DE', region: 'DE-BB', city: 'Potsdam' },
      { country: 'DE', region: 'DE-BE', city: 'Berlin' },
      { country: 'DE', region: 'DE-BE', city: 'Berlin' },
    ]);
    expect((await hit(t, { country: 'Austria', token_auth: write })).status).toBe(400);
  });

  it('looks at no token when nothing needs one', async () => {
    expect((await hit(t, { token_auth: 'whatever' })).status).toBe(200);
    expect(await events()).toHaveLength(1);
  });
});

describe('cdt and cdo', () => {
  const now = () => Date.now();
  const seconds = (ms: number) => String(Math.floor(ms / 1000));

  it('needs no token within the last 24 hours', async () => {
    const ts = now() - 3 * 3_600_000;
    expect((await hit(t, { cdt: seconds(ts) })).status).toBe(200);
    expect((await hit(t, { cdo: '7200' })).status).toBe(200);
    const rows = await events();
    expect(Math.abs(rows[0]!.ts - ts)).toBeLessThan(1_000);
    expect(Math.abs(rows[1]!.ts - (now() - 7_200_000))).toBeLessThan(5_000);
  });

  it('needs a write token further back, and then dates the event', async () => {
    const ts = Date.UTC(2024, 4, 1, 12, 30, 0);
    expect(await error(await hit(t, { cdt: '2024-05-01 12:30:00' }))).toMatchObject({ status: 400, error: expect.stringContaining('cdt (more than 24 hours back) needs token_auth') });
    expect(await error(await hit(t, { cdo: String(3 * 86_400) }))).toMatchObject({ status: 400, error: expect.stringContaining('cdo') });
    expect((await hit(t, { cdt: '2024-05-01 12:30:00', token_auth: write })).status).toBe(200);
    expect((await hit(t, { cdt: seconds(ts + 3_600_000), cdo: '3600', token_auth: write })).status).toBe(200);
    expect((await events()).map((e) => e.ts)).toEqual([ts, ts]);
  });

  it('refuses a time in the future or a malformed one', async () => {
    expect(await error(await hit(t, { cdt: seconds(now() + 3_600_000) }))).toMatchObject({ status: 400, error: 'cdt is in the future' });
    expect(await error(await hit(t, { cdt: 'yesterday' }))).toMatchObject({ status: 400, error: expect.stringContaining('cdt must be') });
    expect((await hit(t, { cdt: String(now()) })).status).toBe(400); // milliseconds: far in the future
  });
});
