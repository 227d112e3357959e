import { describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES } from '../../tests/helpers/prototype-names.ts';
import { dimensionReader } from '../engine/dimensions.ts';
import { RAW_EVENT_COLUMNS } from '../engine/raw-event.ts';
import { STORED_DIMENSIONS } from '../engine/stored-dimensions.ts';
import { PANELS, REFERRERS_EXPORT, referrersTab } from '../../dashboard/src/panels/definitions.ts';
import {
  CUSTOM_EVENTS, DIMENSIONS, dimensionDef, isDimensionName, isFilterable, isPropertyDimension, propertyDimension, propertyKey,
  type DimensionDef,
} from './dimensions.ts';

const TABLE: readonly DimensionDef[] = DIMENSIONS;
const PREFIX: Record<DimensionDef['from'], string> = {
  visit: 'visit:',
  'entry-page': 'visit:',
  'exit-page': 'visit:',
  event: 'event:',
  goal: 'event:',
  time: 'time:',
};

describe('the dimension table', () => {
  it('names each dimension once, with the prefix its source implies', () => {
    expect(new Set(TABLE.map((d) => d.name)).size).toBe(TABLE.length);
    for (const d of TABLE) expect(d.name.startsWith(PREFIX[d.from]), d.name).toBe(true);
  });

  it('reads every dimension from a raw event column or a derivation the engine knows', () => {
    for (const d of TABLE) {
      if ('column' in d) expect(RAW_EVENT_COLUMNS, d.name).toContain(d.column);
      expect(() => dimensionReader(d.name), d.name).not.toThrow();
    }
  });

  it('stores and filters everything but time, which the aggregates hold as totals and the date range chooses', () => {
    for (const d of TABLE) {
      expect(d.stored, d.name).toBe(d.from !== 'time');
      expect(d.filterable, d.name).toBe(d.from !== 'time');
    }
    expect(STORED_DIMENSIONS).toEqual(TABLE.filter((d) => d.stored).map((d) => d.name));
  });

  it('places every filterable dimension in a dashboard panel, so the filter editor offers it', () => {
    for (const d of TABLE) if (d.filterable) expect(d.panel, d.name).not.toBeNull();
  });

  it('answers only for its own names, never for a prototype member', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(dimensionDef(name), name).toBeUndefined();
      expect(isDimensionName(name), name).toBe(false);
      expect(isFilterable(name), name).toBe(false);
    }
  });

  it('makes property dimensions from any key and back', () => {
    expect(propertyDimension('plan')).toBe('event:props:plan');
    expect(isPropertyDimension('event:props:plan')).toBe(true);
    expect(isPropertyDimension('event:page')).toBe(false);
    expect(propertyKey(propertyDimension('a:b'))).toBe('a:b');
    expect(dimensionDef(propertyDimension('plan'))).toBeUndefined();
  });

  it('filters custom events by name', () => {
    expect(CUSTOM_EVENTS).toEqual({ op: 'is_not', dimension: 'event:name', values: ['pageview', 'engagement'] });
  });
});

describe("the dashboard's panels", () => {
  it('name only dimensions of the table, each in the panel the table places it', () => {
    for (const panel of PANELS) {
      for (const tab of panel.tabs) {
        for (const name of tab.dimensions) expect(dimensionDef(name)?.panel, `${panel.id}/${tab.id}: ${name}`).toBe(panel.id);
      }
    }
    for (const tab of [REFERRERS_EXPORT, referrersTab('google')]) {
      for (const name of tab.dimensions) expect(dimensionDef(name)?.panel, name).toBe('sources');
    }
  });
});
