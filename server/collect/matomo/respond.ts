import type { Context } from 'hono';
import { TRANSPARENT_GIF } from '../routes.ts';
import { publicDropReason, type IngestResult } from '../ingest.ts';

const DROPPED_HEADER = 'X-Cairn-Dropped';

/**
 * Matomo's JS sends with credentials (XMLHttpRequest.withCredentials), which a `*` origin
 * would fail, so the request's own Origin is echoed. No cookie is ever read or set.
 */
export function corsHeaders(c: Context): Record<string, string> {
  const origin = c.req.header('origin');
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': DROPPED_HEADER,
    vary: 'Origin',
  };
}

export function preflight(c: Context): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(c),
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': c.req.header('access-control-request-headers') ?? 'Content-Type',
      'access-control-max-age': '86400',
    },
  });
}

/** The tracking pixel (200, GIF, never cached), or 204 with `send_image=0`; the same whether stored or dropped. */
export function pixel(c: Context, sendImage: boolean, result: IngestResult | null): Response {
  const headers: Record<string, string> = { ...corsHeaders(c), 'cache-control': 'no-store' };
  if (result?.dropped) headers[DROPPED_HEADER] = publicDropReason(result.dropped);
  if (!sendImage) return new Response(null, { status: 204, headers });
  return new Response(TRANSPARENT_GIF, { status: 200, headers: { ...headers, 'content-type': 'image/gif' } });
}

/** Matomo's bulk answer; `invalid_indices` (0-based) only when some item was invalid. */
export function bulkAnswer(c: Context, tracked: number, invalid: number[]): Response {
  const body = { status: 'success', tracked, invalid: invalid.length, ...(invalid.length > 0 ? { invalid_indices: invalid } : {}) };
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { ...corsHeaders(c), 'cache-control': 'no-store', 'content-type': 'application/json; charset=UTF-8' },
  });
}
