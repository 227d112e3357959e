import { AppError, badRequest } from '../../errors.ts';
import { paramsFromObject, parseQuery, type Params } from './params.ts';

/** Requests in one bulk; Matomo's log importer sends 200 by default. */
export const MAX_BULK_ITEMS = 200;

/** One bulk item: its parameters, or why it cannot be read (counted as invalid, not fatal). */
export type BulkItem = Params | AppError;

/**
 * `{"requests": ["?idsite=1&rec=1&url=…", {"idsite": 1, "rec": 1, "url": "…"}], "token_auth": "…"}`.
 * A body that is not such an object is a 400; a bad item is only that item's problem.
 * A top-level `token_auth` (in the body, else in the query string) applies to every item that has
 * none of its own.
 */
export function parseBulk(text: string, queryToken?: string): BulkItem[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('bulk body is not valid JSON', 'invalid_body');
  }
  const { requests, token_auth: bodyToken } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!Array.isArray(requests)) throw badRequest('bulk body must be {"requests": [...]}', 'invalid_body');
  if (requests.length > MAX_BULK_ITEMS) throw badRequest(`a bulk request has at most ${MAX_BULK_ITEMS} requests`, 'too_many_requests');
  if (bodyToken !== undefined && typeof bodyToken !== 'string') throw badRequest('token_auth must be a string', 'invalid_body');
  const token = bodyToken || queryToken;
  return requests.map((item): BulkItem => {
    try {
      const params = itemParams(item);
      if (token && !params.token_auth) params.token_auth = token;
      return params;
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
  });
}

function itemParams(item: unknown): Params {
  if (typeof item === 'string') {
    // `?idsite=1&…`, or with a path before it (`/matomo.php?idsite=1&…`); a `?` inside a value stays.
    const q = item.indexOf('?');
    const eq = item.indexOf('=');
    return parseQuery(q !== -1 && (eq === -1 || q < eq) ? item.slice(q + 1) : item);
  }
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) return paramsFromObject(item);
  throw badRequest('a bulk request item must be a query string or an object');
}
