import { describe, expect, it } from 'vitest';
import { primaryLanguage } from './language.ts';

describe('primaryLanguage', () => {
  it.each([
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['en-US,en;q=0.9', 'en'],
    ['fr', 'fr'],
    ['pt-BR', 'pt'],
    ['zh-Hans-CN,zh;q=0.9', 'zh'],
    ['EN-gb', 'en'],
    ['ast-ES', 'ast'],
    ['  es-419 ; q=1 , en;q=0.5', 'es'],
  ])('%s -> %s', (header, expected) => {
    expect(primaryLanguage(header)).toBe(expected);
  });

  it('picks the highest q when the list is not ordered', () => {
    expect(primaryLanguage('en;q=0.5,ja;q=0.9,de;q=0.7')).toBe('ja');
    expect(primaryLanguage('en;q=0.8,nl')).toBe('nl');
  });

  it('keeps the earlier entry on equal q', () => {
    expect(primaryLanguage('it;q=0.8,es;q=0.8')).toBe('it');
  });

  it('skips wildcards, q=0 and garbage entries', () => {
    expect(primaryLanguage('*,sv;q=0.5')).toBe('sv');
    expect(primaryLanguage('en;q=0,fi;q=0.3')).toBe('fi');
    expect(primaryLanguage('12345,x,de;q=0.2')).toBe('de');
  });

  it.each([undefined, '', '*', ';;;', 'q=0.9', 'en;q=0', '<script>', 'english'])(
    'returns empty string for %j',
    (header) => {
      expect(primaryLanguage(header)).toBe('');
    },
  );
});
