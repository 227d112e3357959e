import { badRequest } from '../../errors.ts';
import { emptyProps, type Props } from '../../props.ts';
import { cleanParam } from '../enrich/utm.ts';
import { LIMITS } from '../../vocabulary/event-limits.ts';
import { param, type Params } from './params.ts';
import type { MatomoSite } from './site-by-id.ts';

/** What one tracking request records: a Cairn event name, its props and revenue. */
export interface Action {
  name: string;
  props: Props | null;
  revenue: { currency: string; amount: number } | null;
}

/** The names Cairn's own tracker uses, so Matomo's clicks land in the same reports. */
export const OUTBOUND = 'Outbound Link: Click';
export const DOWNLOAD = 'File Download';
export const SITE_SEARCH = 'Site Search';
export const ECOMMERCE_ORDER = 'Ecommerce Order';
/** Revenue needs a currency; Matomo keeps it per site, Cairn per event. `currency=USD` overrides. */
export const DEFAULT_CURRENCY = 'EUR';

/**
 * The event a tracking request stands for, in Matomo's order of precedence: heartbeat, goal
 * conversion, event, outlink, download, site search, else a page view. Undefined for requests
 * Cairn has no event for (cart updates, content and media tracking, other `ca=1` actions):
 * they are answered like any other and not recorded.
 */
export function actionFor(params: Params, site: MatomoSite): Action | undefined {
  if (param(params, 'ping') === '1') return { name: 'engagement', props: null, revenue: null };
  const idgoal = param(params, 'idgoal');
  if (idgoal !== undefined) return goal(params, site, idgoal);
  const category = param(params, 'e_c');
  const eventAction = param(params, 'e_a');
  if (category !== undefined || eventAction !== undefined) {
    if (category === undefined || eventAction === undefined) throw badRequest('an event needs both e_c (category) and e_a (action)');
    return event(`${category}: ${eventAction}`, { name: param(params, 'e_n'), value: param(params, 'e_v') });
  }
  const link = param(params, 'link');
  if (link !== undefined) return event(OUTBOUND, { url: link });
  const download = param(params, 'download');
  if (download !== undefined) return event(DOWNLOAD, { url: download });
  const search = param(params, 'search');
  if (search !== undefined) {
    return event(SITE_SEARCH, { query: search, category: param(params, 'search_cat'), count: param(params, 'search_count') });
  }
  if (param(params, 'ca') === '1' || ['c_n', 'c_i', 'c_p', 'ma_id'].some((name) => param(params, name) !== undefined)) return undefined;
  return { name: 'pageview', props: null, revenue: null };
}

/** A goal id the site has as an event goal records that event; any other id a `Matomo goal <id>` event. */
function goal(params: Params, site: MatomoSite, idgoal: string): Action | undefined {
  if (!/^\d{1,9}$/.test(idgoal)) throw badRequest('idgoal must be a goal id (a whole number)');
  const id = Number(idgoal);
  // Goal 0 is Matomo's ecommerce: an order when it has an order id (not stored), else a cart update.
  if (id === 0 && param(params, 'ec_id') === undefined) return undefined;
  const name = id === 0 ? ECOMMERCE_ORDER : (site.eventGoals.get(id) ?? `Matomo goal ${id}`);
  return { ...event(name, {}), revenue: revenue(params) };
}

function revenue(params: Params): Action['revenue'] {
  const raw = param(params, 'revenue');
  if (raw === undefined) return null;
  const amount = Number(raw);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) || !Number.isFinite(amount) || Math.abs(amount) > 1e12) {
    throw badRequest('revenue must be a number');
  }
  const currency = (param(params, 'currency') ?? DEFAULT_CURRENCY).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw badRequest('currency must be an ISO 4217 code such as EUR');
  return { currency, amount };
}

/** Capped as the collector's limits require: a long Matomo name is cut, not refused. */
function event(name: string, props: Record<string, string | undefined>): Action {
  const kept = emptyProps();
  for (const [key, value] of Object.entries(props)) if (value !== undefined) kept[key] = cleanParam(value, LIMITS.propValueLength);
  return { name: cleanParam(name, LIMITS.nameLength), props: Object.keys(kept).length > 0 ? kept : null, revenue: null };
}
