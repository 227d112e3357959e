import { describe, expect, it } from 'vitest';
import { resolveReferrer } from './referrer.ts';

const ownHosts = new Set(['example.com', 'www.example.com']);
const isOwnHost = (hostname: string) => ownHosts.has(hostname);

function resolve(referrer: string | undefined, pageQuery = '') {
  return resolveReferrer({ referrer, pageParams: new URLSearchParams(pageQuery), isOwnHost });
}

const DIRECT = { source: '', host: '' };

describe('resolveReferrer from the Referer header', () => {
  // [referrer, source, host]
  it.each([
    ['https://www.google.com/', 'Google', 'google.com'],
    ['https://www.google.de/search?q=cairn', 'Google', 'google.de'],
    ['https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com', 'Facebook', 'l.facebook.com'],
    ['https://t.co/AbC123', 'Twitter', 't.co'],
    ['https://duckduckgo.com/', 'DuckDuckGo', 'duckduckgo.com'],
    ['https://www.bing.com/search?q=x', 'Bing', 'bing.com'],
    ['https://news.ycombinator.com/item?id=123', 'Hacker News', 'news.ycombinator.com'],
    ['https://WWW.Some-Blog.ORG/posts/draft?token=abc', 'some-blog.org', 'some-blog.org'],
    ['http://blog.example.net:8080/x', 'blog.example.net', 'blog.example.net'],
    ['https://shop.example.org./', 'shop.example.org', 'shop.example.org'],
  ])('%s', (referrer, source, host) => {
    expect(resolve(referrer)).toEqual({ source, host });
  });

  it('never returns the path or query of the referrer', () => {
    const info = resolve('https://private.example.org/users/42/reset?token=s3cr3t#frag');
    expect(JSON.stringify(info)).not.toMatch(/users|token|s3cr3t|frag/);
  });

  it.each([
    undefined,
    '',
    'not a url',
    'about:blank',
    'file:///etc/passwd',
    'chrome-extension://abc/x.html',
    'javascript:alert(1)',
  ])('treats %j as direct', (referrer) => {
    expect(resolve(referrer)).toEqual(DIRECT);
  });

  it('treats the site itself as direct (self-referral)', () => {
    expect(resolve('https://example.com/pricing')).toEqual(DIRECT);
    expect(resolve('https://www.example.com/')).toEqual(DIRECT);
  });

  it('passes the raw lower-case hostname to isOwnHost', () => {
    const seen: string[] = [];
    resolveReferrer({
      referrer: 'https://WWW.Example.com/',
      pageParams: new URLSearchParams(),
      isOwnHost: (h) => (seen.push(h), false),
    });
    expect(seen).toEqual(['www.example.com']);
  });

  it('names Android app referrers by package', () => {
    const gmail = 'com.google.android.gm';
    expect(resolve(`android-app://${gmail}`)).toEqual({ source: 'Gmail', host: gmail });
    expect(resolve('android-app://com.slack/')).toEqual({ source: 'com.slack', host: 'com.slack' });
  });
});

describe('resolveReferrer with source tags on the page URL', () => {
  it('lets utm_source beat the referrer and keeps the external referrer host', () => {
    expect(resolve('https://l.facebook.com/', 'utm_source=newsletter')).toEqual({
      source: 'newsletter',
      host: 'l.facebook.com',
    });
  });

  it('canonicalises known names and domains case-insensitively', () => {
    expect(resolve(undefined, 'utm_source=google')).toEqual({ source: 'Google', host: '' });
    expect(resolve(undefined, 'ref=news.ycombinator.com')).toMatchObject({ source: 'Hacker News' });
    expect(resolve(undefined, 'source=REDDIT')).toEqual({ source: 'Reddit', host: '' });
  });

  it('takes the first non-empty of utm_source, ref, source', () => {
    expect(resolve(undefined, 'source=c&ref=b&utm_source=a')).toMatchObject({ source: 'a' });
    expect(resolve(undefined, 'utm_source=%20&source=c&ref=b')).toMatchObject({ source: 'b' });
    expect(resolve(undefined, 'utm_source=&ref=&source=c')).toMatchObject({ source: 'c' });
  });

  it('counts Matomo campaign sources (mtm_source, pk_source) as utm_source', () => {
    expect(resolve(undefined, 'pk_source=newsletter')).toEqual({ source: 'newsletter', host: '' });
    expect(resolve(undefined, 'ref=b&mtm_source=a')).toMatchObject({ source: 'a' });
    expect(resolve(undefined, 'pk_source=b&utm_source=a')).toMatchObject({ source: 'a' });
  });

  it('leaves host empty when the referrer is the site itself or unusable', () => {
    const tagged = { source: 'producthunt', host: '' };
    expect(resolve('https://example.com/blog', 'ref=producthunt')).toEqual(tagged);
    expect(resolve('garbage', 'ref=producthunt')).toEqual(tagged);
  });

  it('trims and caps the tag value', () => {
    expect(resolve(undefined, `utm_source=${'x'.repeat(300)}`).source).toHaveLength(200);
    expect(resolve(undefined, 'ref=%20%20Partner%20').source).toBe('Partner');
  });
});
