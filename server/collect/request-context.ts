import type { Context } from 'hono';
import type { TrustProxy } from '../config.ts';
import { clientAddress } from '../utils/client-address.ts';
import type { RequestContext } from './ingest.ts';

/** What a collector request tells about its sender; lives only in memory, for this request. */
export function requestContext(c: Context, trust: TrustProxy, userAgent?: string): RequestContext {
  return {
    ip: clientAddress(c, trust),
    userAgent: userAgent ?? c.req.header('user-agent') ?? '',
    acceptLanguage: c.req.header('accept-language'),
    doNotTrack: c.req.header('dnt') === '1' || c.req.header('sec-gpc') === '1',
    ts: Date.now(),
  };
}
