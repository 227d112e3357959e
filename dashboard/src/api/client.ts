/**
 * The dashboard's only door to the server: same-origin fetches with the session cookie. A 401
 * anywhere sends the person to the sign-in page and back here afterwards; other failures become an
 * `ApiError` whose message is the server's own words (safe to show: the server never puts request
 * data in them), which the panel that asked shows in place.
 */
import { propKeysPath } from '../panels/prop-keys.ts';
import type { PropKeys, QueryBody, QueryResponse, Site, SiteStatus } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `/login?next=<path+query>`, only ever pointing back into this origin. */
export function loginUrl(pathname: string, search: string): string {
  const next = pathname.startsWith('/') && !pathname.startsWith('//') ? pathname + search : '/';
  return `/login?next=${encodeURIComponent(next)}`;
}

let redirecting = false;
function toLogin(): void {
  if (redirecting) return;
  redirecting = true;
  location.assign(loginUrl(location.pathname, location.search));
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin', headers: { Accept: 'application/json', ...init.headers } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection; the data will load when it is back.');
  }
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401, 'unauthorized', 'Your session has ended. Taking you to the sign-in page…');
  }
  if (!res.ok) {
    let body: { error?: unknown; code?: unknown } = {};
    try {
      body = await res.json();
    } catch {
      // not JSON: fall through to the generic message
    }
    const message = typeof body.error === 'string' && body.error ? body.error : `The server answered ${res.status}.`;
    throw new ApiError(res.status, typeof body.code === 'string' ? body.code : 'http_error', message);
  }
  return (await res.json()) as T;
}

export function postQuery(body: QueryBody, signal?: AbortSignal): Promise<QueryResponse> {
  return request<QueryResponse>('/api/v2/query', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

export const getSites = (signal?: AbortSignal) => request<Site[]>('/api/dashboard/sites', { signal });

export const getSiteStatus = (domain: string, signal?: AbortSignal) =>
  request<SiteStatus>(`/api/dashboard/sites/${encodeURIComponent(domain)}/status`, { signal });

/** The property keys one custom event carries in the days from–to, most used first. */
export const getPropKeys = (domain: string, event: string, from: string, to: string, signal?: AbortSignal) =>
  request<PropKeys>(propKeysPath(domain, event, from, to), { signal });

/** Words for an error shown inside a panel. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong while loading this. Try again in a moment.';
}
