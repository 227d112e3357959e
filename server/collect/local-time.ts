const formatters = new Map<string, Intl.DateTimeFormat>();
/** Last answer per zone, keyed by UTC minute: every offset is a whole number of minutes. */
const lastMinute = new Map<string, { minuteKey: number; day: string; minute: number }>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/**
 * The calendar day (`YYYY-MM-DD`) and minutes since midnight of an instant in a time zone.
 * Intl is slow (microseconds per call) and the collector asks once per event, mostly for
 * the current minute, so the last answer per zone is reused.
 */
export function localDayAndMinute(ts: number, timezone: string): { day: string; minute: number } {
  const minuteKey = Math.floor(ts / 60_000);
  const cached = lastMinute.get(timezone);
  if (cached && cached.minuteKey === minuteKey) return cached;
  const p: Record<string, string> = {};
  for (const part of formatter(timezone).formatToParts(ts)) p[part.type] = part.value;
  const result = { minuteKey, day: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
  lastMinute.set(timezone, result);
  return result;
}

export const localDay = (ts: number, timezone: string) => localDayAndMinute(ts, timezone).day;
