import { describe, expect, it } from 'vitest';
import { eventTime, parseCdt } from './time.ts';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const at = (params: Record<string, string>) => eventTime(params, NOW);

describe('parseCdt', () => {
  it('reads Unix seconds and UTC date-times', () => {
    expect(parseCdt('1301919102')).toBe(1_301_919_102_000);
    expect(parseCdt('1301919102.5')).toBe(1_301_919_102_500);
    expect(parseCdt('2011-04-05 00:11:42')).toBe(Date.UTC(2011, 3, 5, 0, 11, 42));
    expect(parseCdt('2011-04-05T00:11:42Z')).toBe(Date.UTC(2011, 3, 5, 0, 11, 42));
    expect(parseCdt('2011-04-05 00:11')).toBe(Date.UTC(2011, 3, 5, 0, 11));
    expect(parseCdt('2011-04-05')).toBe(Date.UTC(2011, 3, 5));
  });

  it('refuses what is not a date', () => {
    for (const text of ['yesterday', '2024-02-30 10:00:00', '2024-01-01 24:00:00', '-5', '2024-1-1']) {
      expect(() => parseCdt(text), text).toThrow(/cdt must be/);
    }
  });
});

describe('eventTime', () => {
  it('is now without cdt and cdo, and needs no token within a day', () => {
    expect(at({})).toEqual({ ts: NOW, protectedBy: undefined });
    expect(at({ cdt: '', cdo: '' })).toEqual({ ts: NOW, protectedBy: undefined });
    expect(at({ cdt: '2026-03-10 01:00:00' })).toEqual({ ts: Date.UTC(2026, 2, 10, 1), protectedBy: undefined });
    expect(at({ cdo: '-600' })).toEqual({ ts: NOW - 600_000, protectedBy: undefined });
  });

  it('subtracts cdo from cdt, and names what took the event over 24 hours back', () => {
    expect(at({ cdt: '2026-03-10 11:00:00', cdo: '3600' })).toEqual({ ts: Date.UTC(2026, 2, 10, 10), protectedBy: undefined });
    expect(at({ cdt: '2026-03-01 00:00:00' })).toMatchObject({ protectedBy: 'cdt' });
    expect(at({ cdt: '2026-03-10 11:00:00', cdo: String(2 * 86_400) })).toMatchObject({ protectedBy: 'cdt' });
    expect(at({ cdo: String(2 * 86_400) })).toEqual({ ts: NOW - 2 * 86_400_000, protectedBy: 'cdo' });
  });

  it('takes a few minutes ahead as now and refuses further, or before 2000', () => {
    expect(at({ cdt: String(NOW / 1000 + 120) })).toEqual({ ts: NOW, protectedBy: undefined });
    expect(() => at({ cdt: String(NOW / 1000 + 3_600) })).toThrow('cdt is in the future');
    expect(() => at({ cdt: String(NOW) })).toThrow('cdt is in the future');
    expect(() => at({ cdt: '1999-12-31 23:59:59' })).toThrow('cdt is before 2000-01-01');
    expect(() => at({ cdo: 'soon' })).toThrow('cdo must be a number of seconds');
  });
});
