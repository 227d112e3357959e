import { UAParser } from 'ua-parser-js';
import { createLruCache } from './lru-cache.ts';

export interface UserAgentInfo {
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  device: '' | 'desktop' | 'mobile' | 'tablet';
}

// ua-parser-js truncates at 500 chars itself, so longer keys would only waste cache memory.
const MAX_UA_LENGTH = 500;

// ua-parser reports the mobile build as a separate browser; dashboards want one row per product.
const BROWSER_NAMES: Record<string, string> = {
  'Mobile Safari': 'Safari',
  'Mobile Chrome': 'Chrome',
  'Chrome Mobile': 'Chrome',
  'Mobile Firefox': 'Firefox',
  'Firefox Mobile': 'Firefox',
  Edge: 'Microsoft Edge',
  IE: 'Internet Explorer',
  'Opera Mobi': 'Opera',
  'Opera Tablet': 'Opera',
  'Opera Touch': 'Opera',
  UCBrowser: 'UC Browser',
};

const OS_NAMES: Record<string, string> = {
  'Mac OS': 'macOS',
  'Chrome OS': 'ChromeOS',
  'Chromium OS': 'ChromeOS',
};

const EMPTY: UserAgentInfo = Object.freeze({
  browser: '',
  browserVersion: '',
  os: '',
  osVersion: '',
  device: '',
});

/** '17.4.1' -> '17.4'; non-numeric versions such as Windows 'XP' pass through. */
function majorMinor(version: string | undefined): string {
  if (!version) return '';
  const dot = version.indexOf('.');
  if (dot === -1) return version;
  const second = version.indexOf('.', dot + 1);
  return second === -1 ? version : version.slice(0, second);
}

/**
 * Returns a parser whose results are frozen and cached per UA string: parsing costs tens of
 * microseconds (mostly device regexes), while real traffic repeats a few thousand UAs.
 */
export function createUserAgentParser(cacheSize = 5000): (ua: string) => UserAgentInfo {
  const cache = createLruCache<string, UserAgentInfo>(cacheSize);
  // One reusable instance: setUA + the three getters we need skips the engine and CPU passes.
  const parser = new UAParser();

  function parse(ua: string): UserAgentInfo {
    parser.setUA(ua);
    const browser = parser.getBrowser();
    const os = parser.getOS();
    const type = parser.getDevice().type;
    const name = browser.name ? (BROWSER_NAMES[browser.name] ?? browser.name) : '';
    const device = type === 'mobile' || type === 'tablet' ? type : name ? 'desktop' : '';
    return Object.freeze({
      browser: name,
      browserVersion: browser.major ?? '',
      os: os.name ? (OS_NAMES[os.name] ?? os.name) : '',
      osVersion: majorMinor(os.version),
      device,
    });
  }

  return function parseUserAgent(ua: string): UserAgentInfo {
    if (!ua) return EMPTY;
    const key = ua.length > MAX_UA_LENGTH ? ua.slice(0, MAX_UA_LENGTH) : ua;
    let info = cache.get(key);
    if (!info) {
      info = parse(key);
      cache.set(key, info);
    }
    return info;
  };
}
