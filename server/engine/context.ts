import { parseStoredProps, type Props } from '../props.ts';
import type { DimensionContext } from './dimensions.ts';
import type { RawEvent } from './raw-event.ts';

/** What a DimensionContext's answers depend on: the site's zone and its goals. */
export const contextKey = (timezone: string, goals: ReadonlyArray<{ name: string; kind: string; pattern: string }>) =>
  JSON.stringify([timezone, goals.map((g) => [g.name, g.kind, g.pattern])]);

export function dimensionContext(clock: DimensionContext['clock'], goals: DimensionContext['goals'], cacheKey?: string): DimensionContext {
  const parsed = new WeakMap<RawEvent, Props | null>();
  return {
    clock,
    goals,
    cacheKey,
    props(e) {
      if (e.props === null) return null;
      let p = parsed.get(e);
      if (p === undefined) parsed.set(e, (p = parseStoredProps(e.props)));
      return p;
    },
  };
}
