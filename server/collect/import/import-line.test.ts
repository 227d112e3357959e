import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, parseImportLine, parseTimestamp } from './import-line.ts';
import { rejectionReason as reason } from '../../../tests/helpers/test-rejection.ts';

const NOW = Date.UTC(2026, 5, 1, 12);
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ts: '2026-05-01T10:00:00Z', url: 'https://example.com/a', ua: CHROME, ip: '203.0.113.7', ...over });

describe('parseImportLine', () => {
  it('builds the collector payload for the site and the request context from ua and ip', () => {
    const { payload, ctx } = parseImportLine(
      line({ referrer: 'https://google.com/', props: { plan: 'pro', seats: 3 }, w: 390, name: 'Signup', revenue: { currency: 'eur', amount: 9.5 } }),
      'example.com',
      NOW,
    );
    expect(payload).toMatchObject({ name: 'Signup', domains: ['example.com'], referrer: 'https://google.com/', width: 390 });
    expect(payload.url.href).toBe('https://example.com/a');
    expect(payload.props).toEqual({ plan: 'pro', seats: '3' });
    expect(payload.revenue).toEqual({ currency: 'EUR', amount: 9.5 });
    expect(ctx).toEqual({ ip: '203.0.113.7', userAgent: CHROME, acceptLanguage: undefined, doNotTrack: false, ts: Date.UTC(2026, 4, 1, 10) });
  });

  it('defaults the name to pageview and reads engagement fields', () => {
    expect(parseImportLine(line(), 'example.com', NOW).payload.name).toBe('pageview');
    const { payload } = parseImportLine(line({ name: 'engagement', sd: 70, e: 12_000 }), 'example.com', NOW);
    expect(payload).toMatchObject({ scrollDepth: 70, engagedMs: 12_000 });
  });

  it('treats a missing ua and ip as empty, and unwraps IPv4-mapped addresses', () => {
    expect(parseImportLine(line({ ua: undefined, ip: undefined }), 'example.com', NOW).ctx).toMatchObject({ ip: '', userAgent: '' });
    expect(parseImportLine(line({ ip: '::ffff:203.0.113.9' }), 'example.com', NOW).ctx.ip).toBe('203.0.113.9');
  });

  it('rejects what the collector rejects, with its reasons', () => {
    expect(reason(() => parseImportLine(line({ url: 'ftp://example.com/' }), 'example.com', NOW))).toBe('url must be http or https');
    expect(reason(() => parseImportLine(line({ url: undefined }), 'example.com', NOW))).toMatch(/^url is required/);
    expect(reason(() => parseImportLine(line({ props: [1] }), 'example.com', NOW))).toBe('props must be an object');
    expect(reason(() => parseImportLine(line({ w: -1 }), 'example.com', NOW))).toMatch(/^w must be a number/);
  });

  it('rejects lines that are not JSON objects, bad ua or ip, and very long lines', () => {
    expect(reason(() => parseImportLine('{"ts":', 'example.com', NOW))).toBe('not valid JSON');
    expect(reason(() => parseImportLine('[1]', 'example.com', NOW))).toBe('line must be a JSON object');
    expect(reason(() => parseImportLine(line({ ua: 5 }), 'example.com', NOW))).toBe('ua must be a string');
    expect(reason(() => parseImportLine(line({ ip: 'example.org' }), 'example.com', NOW))).toMatch(/^ip is not/);
    expect(reason(() => parseImportLine(line({ pad: 'x'.repeat(MAX_LINE_LENGTH) }), 'example.com', NOW))).toMatch(/longer than/);
  });
});

describe('parseTimestamp', () => {
  it('reads ISO 8601 with a zone and Unix milliseconds', () => {
    expect(parseTimestamp('2026-05-01T10:00:00Z', NOW)).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseTimestamp('2026-05-01T12:00:00.250+02:00', NOW)).toBe(Date.UTC(2026, 4, 1, 10) + 250);
    expect(parseTimestamp('2026-05-01 10:00Z', NOW)).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseTimestamp(Date.UTC(2026, 4, 1, 10), NOW)).toBe(Date.UTC(2026, 4, 1, 10));
  });

  it('rejects times without a zone, which would depend on the importing machine', () => {
    expect(reason(() => parseTimestamp('2026-05-01T10:00:00', NOW))).toMatch(/^ts must be ISO 8601 with a zone/);
    expect(reason(() => parseTimestamp('May 1, 2026', NOW))).toMatch(/^ts must be ISO 8601/);
    expect(reason(() => parseTimestamp('2026-13-01T10:00:00Z', NOW))).toMatch(/^ts must be ISO 8601/);
  });

  it('rejects missing, future and pre-2000 timestamps, hinting at seconds', () => {
    expect(reason(() => parseTimestamp(undefined, NOW))).toMatch(/^ts is required/);
    expect(parseTimestamp(NOW + 4 * 60_000, NOW)).toBe(NOW + 4 * 60_000);
    expect(reason(() => parseTimestamp(NOW + 6 * 60_000, NOW))).toBe('ts is in the future');
    expect(reason(() => parseTimestamp('1999-12-31T23:59:59Z', NOW))).toBe('ts is before 2000-01-01');
    expect(reason(() => parseTimestamp(1_780_000_000, NOW))).toBe('ts is before 2000-01-01 (seconds? ts takes milliseconds)');
    expect(reason(() => parseTimestamp(Number.NaN, NOW))).toMatch(/finite/);
  });
});
