/**
 * Test helper: a tiny node:http server for the tracker browser tests.
 *
 *  - GET /cairn.js, /cairn.ext.js, /matomo.js, ...: the scripts passed in (built in memory)
 *  - POST anywhere (/api/event, the data-api path, /matomo.php): recorded in `hits`
 *  - GET of a path registered with `page(path, html)`: that HTML
 *  - GET of a download-looking path (.pdf, .zip, ...): 204, so clicking a
 *    download link does not navigate away
 *  - any other GET: a small "elsewhere" page (outbound link targets)
 *
 * Listens on 127.0.0.1:0. Tests reach it through fake hostnames mapped with
 * Chromium's --host-resolver-rules, so the page, the script and outbound
 * targets can live on different origins like they do in production.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  method: string;
  path: string;
  host: string;
  contentType: string;
  /** The Cookie header ('' without one): trackers must never send cookies. */
  cookie: string;
  text: string;
  /** Parsed JSON body, or undefined when it did not parse. */
  body: any;
}

export interface FixtureServer {
  port: number;
  hits: Hit[];
  /** Registers HTML for a path (query strings are ignored when matching). */
  page(path: string, html: string): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startFixtureServer(scripts: Record<string, string>): Promise<FixtureServer> {
  const hits: Hit[] = [];
  const pages = new Map<string, string>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    try {
      if (req.method === 'OPTIONS' || req.method === 'POST') {
        const text = await readBody(req);
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {}
        hits.push({
          method: req.method,
          path: url.pathname,
          host: req.headers.host ?? '',
          contentType: req.headers['content-type'] ?? '',
          cookie: req.headers.cookie ?? '',
          text,
          body,
        });
        res.writeHead(req.method === 'POST' ? 202 : 204, cors).end();
        return;
      }
      const name = url.pathname.slice(1);
      const code = Object.hasOwn(scripts, name) ? scripts[name] : undefined;
      if (code !== undefined) {
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(code);
        return;
      }
      const html = pages.get(url.pathname);
      if (html !== undefined) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
        return;
      }
      if (/\.(pdf|zip|csv)$/.test(url.pathname)) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><p>elsewhere');
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    page: (path, html) => void pages.set(path, html),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
