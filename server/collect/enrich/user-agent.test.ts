import { describe, expect, it } from 'vitest';
import { createUserAgentParser } from './user-agent.ts';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  firefoxWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2.1 Safari/605.1.15',
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  iphoneChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1',
  ipad:
    'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
  androidFirefox: 'Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0',
  samsungTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  samsungInternet:
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  edge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
  opera:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0',
  chromebook:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  windows81:
    'Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
};

describe('createUserAgentParser', () => {
  const parse = createUserAgentParser();

  // [fixture, browser, browserVersion, os, osVersion, device]
  it.each([
    ['chromeWindows', 'Chrome', '120', 'Windows', '10', 'desktop'],
    ['firefoxWindows', 'Firefox', '121', 'Windows', '10', 'desktop'],
    ['safariMac', 'Safari', '17', 'macOS', '10.15', 'desktop'],
    ['iphoneSafari', 'Safari', '17', 'iOS', '17.4', 'mobile'],
    ['iphoneChrome', 'Chrome', '120', 'iOS', '17.2', 'mobile'],
    ['ipad', 'Safari', '16', 'iOS', '16.6', 'tablet'],
    ['androidChrome', 'Chrome', '120', 'Android', '10', 'mobile'],
    ['androidFirefox', 'Firefox', '121', 'Android', '14', 'mobile'],
    ['samsungTablet', 'Chrome', '120', 'Android', '13', 'tablet'],
    ['samsungInternet', 'Samsung Internet', '23', 'Android', '14', 'mobile'],
    ['edge', 'Microsoft Edge', '120', 'Windows', '10', 'desktop'],
    ['opera', 'Opera', '105', 'Windows', '10', 'desktop'],
    ['chromebook', 'Chrome', '120', 'ChromeOS', '14541.0', 'desktop'],
    ['linuxFirefox', 'Firefox', '121', 'Linux', '', 'desktop'],
    ['windows81', 'Chrome', '109', 'Windows', '8.1', 'desktop'],
  ] as const)('%s', (name, browser, browserVersion, os, osVersion, device) => {
    expect(parse(UA[name])).toEqual({ browser, browserVersion, os, osVersion, device });
  });

  it('returns empty strings, never null or undefined, for unknown agents', () => {
    const empty = { browser: '', browserVersion: '', os: '', osVersion: '', device: '' };
    expect(parse('')).toEqual(empty);
    expect(parse('curl/8.4.0')).toEqual(empty);
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    expect(parse(googlebot)).toEqual(empty);
  });

  it('hands out cached results that callers cannot mutate', () => {
    const first = parse(UA.chromeWindows);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { browser: string }).browser = 'Hacked';
    }).toThrow(TypeError);
    expect(parse(UA.chromeWindows).browser).toBe('Chrome');
  });

  it('does not leak state between consecutive parses on the shared parser instance', () => {
    const fresh = createUserAgentParser(2);
    expect(fresh(UA.iphoneSafari).device).toBe('mobile');
    expect(fresh(UA.linuxFirefox)).toMatchObject({ device: 'desktop', osVersion: '' });
    expect(fresh(UA.ipad).device).toBe('tablet');
    // Evicted by now (cache of 2), so this is a real re-parse after other UAs.
    expect(fresh(UA.iphoneSafari)).toMatchObject({ browser: 'Safari', osVersion: '17.4' });
  });

  it('treats very long UAs like their first 500 characters', () => {
    const long = UA.firefoxWindows + ' '.repeat(600) + 'Edg/120.0.0.0';
    expect(parse(long)).toMatchObject({ browser: 'Firefox', browserVersion: '121' });
  });
});
