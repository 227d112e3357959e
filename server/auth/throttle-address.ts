import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The login throttle's key for a client address. An IPv6 host usually has a whole /64 to pick
 * addresses from, so the /64 is what counts as one sender; IPv4 (also written as ::ffff:a.b.c.d)
 * counts by address. Only a SHA-256 is stored, under a label so that a ready-made table of
 * hashed addresses does not apply. It hides the address from a casual reader only: all IPv4
 * addresses can be hashed in minutes, so what keeps this from being personal data at rest is
 * that a row lives no longer than the throttle's window and lock.
 */
export function throttleAddressKey(address: string): string {
  const hash = createHash('sha256').update(`cairn login throttle\n${sender(address)}`).digest('hex');
  return `addr:${hash}`;
}

/** The address, or for IPv6 its /64 as `a:b:c:d::/64`. Anything else (no socket address) is its own sender. */
export function sender(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address: `::` expanded, a trailing dotted IPv4 as two groups. */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  if (tail === undefined) return part(head);
  const left = part(head);
  const right = part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
