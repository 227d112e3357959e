const formatters = new Map<string, Intl.DateTimeFormat>();

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

/** The calendar day (`YYYY-MM-DD`) and minutes since midnight of an instant in a time zone. */
export function localDayAndMinute(ts: number, timezone: string): { day: string; minute: number } {
  const p: Record<string, string> = {};
  for (const part of formatter(timezone).formatToParts(ts)) p[part.type] = part.value;
  return { day: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

export const localDay = (ts: number, timezone: string) => localDayAndMinute(ts, timezone).day;
