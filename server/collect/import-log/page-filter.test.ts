import { describe, expect, it } from 'vitest';
import type { LogEntry } from './log-entry.ts';
import { pageSkipReason, targetPath } from './page-filter.ts';

const request = (over: Partial<LogEntry> = {}): LogEntry => ({
  ip: '203.0.113.7', ts: 0, method: 'GET', target: '/', status: 200, referrer: '', userAgent: 'ua', ...over,
});
const reason = (over: Partial<LogEntry>) => pageSkipReason(request(over), targetPath(request(over).target));

describe('pageSkipReason', () => {
  it('keeps successful and revalidated GETs of pages', () => {
    for (const target of ['/', '/about', '/blog/post/', '/index.php', '/page.html', '/a?utm_source=x&file=a.css', '/v1.2/docs']) {
      expect(reason({ target }), target).toBeUndefined();
    }
    for (const status of [200, 203, 206, 299, 304]) expect(reason({ status })).toBeUndefined();
  });

  it('drops other methods, including HEAD and unreadable requests', () => {
    for (const method of ['POST', 'HEAD', 'PUT', 'OPTIONS', '']) expect(reason({ method }), method).toBe('not_get');
  });

  it('drops redirects, errors and other statuses', () => {
    for (const status of [0, 101, 199, 300, 301, 302, 303, 307, 400, 404, 500, 503]) expect(reason({ status }), String(status)).toBe('status');
  });

  it('drops assets and downloads by extension, in any case', () => {
    for (const target of ['/app.css', '/app.JS?v=3', '/chunk.mjs', '/logo.png', '/font.woff2', '/doc.pdf', '/feed.xml', '/data.json', '/clip.mp4', '/x.zip']) {
      expect(reason({ target }), target).toBe('asset');
    }
  });

  it("drops well-known files, Cairn's endpoints and non-path targets", () => {
    for (const target of ['/favicon.ico', '/robots.txt', '/.well-known/acme-challenge/x', '/cairn.js', '/js/cairn.abc123.js', '/api/event', '/p.gif?d=x', '/matomo.php?idsite=1', '/piwik.php', '*', 'http://proxy.example/']) {
      expect(reason({ target }), target).toBe('not_page');
    }
  });

  it('drops a response that says it is not HTML, and keeps one that does not say', () => {
    expect(reason({ contentType: 'application/json' })).toBe('not_html');
    expect(reason({ contentType: 'text/plain; charset=utf-8' })).toBe('not_html');
    expect(reason({ contentType: 'text/html; charset=utf-8' })).toBeUndefined();
    expect(reason({ contentType: 'application/xhtml+xml' })).toBeUndefined();
    expect(reason({ contentType: undefined })).toBeUndefined();
  });
});

describe('targetPath', () => {
  it('cuts the query and fragment', () => {
    expect(targetPath('/a/b?c=d#e')).toBe('/a/b');
    expect(targetPath('/a#b?c')).toBe('/a');
    expect(targetPath('/')).toBe('/');
  });
});
