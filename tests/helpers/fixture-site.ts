import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the customer's website: serves registered pages; download links answer 204. */
export async function startFixtureSite() {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const html = pages.get(path);
    if (html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (/\.(pdf|zip|csv)$/.test(path)) {
      res.writeHead(204).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    page: (path: string, html: string) => pages.set(path, html),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
