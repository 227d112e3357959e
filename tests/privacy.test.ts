import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/start-server.ts';

// Distinctive values, so any trace of them in a file or a log line is unmistakable.
const IPS = ['198.51.100.77', '2001:db8:cafe::4711', '203.0.113.199'];
const AGENT = (n: number) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 PrivacyProbe${n}x`;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: '127.0.0.1,::1,10.0.0.1', LOG_LEVEL: 'debug' });
  await server.addSite('privacy.test');
});
afterAll(async () => {
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

describe('privacy', () => {
  it('never writes a client address or user agent to the data directory or the log', async () => {
    let stored = 0;
    for (const [i, ip] of IPS.entries()) {
      for (const body of [
        { n: 'pageview', u: 'https://privacy.test/a', d: 'privacy.test' },
        { n: 'Signup', u: 'https://privacy.test/b', d: 'privacy.test', p: { plan: 'x' } },
        { n: 'pageview', u: 'https://privacy.test/c', d: 'unknown.test' },
        { n: 'pageview', u: 'javascript:alert(1)', d: 'privacy.test' },
      ]) {
        const res = await fetch(`${server.baseUrl}/api/event`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'user-agent': AGENT(i), 'x-forwarded-for': `${ip}, 10.0.0.1`, 'content-type': 'text/plain' },
        });
        expect([202, 400]).toContain(res.status);
        if (res.status === 202 && !res.headers.get('x-cairn-dropped')) stored++;
      }
      await fetch(`${server.baseUrl}/p.gif?d=privacy.test&u=https://privacy.test/px`, {
        headers: { 'user-agent': AGENT(i), 'x-forwarded-for': ip },
      });
      stored++;
    }
    // The events really are there, each with a visitor key: the scan below is not vacuous.
    const events = await server.events();
    expect(events).toHaveLength(stored);
    expect(new Set(events.map((e) => e.visitor)).size).toBe(IPS.length);
    expect(events.every((e) => e.browser === 'Safari')).toBe(true);

    const secrets = [...IPS, ...IPS.map((_, i) => `PrivacyProbe${i}x`)];
    const scan = () => {
      const files = filesUnder(server.dataDir);
      expect(files.some((f) => f.endsWith('cairn.db'))).toBe(true);
      for (const file of files) {
        const bytes = fs.readFileSync(file);
        for (const secret of secrets) {
          for (const encoding of ['utf8', 'utf16le'] as const) {
            expect(bytes.includes(Buffer.from(secret, encoding)), `${secret} in ${file}`).toBe(false);
          }
        }
      }
      for (const secret of secrets) expect(server.output()).not.toContain(secret);
    };
    scan(); // with the WAL still open
    expect(await server.stop()).toBe(0);
    scan(); // after shutdown checkpointed the WAL into the database
    expect(server.output()).toContain('listening');
  });
});
