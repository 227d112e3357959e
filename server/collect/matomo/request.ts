import { isUtf8 } from 'node:buffer';
import type { Context } from 'hono';
import { AppError, badRequest } from '../../errors.ts';
import { readBody } from '../../utils/body.ts';
import { MAX_BODY_BYTES } from '../routes.ts';
import { parseBulk, type BulkItem } from './bulk.ts';
import { mergeParams, parseQuery, type Params } from './params.ts';

/**
 * A bulk body. Matomo's log importer sends 200 requests per bulk by default, each a few hundred
 * bytes; 256 KB holds that with room to spare and is still read in well under a millisecond.
 */
export const MAX_BULK_BYTES = 256 * 1024;

export type TrackingRequest = { kind: 'single'; params: Params } | { kind: 'bulk'; params: Params; items: BulkItem[] };

/**
 * The parameters of a GET or POST: the query string, and for a POST its body, either a
 * query string (`application/x-www-form-urlencoded`, or `text/plain` as Matomo's JS sends it)
 * or, when it contains `"requests"`, whatever its Content-Type, a JSON bulk request.
 */
export async function readTrackingRequest(c: Context): Promise<TrackingRequest> {
  const url = c.req.url;
  const q = url.indexOf('?');
  const query = q === -1 ? parseQuery('') : parseQuery(url.slice(q + 1));
  if (c.req.method !== 'POST') return { kind: 'single', params: query };

  const bytes = await readBody(c, MAX_BULK_BYTES);
  if (!isUtf8(bytes)) throw badRequest('body is not valid UTF-8', 'invalid_body');
  const text = bytes.toString('utf8');
  if (text.includes('"requests"')) return { kind: 'bulk', params: query, items: parseBulk(text, query.token_auth) };
  if (bytes.length > MAX_BODY_BYTES) {
    // A single request keeps the collector's own limit.
    throw new AppError(413, 'body_too_large', `body is larger than ${MAX_BODY_BYTES} bytes (a bulk request may have ${MAX_BULK_BYTES})`);
  }
  if (text.trimStart().startsWith('{')) throw badRequest('a JSON body must be a bulk request: {"requests": ["?idsite=1&rec=1&url=…"]}', 'invalid_body');
  return { kind: 'single', params: mergeParams(parseQuery(text.trim()), query) };
}
