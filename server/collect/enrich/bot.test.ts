import { describe, expect, it } from 'vitest';
import { createBotDetector } from './bot.ts';

const BOTS = {
  googlebot:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingbot:
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
  gptbot:
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.2; +https://openai.com/gptbot',
  headlessChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  phantomjs:
    'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  pageSpeed:
    'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
  curl: 'curl/8.4.0',
  wget: 'Wget/1.21.4',
  pythonRequests: 'python-requests/2.31.0',
  goHttp: 'Go-http-client/1.1',
  axios: 'axios/1.6.2',
  okhttp: 'okhttp/4.12.0',
  facebook: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
};

// These ride on a genuine Chrome UA, where isbot 5.2 alone says "not a bot".
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36';
const AUTOMATION = {
  lighthouse: `${CHROME} Lighthouse`,
  gtmetrix: `${CHROME} GTmetrix`,
  puppeteer: `${CHROME} puppeteer`,
  webdriver: `${CHROME} WebDriver`,
  cypressWithoutVersion: `${CHROME} Cypress`,
};

const HUMANS = {
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  safari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2.1 Safari/605.1.15',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  android:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
  samsung:
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  facebookInApp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/444.0.0.41.110;FBBV/540379735;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1.2;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
  electronApp:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.36.140 Chrome/120.0.6099.56 Electron/28.0.0 Safari/537.36',
};

describe('createBotDetector', () => {
  const isBot = createBotDetector();

  it.each(Object.entries(BOTS))('flags %s', (_name, ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it.each(Object.entries(AUTOMATION))('flags %s markers on a browser UA', (_name, ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it.each(Object.entries(HUMANS))('lets real %s traffic through', (_name, ua) => {
    expect(isBot(ua)).toBe(false);
  });

  it('treats empty, blank and very short UAs as bots', () => {
    expect(isBot('')).toBe(true);
    expect(isBot('       ')).toBe(true);
    expect(isBot('Mozilla')).toBe(true);
    expect(isBot(undefined as unknown as string)).toBe(true);
  });

  it('gives the same answer from the cache as on first sight', () => {
    const detect = createBotDetector(1);
    expect(detect(HUMANS.chrome)).toBe(false);
    expect(detect(HUMANS.chrome)).toBe(false);
    expect(detect(BOTS.curl)).toBe(true);
    expect(detect(BOTS.curl)).toBe(true);
    expect(detect(HUMANS.chrome)).toBe(false);
  });
});
