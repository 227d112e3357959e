import { describe, expect, it } from 'vitest';
import { parseCombinedLine, parseCommonLine, unescape } from './clf-format.ts';
import { parseClfTime } from './log-entry.ts';
import { rejectionReason as reason } from '../../../tests/helpers/test-rejection.ts';

const NOW = Date.UTC(2026, 5, 1);
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const COMMON = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';

describe('parseCommonLine', () => {
  it('reads the NCSA example, with no referrer and no user agent', () => {
    expect(parseCommonLine(COMMON, NOW)).toEqual({
      ip: '127.0.0.1', ts: Date.UTC(2000, 9, 10, 20, 55, 36), method: 'GET', target: '/apache_pb.gif', status: 200, referrer: '', userAgent: undefined,
    });
  });

  it('reads "-" sizes, IPv6 hosts and unreadable request lines', () => {
    expect(parseCommonLine('2001:db8::1 - - [01/Mar/2026:00:00:00 +0000] "GET /a?b=c HTTP/2.0" 304 -', NOW)).toMatchObject({ ip: '2001:db8::1', target: '/a?b=c', status: 304 });
    expect(parseCommonLine('198.51.100.1 - - [01/Mar/2026:00:00:00 +0000] "-" 400 0', NOW)).toMatchObject({ method: '', target: '', status: 400 });
    expect(parseCommonLine('198.51.100.1 - - [01/Mar/2026:00:00:00 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01" 400 157', NOW)).toMatchObject({ method: '' });
    expect(parseCommonLine('198.51.100.1 - - [01/Mar/2026:00:00:00 +0000] "GET /" 200 10', NOW)).toMatchObject({ method: 'GET', target: '/' });
  });

  it('rejects other shapes, pointing a combined line at --format combined', () => {
    expect(reason(() => parseCommonLine(`${COMMON} "-" "${UA}"`, NOW))).toMatch(/^not in the common log format .*use --format combined\)$/);
    expect(reason(() => parseCommonLine('hello world', NOW))).toBe('not in the common log format (host ident user [time] "request" status bytes)');
    expect(reason(() => parseCommonLine(COMMON.replace('" 200 ', '" OK '), NOW))).toMatch(/^not in the common log format/);
  });
});

describe('parseCombinedLine', () => {
  it('reads the referrer and user agent, and ignores fields nginx setups append', () => {
    const line = `203.0.113.7 - - [01/Mar/2026:10:00:00 +0100] "GET /pricing HTTP/1.1" 200 512 "https://www.google.com/" "${UA}" "-" rt=0.003`;
    expect(parseCombinedLine(line, NOW)).toEqual({
      ip: '203.0.113.7', ts: Date.UTC(2026, 2, 1, 9), method: 'GET', target: '/pricing', status: 200, referrer: 'https://www.google.com/', userAgent: UA,
    });
  });

  it('reads "-" as none and undoes escapes', () => {
    const line = '203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "GET /caf\\xC3\\xA9 HTTP/1.1" 200 512 "-" "say \\"hi\\" \\\\o/"';
    expect(parseCombinedLine(line, NOW)).toMatchObject({ target: '/café', referrer: '', userAgent: 'say "hi" \\o/' });
    expect(parseCombinedLine('203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "-"', NOW)).toMatchObject({ userAgent: '' });
  });

  it('rejects a common line, pointing at --format common', () => {
    expect(reason(() => parseCombinedLine(COMMON, NOW))).toMatch(/^not in the combined log format .*use --format common\)$/);
    expect(reason(() => parseCombinedLine('{"level":"info"}', NOW))).toMatch(/^not in the combined log format/);
  });
});

describe('parseClfTime', () => {
  it('applies the offset', () => {
    expect(parseClfTime('01/Mar/2026:23:30:00 -0700', NOW)).toBe(Date.UTC(2026, 2, 2, 6, 30));
    expect(parseClfTime('01/Mar/2026:05:00:00 +0530', NOW)).toBe(Date.UTC(2026, 1, 28, 23, 30));
    expect(parseClfTime('01/mar/2026:05:00:00.250 +00:00', NOW)).toBe(Date.UTC(2026, 2, 1, 5, 0, 0, 250));
  });

  it('rejects bad dates, missing zones and times out of range', () => {
    expect(reason(() => parseClfTime('31/Feb/2026:00:00:00 +0000', NOW))).toBe('time [31/Feb/2026:00:00:00 +0000] is not a valid date');
    expect(reason(() => parseClfTime('01/Foo/2026:00:00:00 +0000', NOW))).toMatch(/is not dd\/Mon\/yyyy:hh:mm:ss ±hhmm$/);
    expect(reason(() => parseClfTime('01/Mar/2026:00:00:00', NOW))).toMatch(/is not dd\/Mon/);
    expect(reason(() => parseClfTime('01/Mar/2026:25:00:00 +0000', NOW))).toMatch(/is not a valid date/);
    expect(reason(() => parseClfTime('01/Mar/2099:00:00:00 +0000', NOW))).toBe('time [01/Mar/2099:00:00:00 +0000] is in the future');
    expect(reason(() => parseClfTime('01/Mar/1999:00:00:00 +0000', NOW))).toMatch(/is before 2000-01-01$/);
  });
});

describe('unescape', () => {
  it('leaves plain text alone and decodes UTF-8 byte escapes', () => {
    expect(unescape('plain')).toBe('plain');
    expect(unescape('\\xE2\\x82\\xAC and \\x22')).toBe('€ and "');
    expect(unescape('trailing \\')).toBe('trailing \\');
  });
});
