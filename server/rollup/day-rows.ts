import type { MetricColumns } from '../db/schema.ts';
import { computeDayGroupings, type DayWindow, type Group } from '../engine/compute-day.ts';
import type { DimensionContext } from '../engine/dimensions.ts';
import { addColumns, emptyColumns } from '../engine/metric-columns.ts';
import {
  CUSTOM_EVENTS_DIM, CUSTOM_EVENTS_FILTER, MAX_PROPERTY_KEYS, MAX_VALUES_PER_DAY, OTHER, PAIR_SEP, STORED_DIMENSIONS, STORED_PAIRS,
  TOTALS_DIM, pairDimension,
} from '../engine/stored-dimensions.ts';
import { propertyDimension } from '../vocabulary/dimensions.ts';

/** One row of agg_daily (or agg_monthly) without its site and day: a dimension's value and its components. */
export interface AggregateRow extends MetricColumns {
  dim: string;
  value: string;
}

export interface DayRows {
  rows: AggregateRow[];
  hours: Array<MetricColumns & { hour: string }>;
}

/** Everything the aggregates hold for one site-day: totals, each stored dimension and pair, hourly totals. */
export function dayRows(window: DayWindow, ctx: DimensionContext, cap = MAX_VALUES_PER_DAY): DayRows {
  const dims = [...STORED_DIMENSIONS, ...propertyDimensions(window, ctx)];
  const groupings = [[], [], ['time:hour'], ...dims.map((d) => [d]), ...STORED_PAIRS];
  const [totals, custom, hourly, ...byDim] = computeDayGroupings(window, groupings, null, ctx, [null, CUSTOM_EVENTS_FILTER]);
  const rows: AggregateRow[] = [];
  for (const [dim, groups] of [[TOTALS_DIM, totals!], [CUSTOM_EVENTS_DIM, custom!]] as const) {
    const total = groups.get('');
    if (total) rows.push({ dim, value: '', ...total.m });
  }
  [...dims, ...STORED_PAIRS.map(pairDimension)].forEach((dim, i) => {
    const groups = [...byDim[i]!.values()].map((g) => (g.values.length > 1 ? { values: [g.values.join(PAIR_SEP)], m: g.m } : g));
    for (const g of capped(groups, cap)) rows.push({ dim, value: g.values[0]!, ...g.m });
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
    .map(([key]) => propertyDimension(key));
}
