import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import type { TrustProxy } from '../config.ts';

type NodeEnv = { incoming?: { socket?: { remoteAddress?: string } } } | undefined;

/**
 * The sender's address: the socket's peer, or, only when the operator said which proxies are in
 * front (TRUST_PROXY), the address the outermost of them saw.
 */
export function clientAddress(c: Context, trust: TrustProxy): string {
  const peer = (c.env as NodeEnv)?.incoming?.socket?.remoteAddress ?? '';
  return pickClientAddress(peer, trust.mode === 'off' ? undefined : c.req.header('x-forwarded-for'), trust);
}

/**
 * Each proxy appends the address it saw to X-Forwarded-For, and the client writes whatever it
 * likes to the left of those, so only the right end of the header can be believed. Starting from
 * the peer, each hop that is a trusted proxy hands over to the entry it appended; the first hop
 * that is not trusted is the client. An entry that is not an address ends the walk at the proxy
 * that forwarded it: going further left would let the client choose.
 */
export function pickClientAddress(peer: string, forwarded: string | undefined, trust: TrustProxy): string {
  let address = normalize(peer) ?? peer;
  if (trust.mode === 'off' || !forwarded) return address;
  const isTrusted: (address: string, hop: number) => boolean = trust.mode === 'hops' ? (_, hop) => hop < trust.hops : matcher(trust);
  const entries = forwarded.split(',');
  for (let hop = 0; hop < entries.length && isTrusted(address, hop); hop++) {
    const next = normalize(entries[entries.length - 1 - hop]!.trim());
    if (next === undefined) break;
    address = next;
  }
  return address;
}

/** A valid address without the port some proxies add ([v6]:port, v4:port); dual-stack IPv4 as plain IPv4. */
function normalize(entry: string): string | undefined {
  const bare = isIP(entry) ? entry : entry.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  const family = isIP(bare);
  if (family === 0) return undefined;
  // Sockets and some proxies report IPv4 peers as ::ffff:a.b.c.d; one address, one visitor key.
  if (family === 6 && /^::ffff:/i.test(bare) && isIP(bare.slice(7)) === 4) return bare.slice(7);
  return bare;
}

/** Compiled once per configuration: the list is checked on every collected event. */
const matchers = new WeakMap<TrustProxy, (address: string) => boolean>();

function matcher(trust: Extract<TrustProxy, { mode: 'list' }>): (address: string) => boolean {
  let match = matchers.get(trust);
  if (!match) {
    const list = new BlockList();
    for (const r of trust.ranges) list.addSubnet(r.address, r.prefix, r.family);
    match = (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    };
    matchers.set(trust, match);
  }
  return match;
}
