import { isIP } from 'node:net';
import type { Context } from 'hono';
import type { RequestContext } from './ingest.ts';

type NodeEnv = { incoming?: { socket?: { remoteAddress?: string } } } | undefined;

/**
 * The sender's address: the socket's peer, or, only when the operator said a proxy is in front
 * (TRUST_PROXY), the first valid address in X-Forwarded-For. Without that flag the header is
 * ignored, since any client can write it.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded) {
      for (const part of forwarded.split(',')) {
        const trimmed = part.trim();
        if (isIP(trimmed)) return trimmed;
        // Some proxies add a port: [v6]:port or v4:port.
        const candidate = trimmed.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
        if (isIP(candidate)) return candidate;
      }
    }
  }
  const peer = (c.env as NodeEnv)?.incoming?.socket?.remoteAddress ?? '';
  // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; one address, one visitor key.
  return peer.startsWith('::ffff:') && isIP(peer.slice(7)) === 4 ? peer.slice(7) : peer;
}

export function requestContext(c: Context, trustProxy: boolean, userAgent?: string): RequestContext {
  return {
    ip: clientAddress(c, trustProxy),
    userAgent: userAgent ?? c.req.header('user-agent') ?? '',
    acceptLanguage: c.req.header('accept-language'),
    doNotTrack: c.req.header('dnt') === '1' || c.req.header('sec-gpc') === '1',
    ts: Date.now(),
  };
}
