import { describe, expect, it } from 'vitest';
import { parseCaddyLine } from './caddy-format.ts';
import { rejectionReason as reason } from '../../../tests/helpers/test-rejection.ts';

const NOW = Date.UTC(2026, 5, 1);
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const entry = (over: Record<string, unknown> = {}, request: Record<string, unknown> = {}) =>
  JSON.stringify({
    level: 'info', ts: 1646861401.5241024, logger: 'http.log.access', msg: 'handled request',
    request: {
      remote_ip: '10.0.0.1', remote_port: '41342', client_ip: '203.0.113.7', proto: 'HTTP/1.1', method: 'GET', host: 'example.com', uri: '/path?x=1',
      headers: { 'User-Agent': [UA], Referer: ['https://www.google.com/'], 'Accept-Language': ['de-DE,de;q=0.9'] },
      ...request,
    },
    status: 200, size: 1234, resp_headers: { 'Content-Type': ['text/html; charset=utf-8'] },
    ...over,
  });

describe('parseCaddyLine', () => {
  it("reads Caddy's access log entry", () => {
    expect(parseCaddyLine(entry(), NOW)).toEqual({
      ip: '203.0.113.7', ts: 1646861401524, method: 'GET', target: '/path?x=1', status: 200, referrer: 'https://www.google.com/',
      userAgent: UA, acceptLanguage: 'de-DE,de;q=0.9', doNotTrack: false, host: 'example.com', contentType: 'text/html; charset=utf-8',
    });
  });

  it('takes client_ip, else remote_ip, else remote_addr without its port', () => {
    expect(parseCaddyLine(entry({}, { client_ip: undefined }), NOW)).toMatchObject({ ip: '10.0.0.1' });
    expect(parseCaddyLine(entry({}, { client_ip: undefined, remote_ip: undefined, remote_addr: '198.51.100.1:5555' }), NOW)).toMatchObject({ ip: '198.51.100.1' });
    expect(parseCaddyLine(entry({}, { client_ip: undefined, remote_ip: undefined, remote_addr: '[2001:db8::1]:5555' }), NOW)).toMatchObject({ ip: '2001:db8::1' });
  });

  it('reads missing headers as none, and DNT or GPC as the collector does', () => {
    expect(parseCaddyLine(entry({ resp_headers: undefined }, { headers: undefined }), NOW)).toMatchObject({ userAgent: '', referrer: '', acceptLanguage: undefined, contentType: undefined });
    expect(parseCaddyLine(entry({}, { headers: { 'User-Agent': [UA], Dnt: ['1'] } }), NOW)).toMatchObject({ doNotTrack: true });
    expect(parseCaddyLine(entry({}, { headers: { 'User-Agent': [UA], 'Sec-Gpc': ['1'] } }), NOW)).toMatchObject({ doNotTrack: true });
  });

  it('reads ts as seconds, milliseconds, nanoseconds or ISO 8601', () => {
    const at = Date.UTC(2026, 2, 1, 12);
    for (const ts of [at / 1000, at, at * 1e6, '2026-03-01T13:00:00+01:00']) expect(parseCaddyLine(entry({ ts }), NOW)).toMatchObject({ ts: at });
  });

  it("passes over other loggers' lines", () => {
    expect(parseCaddyLine(JSON.stringify({ level: 'info', ts: 1646861401.5, logger: 'tls.obtain', msg: 'certificate obtained' }), NOW)).toEqual({ skip: 'not_access_log' });
    expect(parseCaddyLine(JSON.stringify({ level: 'info', msg: 'serving initial configuration' }), NOW)).toEqual({ skip: 'not_access_log' });
  });

  it('rejects what it cannot read, naming the field', () => {
    expect(reason(() => parseCaddyLine('203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5', NOW))).toMatch(/^not valid JSON/);
    expect(reason(() => parseCaddyLine('[1]', NOW))).toBe('line must be a JSON object');
    expect(reason(() => parseCaddyLine(entry({ request: 'GET /' }), NOW))).toBe('request must be an object');
    expect(reason(() => parseCaddyLine(entry({}, { uri: undefined }), NOW))).toBe('request.uri is required and must be a string');
    expect(reason(() => parseCaddyLine(entry({ status: '200' }), NOW))).toBe('status must be an integer');
    expect(reason(() => parseCaddyLine(entry({ ts: undefined }), NOW))).toMatch(/^ts is required/);
    expect(reason(() => parseCaddyLine(entry({ ts: 4102444800 }), NOW))).toBe('ts 4102444800 is in the future');
    expect(reason(() => parseCaddyLine(entry({ ts: '2026-03-01 12:00' }), NOW))).toMatch(/^ts must be ISO 8601 with a zone/);
  });
});
