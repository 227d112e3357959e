import { canonicalSource, sourceForHost, stripWww } from './known-sources.ts';
import { cleanParam } from './utm.ts';

export interface ReferrerInfo {
  source: string;
  host: string;
}

// Explicit tags on the landing URL, most specific first; Matomo's names count as utm_source does.
const TAG_PARAMS = ['utm_source', 'mtm_source', 'pk_source', 'ref', 'source'] as const;

/** host/source of an external referrer, or null for direct, self-referral or unusable input. */
function fromReferrer(
  referrer: string | undefined,
  isOwnHost: (hostname: string) => boolean,
): ReferrerInfo | null {
  if (!referrer) return null;
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return null;
  }
  if (url.protocol === 'android-app:') {
    // Android apps send android-app://<package>; non-special schemes keep the host's case.
    const pkg = url.hostname.toLowerCase();
    return pkg ? { source: sourceForHost(pkg) ?? pkg, host: pkg } : null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const hostname = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (!hostname || isOwnHost(hostname)) return null;
  const host = stripWww(hostname);
  return { source: sourceForHost(host, url.pathname) ?? host, host };
}

function taggedSource(params: URLSearchParams): string {
  for (const name of TAG_PARAMS) {
    const value = cleanParam(params.get(name));
    if (value) return value;
  }
  return '';
}

/**
 * Where a visit came from. A source tag on the page URL beats the Referer header (which apps,
 * email clients and strict referrer policies often drop); the external referrer's host is kept
 * alongside it. Only hosts and names are returned, never a referrer path or query.
 */
export function resolveReferrer(opts: {
  referrer: string | undefined;
  pageParams: URLSearchParams;
  isOwnHost: (hostname: string) => boolean;
}): ReferrerInfo {
  const external = fromReferrer(opts.referrer, opts.isOwnHost);
  const tag = taggedSource(opts.pageParams);
  if (tag) return { source: canonicalSource(tag) ?? tag, host: external?.host ?? '' };
  return external ?? { source: '', host: '' };
}
