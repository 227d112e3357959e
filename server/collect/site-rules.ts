import { BlockList, isIP } from 'node:net';
import type { Site } from '../db/schema.ts';
import { compilePathPattern } from '../utils/path-pattern.ts';

/** A site's ingest settings compiled once into predicates the hot path can call cheaply. */
export interface SiteRules {
  readonly id: number;
  readonly domain: string;
  readonly timezone: string;
  readonly honorDnt: boolean;
  isOwnHost(hostname: string): boolean;
  isExcludedPath(pathname: string): boolean;
  isExcludedIp(ip: string): boolean;
}

export function compileSiteRules(site: Site): SiteRules {
  const own = hostMatcher(site.domain, parseList(site.hostnames));
  const excludedPaths = parseList(site.excluded_paths).map(compilePathPattern);
  const blockList = new BlockList();
  for (const range of parseList(site.excluded_ips)) {
    const [address, prefix] = range.split('/');
    blockList.addSubnet(address!, Number(prefix), isIP(address!) === 6 ? 'ipv6' : 'ipv4');
  }
  const hasExcludedIps = site.excluded_ips !== '[]';
  return {
    id: site.id,
    domain: site.domain,
    timezone: site.timezone,
    honorDnt: site.honor_dnt === 1,
    isOwnHost: own,
    isExcludedPath: (pathname) => excludedPaths.some((matches) => matches(pathname)),
    isExcludedIp: (ip) => hasExcludedIps && isExcludedIp(blockList, ip),
  };
}

/** The site's domain, its `www.` twin and subdomains, and the extra patterns the admin allowed. */
function hostMatcher(domain: string, extra: string[]): (hostname: string) => boolean {
  const bare = domain.replace(/^www\./, '');
  const exact = new Set([bare, `www.${bare}`]);
  const suffixes = [`.${bare}`];
  for (const pattern of extra) {
    if (pattern.startsWith('*.')) suffixes.push(pattern.slice(1));
    else exact.add(pattern);
  }
  return (hostname) => {
    const host = hostname.toLowerCase();
    return exact.has(host) || suffixes.some((s) => host.endsWith(s));
  };
}

function isExcludedIp(blockList: BlockList, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (family === 6 && ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) {
    return blockList.check(ip.slice(7), 'ipv4');
  }
  return blockList.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
