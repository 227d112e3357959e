import { describe, expect, it } from 'vitest';
import { validatePathPattern } from './sites.ts';

describe('validatePathPattern', () => {
  it('takes patterns up to 500 characters and says why it refuses longer ones', () => {
    const longest = `/${'a*'.repeat(249)}b`;
    expect(validatePathPattern(` ${longest} `)).toBe(longest);
    expect(() => validatePathPattern(`${longest}c`)).toThrow(/^path pattern "\/a\*a\*.*\.\.\." is longer than 500 characters$/);
    expect(() => validatePathPattern(`${longest}c`)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_path' }));
    expect(() => validatePathPattern('admin/**')).toThrow(/"admin\/\*\*" must be a path pattern starting with \//);
  });
});
