import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseQuery } from './model.ts';
import { QUERY_DAYS } from './date-range.ts';

const base = { site_id: 'example.com', metrics: ['visitors'], date_range: '7d' };

/** The 400 message for `base` merged with `extra` (fails the test if it parses). */
function err(extra: Record<string, unknown>): string {
  try {
    parseQuery({ ...base, ...extra });
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    return (e as Error).message;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(extra)}`);
}

const OUTSIDE = ['0001-01-01', '0001-06-01', '1970-01-01', '1999-12-31', '2101-01-01', '9999-01-01', '9999-12-31'];

describe('parseQuery: days a query may name', () => {
  it('runs from 2000-01-01 to 2100-12-31', () => {
    expect(QUERY_DAYS).toEqual({ first: '2000-01-01', last: '2100-12-31' });
    const ok = parseQuery({ ...base, date: '2100-12-31', date_range: ['2000-01-01', '2009-12-31'], include: { comparisons: { mode: 'custom', date_range: ['2091-01-01', '2100-12-31'] } } });
    expect(ok.date).toBe('2100-12-31');
  });

  it('refuses a date anchor outside them, naming the field', () => {
    for (const date of OUTSIDE) expect(err({ date })).toBe(`date: ${JSON.stringify(date)} is outside the days a query can ask for (2000-01-01 to 2100-12-31)`);
  });

  it('refuses a custom date_range outside them, naming the element', () => {
    for (const day of OUTSIDE) {
      const before = day < '2000';
      const range = before ? [day, '2000-01-01'] : ['2100-12-31', day];
      // A span check on a day of year 10000 compared strings and called 9999-12-01..9999-12-31 ten years long.
      expect(err({ date_range: range })).toMatch(new RegExp(`^date_range\\[${before ? 0 : 1}\\]: "${day}" is outside the days a query can ask for`));
    }
    expect(err({ date_range: ['9999-12-01', '9999-12-31'] })).toMatch(/^date_range\[0\]: "9999-12-01" is outside/);
  });

  it('refuses a custom comparison range outside them', () => {
    expect(err({ include: { comparisons: { mode: 'custom', date_range: ['0001-01-01', '0001-01-31'] } } })).toMatch(
      /^include\.comparisons\.date_range\[0\]: "0001-01-01" is outside/,
    );
    expect(err({ comparison: { mode: 'custom', date_range: ['2024-01-01', '9999-12-31'] } })).toMatch(/^comparison\.date_range\[1\]: "9999-12-31" is outside/);
  });
});
