import { describe, expect, it } from 'vitest';
import { screenClass } from './screen.ts';

describe('screenClass', () => {
  it.each([
    [320, 'mobile'],
    [390, 'mobile'],
    [575, 'mobile'],
    [576, 'tablet'],
    [768, 'tablet'],
    [991, 'tablet'],
    [992, 'laptop'],
    [1366, 'laptop'],
    [1439.5, 'laptop'],
    [1440, 'desktop'],
    [2560, 'desktop'],
  ] as const)('%d px -> %s', (width, expected) => {
    expect(screenClass(width)).toBe(expected);
  });

  it.each([undefined, 0, -1, Number.NaN, Number.POSITIVE_INFINITY])('%s -> empty', (width) => {
    expect(screenClass(width)).toBe('');
  });
});
