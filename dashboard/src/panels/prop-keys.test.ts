import { describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES } from '../../../tests/helpers/prototype-names.ts';
import { pickKey, propKeysPath, suggestedKey } from './prop-keys.ts';

describe('property key picker', () => {
  it('asks the server for one event and a range of days, escaped', () => {
    expect(propKeysPath('example.com', 'Signup', '2025-10-01', '2025-10-30')).toBe(
      '/api/dashboard/sites/example.com/props?event=Signup&from=2025-10-01&to=2025-10-30',
    );
    expect(propKeysPath('example.com', 'Outbound Link: Click', '2025-10-01', '2025-10-01')).toBe(
      '/api/dashboard/sites/example.com/props?event=Outbound+Link%3A+Click&from=2025-10-01&to=2025-10-01',
    );
    expect(propKeysPath('example.com', 'a&to=x#<b>', '2025-10-01', '2025-10-01')).toContain('event=a%26to%3Dx%23%3Cb%3E&');
  });

  it('keeps the chosen key, else prefers the tracker’s own key, else the most used', () => {
    expect(pickKey(['plan', 'seats'], 'seats', 'Signup')).toBe('seats');
    expect(pickKey(['plan', 'seats'], 'gone', 'Signup')).toBe('plan');
    expect(pickKey(['plan', 'seats'], '', 'Signup')).toBe('plan');
    expect(pickKey(['campaign', 'url'], '', 'Outbound Link: Click')).toBe('url');
    expect(pickKey(['campaign'], '', 'Outbound Link: Click')).toBe('campaign');
    expect(pickKey([], 'plan', 'Signup')).toBe('');
  });

  it('suggests the tracker’s own key for its built-in events only', () => {
    expect(suggestedKey('Outbound Link: Click')).toBe('url');
    expect(suggestedKey('404')).toBe('path');
    expect(suggestedKey('Signup')).toBe('');
  });

  it('treats event names and keys named like Object.prototype members as names', () => {
    for (const name of PROTOTYPE_NAMES) {
      // Custom events may have any name; the suggestion goes into a text box as a string.
      expect(suggestedKey(name), name).toBe('');
      expect(pickKey(['plan', name], name, 'Signup'), name).toBe(name);
      expect(pickKey([name, 'plan'], '', name), name).toBe(name);
      expect(pickKey(['url', name], '', name), name).toBe('url');
      expect(pickKey([], '', name), name).toBe('');
    }
  });
});
