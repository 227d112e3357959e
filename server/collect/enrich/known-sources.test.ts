import { describe, expect, it } from 'vitest';
import { canonicalSource, sourceForHost } from './known-sources.ts';

describe('sourceForHost', () => {
  it.each([
    ['www.google.com', 'Google'],
    ['google.de', 'Google'],
    ['www.google.co.uk', 'Google'],
    ['news.ycombinator.com', 'Hacker News'],
    ['l.facebook.com', 'Facebook'],
    ['t.co', 'Twitter'],
    ['x.com', 'Twitter'],
    ['duckduckgo.com', 'DuckDuckGo'],
    ['www.bing.com', 'Bing'],
    ['mail.google.com', 'Gmail'],
    ['com.google.android.gm', 'Gmail'],
    // Only in the data as www.so.com: keys are indexed without the www. prefix.
    ['so.com', '360.cn'],
  ])('%s -> %s', (host, expected) => {
    expect(sourceForHost(host)).toBe(expected);
  });

  it('falls back to parent domains', () => {
    expect(sourceForHost('m.youtube.com')).toBe('Youtube');
    expect(sourceForHost('old.reddit.com')).toBe('Reddit');
    expect(sourceForHost('someone.substack.com')).toBe('Substack');
  });

  it('prefers a matching path entry over the bare host', () => {
    expect(sourceForHost('www.bing.com', '/images/search')).toBe('Bing Images');
    expect(sourceForHost('www.bing.com', '/search')).toBe('Bing');
  });

  it('returns undefined for unknown hosts without matching a bare TLD', () => {
    expect(sourceForHost('example.com')).toBeUndefined();
    expect(sourceForHost('blog.example.co.uk')).toBeUndefined();
    expect(sourceForHost('localhost')).toBeUndefined();
    // 'buffer' is a single-label key (a utm_source value); a parent walk must not reach it.
    expect(sourceForHost('cache.buffer')).toBeUndefined();
    expect(sourceForHost('buffer')).toBe('Buffer');
  });
});

describe('canonicalSource', () => {
  it.each([
    ['google', 'Google'],
    ['GOOGLE', 'Google'],
    ['hacker news', 'Hacker News'],
    ['news.ycombinator.com', 'Hacker News'],
    ['https://news.ycombinator.com/item?id=1', 'Hacker News'],
    ['facebook.com', 'Facebook'],
    ['bsky', 'Bluesky'],
    ['duckduckgo', 'DuckDuckGo'],
  ])('%s -> %s', (value, expected) => {
    expect(canonicalSource(value)).toBe(expected);
  });

  it('returns undefined for names it does not know', () => {
    expect(canonicalSource('newsletter')).toBeUndefined();
    expect(canonicalSource('partner-site.example')).toBeUndefined();
    expect(canonicalSource('')).toBeUndefined();
  });
});
