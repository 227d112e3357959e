import { isbot } from 'isbot';
import { createLruCache } from './lru-cache.ts';

// Real browser UAs are 70+ chars; anything this short is a hand-written client or a probe.
const MIN_UA_LENGTH = 8;
const MAX_UA_LENGTH = 500;

/**
 * Automation markers isbot 5.2 misses when appended to an otherwise normal browser UA.
 * It already catches Headless*, PhantomJS, Chrome-Lighthouse, Playwright, Selenium,
 * "Cypress/", curl, Wget, python-requests, Go-http-client, axios, node-fetch, okhttp, Java,
 * libwww-perl and lone tokens like "Mozilla", so those are not repeated here.
 */
const AUTOMATION = /lighthouse|gtmetrix|puppeteer|webdriver|cypress/i;

/** Returns a cached predicate: isbot's pattern is one large regex, and traffic repeats UAs. */
export function createBotDetector(cacheSize = 5000): (ua: string) => boolean {
  const cache = createLruCache<string, boolean>(cacheSize);

  return function isBot(ua: string): boolean {
    const trimmed = ua ? ua.trim() : '';
    if (trimmed.length < MIN_UA_LENGTH) return true;
    const key = trimmed.length > MAX_UA_LENGTH ? trimmed.slice(0, MAX_UA_LENGTH) : trimmed;
    let verdict = cache.get(key);
    if (verdict === undefined) {
      verdict = isbot(key) || AUTOMATION.test(key);
      cache.set(key, verdict);
    }
    return verdict;
  };
}
