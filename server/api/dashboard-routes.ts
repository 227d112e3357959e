import fs from 'node:fs';
import { Hono } from 'hono';
import type { Config } from '../config.ts';

const INDEX = new URL('../../dashboard/index.html', import.meta.url);

/** The dashboard's page. For now a static page with the embed snippet for this server. */
export function dashboardRoutes(config: Config) {
  const html = fs.readFileSync(INDEX, 'utf8').replaceAll('{{BASE_URL}}', config.baseUrl);
  const app = new Hono();
  app.get('/', (c) => {
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
    return c.html(html);
  });
  return app;
}
