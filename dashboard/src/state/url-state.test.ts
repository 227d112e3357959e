import { describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES } from '../../../tests/helpers/prototype-names.ts';
import { decodeFilter, DEFAULT_STATE, encodeFilter, isFilterValue, parseState, serializeState, withFilter, withoutFilter, type DashState } from './url-state.ts';

describe('URL state', () => {
  it('is empty for the default view', () => {
    expect(serializeState(DEFAULT_STATE)).toBe('');
    expect(parseState('')).toEqual(DEFAULT_STATE);
  });

  it('round-trips a full state with readable separators', () => {
    const state: DashState = {
      period: '7d',
      date: '2025-10-03',
      compare: 'previous_period',
      metric: 'bounce_rate',
      filters: [
        { dimension: 'visit:source', op: 'is', value: 'Google' },
        { dimension: 'event:page', op: 'contains', value: '/blog?a=1&b=2 | x#y' },
        { dimension: 'event:props:odd|key%', op: 'is_not', value: 'v|w' },
      ],
    };
    const q = serializeState(state);
    expect(q).toContain('f=visit:source|is|Google');
    expect(q).toContain('period=7d');
    expect(parseState(q)).toEqual(state);
  });

  it('keeps custom ranges ordered and drops anchors that do not apply', () => {
    expect(parseState('?period=custom&from=2025-10-09&to=2025-10-01')).toMatchObject({ period: 'custom', from: '2025-10-01', to: '2025-10-09' });
    expect(parseState('?period=custom&from=2025-10-01')).toMatchObject({ period: '30d' });
    expect(parseState('?period=realtime&date=2025-10-01').date).toBeUndefined();
    expect(parseState('?period=all&date=2025-10-01').date).toBeUndefined();
    expect(serializeState({ ...DEFAULT_STATE, period: 'custom', from: '2025-01-01', to: '2025-01-31', date: '2025-01-05' })).toBe('?period=custom&from=2025-01-01&to=2025-01-31');
  });

  it('ignores junk instead of failing', () => {
    const s = parseState('?period=forever&compare=sideways&metric=bogus&date=2025-02-30&f=nope&f=visit:planet|is|Mars&f=visit:country|like|DE&f=visit:country|is|DE&f=visit:country|is|DE');
    expect(s).toEqual({ ...DEFAULT_STATE, filters: [{ dimension: 'visit:country', op: 'is', value: 'DE' }] });
  });

  it('decodes values that contain the separator', () => {
    expect(decodeFilter('event:page|is|/a|b|c')).toEqual({ dimension: 'event:page', op: 'is', value: '/a|b|c' });
    expect(decodeFilter(encodeFilter({ dimension: 'visit:referrer', op: 'is', value: '' }))).toEqual({ dimension: 'visit:referrer', op: 'is', value: '' });
    expect(decodeFilter('event:props:|is|x')).toBeNull();
  });

  it('adds, replaces and removes filters', () => {
    let s = withFilter(DEFAULT_STATE, { dimension: 'visit:source', op: 'is', value: 'Google' });
    s = withFilter(s, { dimension: 'visit:source', op: 'is', value: 'Bing' });
    expect(s.filters).toEqual([{ dimension: 'visit:source', op: 'is', value: 'Bing' }]);
    expect(isFilterValue(s, 'visit:source')).toBe('Bing');
    s = withFilter(s, { dimension: 'visit:source', op: 'contains', value: 'in' });
    s = withFilter(s, { dimension: 'visit:source', op: 'contains', value: 'in' });
    expect(s.filters).toHaveLength(2);
    expect(withoutFilter(s, 0).filters).toEqual([{ dimension: 'visit:source', op: 'contains', value: 'in' }]);
  });

  it('round-trips filters on properties named like Object.prototype members', () => {
    const filters = PROTOTYPE_NAMES.map((name) => ({ dimension: `event:props:${name}`, op: 'is' as const, value: name }));
    const state: DashState = { ...DEFAULT_STATE, filters };
    expect(parseState(serializeState(state))).toEqual(state);
    expect(parseState('?f=constructor|is|x&f=__proto__|is|x&f=toString|is|x').filters).toEqual([]);
  });
});
