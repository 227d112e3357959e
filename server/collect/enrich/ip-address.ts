import { isIP } from 'node:net';

export interface PublicIp {
  address: string;
  family: 4 | 6;
}

/** Private, loopback, link-local, CGNAT, "this network", multicast and reserved IPv4 space. */
function isPublicV4(address: string): boolean {
  const dot = address.indexOf('.');
  const a = Number(address.slice(0, dot));
  const b = Number(address.slice(dot + 1, address.indexOf('.', dot + 1)));
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100) return b < 64 || b >= 128;
  if (a === 169) return b !== 254;
  if (a === 172) return b < 16 || b >= 32;
  if (a === 192) return b !== 168;
  return true;
}

/**
 * Only 2000::/3 is allocated as global unicast; everything else (::1, ULA fc00::/7,
 * link-local fe80::/10, multicast ff00::/8, reserved) never identifies a visitor's network.
 */
function isPublicV6(address: string): boolean {
  const colon = address.indexOf(':');
  if (colon === 0 || colon > 4) return false;
  const first = parseInt(address.slice(0, colon), 16);
  return first >= 0x2000 && first <= 0x3fff;
}

/**
 * Validates and normalises a client address for lookups, or returns null for garbage and
 * non-public addresses. Dual-stack sockets report IPv4 clients as '::ffff:1.2.3.4', which
 * GeoIP trees do not alias, so those are unwrapped to plain IPv4. Hand-rolled range checks
 * because net.BlockList costs microseconds per call on the hot path.
 */
export function publicIp(raw: string): PublicIp | null {
  if (typeof raw !== 'string' || raw.length > 64) return null;
  let address = raw.trim();
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  const mapped = address.length > 7 && address.slice(0, 7).toLowerCase() === '::ffff:';
  if (mapped && address.includes('.')) address = address.slice(7);
  const family = isIP(address);
  if (family === 4) return isPublicV4(address) ? { address, family } : null;
  if (family === 6) return isPublicV6(address) ? { address, family } : null;
  return null;
}
