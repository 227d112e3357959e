import { badRequest } from '../../errors.ts';
import { param, type Params } from './params.ts';

/** Matomo lets anyone date an event up to a day back; older needs token_auth. */
export const NO_TOKEN_WINDOW_MS = 24 * 3_600_000;
/** Device clocks run a little fast; beyond this a time in the future is an error. */
const MAX_SKEW_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?Z?$/i;

export interface EventTime {
  ts: number;
  /** The parameter that moved the event more than a day back, so needs token_auth. */
  protectedBy: 'cdt' | 'cdo' | undefined;
}

/**
 * The event's time from `cdt` (Unix seconds, or `YYYY-MM-DD HH:MM:SS` in UTC) and `cdo` (seconds
 * back from `cdt`, or from now; Matomo subtracts its absolute value), else now. Within a few
 * minutes ahead it is taken as now; further ahead, or before 2000, it is refused.
 */
export function eventTime(params: Params, now: number): EventTime {
  const cdt = param(params, 'cdt');
  const cdo = param(params, 'cdo');
  if (cdt === undefined && cdo === undefined) return { ts: now, protectedBy: undefined };
  let ts = cdt === undefined ? now : parseCdt(cdt);
  if (cdo !== undefined) {
    const offset = Number(cdo);
    if (!/^[+-]?\d+(\.\d+)?$/.test(cdo) || !Number.isFinite(offset)) throw badRequest('cdo must be a number of seconds');
    ts -= Math.round(Math.abs(offset) * 1000);
  }
  const name = cdt !== undefined ? 'cdt' : 'cdo';
  if (ts > now + MAX_SKEW_MS) throw badRequest(`${name} is in the future`);
  if (ts < EARLIEST) throw badRequest(`${name} is before 2000-01-01`);
  ts = Math.min(ts, now);
  return { ts, protectedBy: now - ts > NO_TOKEN_WINDOW_MS ? name : undefined };
}

/** Unix seconds (a fraction allowed) or a UTC date and time; Unix milliseconds are refused as far future. */
export function parseCdt(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const m = DATETIME.exec(text);
  if (m) {
    const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
    const ts = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const back = new Date(ts);
    // Date.UTC rolls 2024-02-30 over into March; a date that does not round-trip does not exist.
    if (back.getUTCDate() === Number(d) && back.getUTCMonth() === Number(mo) - 1 && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60) {
      return ts;
    }
  }
  throw badRequest('cdt must be Unix seconds or a UTC date and time such as 2024-05-01 12:00:00');
}
