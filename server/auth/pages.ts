import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { escapeHtml, fillTemplate } from './html.ts';

const DASHBOARD_DIR = new URL('../../dashboard/', import.meta.url);
/** Hand-written static files served at /assets/<name> beside the built ones. */
export const PUBLIC_DIR = new URL('public/', DASHBOARD_DIR);

const pageCss = fs.readFileSync(new URL('login.css', PUBLIC_DIR));
/** Versioned by content, so the stylesheet can be cached as immutable and still change with a release. */
export const PAGE_CSS_URL = `/assets/login.css?v=${createHash('sha256').update(pageCss).digest('hex').slice(0, 12)}`;

const loginTemplate = fs.readFileSync(new URL('login.html', DASHBOARD_DIR), 'utf8');

/** The login form; `error` is shown in its alert slot, escaped like every other value. */
export function loginPage(values: { error?: string; email?: string; next?: string } = {}): string {
  return fillTemplate(loginTemplate, { PAGE_CSS: PAGE_CSS_URL, ERROR: values.error ?? '', EMAIL: values.email ?? '', NEXT: values.next ?? '/' });
}

/** A small page for "not built yet" and "not found", in the login page's styles; every value is escaped. */
export function noticePage(title: string, message: string, command?: string): string {
  const code = command === undefined ? '' : `\n      <p><code>${escapeHtml(command)}</code></p>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>${escapeHtml(title)} · Cairn</title>
    <link rel="stylesheet" href="${escapeHtml(PAGE_CSS_URL)}" />
  </head>
  <body class="page">
    <main class="card">
      <h1>${escapeHtml(title)}</h1>
      <p>${escapeHtml(message)}</p>${code}
      <p class="muted"><a href="/">Back to the dashboard</a></p>
    </main>
  </body>
</html>
`;
}
