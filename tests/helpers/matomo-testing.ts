import { createTestApp, type TestApp } from './test-app.ts';
import { addSite } from '../../server/admin/sites.ts';
import type { GeoInfo } from '../../server/collect/enrich/geo.ts';

/** Request-level test helpers for the Matomo endpoint: an app with example.com as idsite 1. */
export async function matomoApp(options: { geo?: (ip: string) => GeoInfo } = {}): Promise<TestApp> {
  const t = await createTestApp(options);
  await addSite(t.db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin' });
  return t;
}

export const storedEvents = (t: TestApp) => t.db.kysely.selectFrom('events').selectAll().orderBy('id').execute();

export const PAGE = 'https://example.com/pricing';

/** GET /matomo.php with idsite=1&rec=1&url=PAGE unless overridden; `null` removes a default. */
export function hit(t: TestApp, params: Record<string, string | null | undefined> = {}, init: RequestInit & { ip?: string } = {}, path = '/matomo.php') {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ idsite: '1', rec: '1', url: PAGE, ...params })) if (value !== null && value !== undefined) query.set(name, value);
  return t.send(`${path}?${query}`, init);
}

export const closeApp = async (t: TestApp) => {
  await t.close();
  await t.db.close();
};
