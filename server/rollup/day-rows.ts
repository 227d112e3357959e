import type { MetricColumns } from '../db/schema.ts';
import { computeDayGroupings, type DayWindow, type Group } from './compute-day.ts';
import type { DimensionContext } from './dimensions.ts';
import { addColumns, emptyColumns } from './metric-columns.ts';
import type { AggregateRow } from './rollup.queries.ts';
import { MAX_PROPERTY_KEYS, MAX_VALUES_PER_DAY, OTHER, STORED_DIMENSIONS, TOTALS_DIM } from './stored-dimensions.ts';

export interface DayRows {
  rows: AggregateRow[];
  hours: Array<MetricColumns & { hour: string }>;
}

/** Everything the aggregates hold for one site-day: totals, each stored dimension, hourly totals. */
export function dayRows(window: DayWindow, ctx: DimensionContext, cap = MAX_VALUES_PER_DAY): DayRows {
  const dims = [...STORED_DIMENSIONS, ...propertyDimensions(window, ctx)];
  const [totals, hourly, ...byDim] = computeDayGroupings(window, [[], ['time:hour'], ...dims.map((d) => [d])], null, ctx);
  const rows: AggregateRow[] = [];
  const total = totals!.get('');
  if (total) rows.push({ dim: TOTALS_DIM, value: '', ...total.m });
  dims.forEach((dim, i) => {
    for (const g of capped([...byDim[i]!.values()], cap)) rows.push({ dim, value: g.values[0]!, ...g.m });
  });
  const hours = [...hourly!.values()].map((g) => ({ hour: g.values[0]!, ...g.m }));
  return { rows, hours };
}

/** Keeps the `cap` values with most visitors; the rest (and any earlier OTHER row) become one OTHER row. */
export function capped(groups: Group[], cap: number): Group[] {
  if (groups.length <= cap) return groups;
  const other = emptyColumns();
  const named = groups.filter((g) => (g.values[0] === OTHER ? (addColumns(other, g.m), false) : true));
  named.sort((a, b) => b.m.visitors - a.m.visitors || b.m.events - a.m.events || (a.values[0]! < b.values[0]! ? -1 : 1));
  for (const g of named.slice(cap - 1)) addColumns(other, g.m);
  return [...named.slice(0, cap - 1), { values: [OTHER], m: other }];
}

/** `event:props:<key>` for the day's most used property keys. */
function propertyDimensions(window: DayWindow, ctx: DimensionContext): string[] {
  const counts = new Map<string, number>();
  for (const e of window.events) {
    if (e.ts < window.start || e.ts >= window.end) continue;
    const props = ctx.props(e);
    if (props) for (const key of Object.keys(props)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_PROPERTY_KEYS)
    .map(([key]) => `event:props:${key}`);
}
