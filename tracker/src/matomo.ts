/**
 * Cairn's Matomo/Piwik compatibility script (tracker/dist/matomo.js, served at
 * /matomo.js and /piwik.js): the standard `_paq` snippet works unchanged when
 * its `u` points at Cairn.
 *
 * It runs the commands already in `window._paq` (setTrackerUrl, setSiteId and
 * setDomains first, like Matomo does, since the snippet pushes them after
 * trackPageView), then replaces `_paq.push` so later pushes run at once.
 * Requests go to the tracker URL in the Matomo Tracking HTTP API format, as a
 * urlencoded POST body (`fetch` keepalive, credentials omitted: no cookies,
 * no visitor id). Commands about cookies, consent, user ids and everything else
 * not listed in `commands` are accepted and do nothing; nothing a page pushes
 * throws into its own code (errors are reported asynchronously).
 *
 * Like cairn.js: all state in closure variables (minifiable), no storage
 * except reading the `cairn_ignore` opt-out flag.
 */

type Params = Record<string, unknown>;

// `any` on purpose: `_paq` and the command arguments are whatever the page pushed.
const win = window as any;
const doc = document;
const loc = location;

/**
 * Matomo's default download extensions (plus rtf, xz, pkg and iso, which
 * cairn.ext.js counts too); matched like Matomo does, against the whole href.
 */
const DOWNLOAD =
  /\.(7z|aac|apk|arc|arj|asf|asx|avi|azw3|bin|csv|deb|dmg|docx?|epub|exe|flv|gif|gz|gzip|hqx|ibooks|iso|jar|jpe?g|js|mobi|mp[234]|mpe?g|mov|movie|ms[ip]|od[bfgst]|og[gv]|pdf|phps|pkg|png|pptx?|qtm?|ra[mr]?|rpm|rtf|sea|sit|tar|tbz2?|bz2?|tgz|torrent|txt|wav|wm[av]|wpd|xlsx?|xml|xz|z|zip)([?&#]|$)/i;

/** setTrackerUrl; until then, matomo.php next to this script. */
let trackerUrl: string = (doc.currentScript as HTMLScriptElement | null)?.src.replace(/[^/]*$/, 'matomo.php')!;
let siteId: unknown;
/** setCustomUrl (absolute), else the page's URL. */
let customUrl: string | undefined;
/** setDocumentTitle, else document.title at the time of the page view. */
let title: string | undefined;
/** Sent as urlref: document.referrer, then the previous page view's URL (SPA), or setReferrerUrl. */
let referrer = doc.referrer;
/** setReferrerUrl was called since the last page view: keep its value for the next one. */
let referrerSet: unknown;
/** URL of the last page view. */
let lastUrl: string | undefined;
/** Page view id: 6 random characters, new for each page view, sent with every request. */
let pvId: string | undefined;
/** setDomains: hostnames (`*.example.com` for subdomains) whose links are not outbound. */
let domains: string[] = [];
/** setCustomDimension, as `dimension<id>` params. */
const dimensions: Params = {};

const url = () => customUrl || loc.href;

/**
 * A value worth sending: 0 is one; '', blanks, false (Matomo's docs pass it for
 * "no category"), null and undefined are not.
 */
const has = (value: unknown) => (value || value === 0) && String(value).trim();

/** One request; params without a value (see `has`) are left out. */
const send = (params: Params): void => {
  try {
    if (localStorage.cairn_ignore == 'true') return;
  } catch {}
  const all: Params = {
    idsite: siteId,
    rec: 1,
    url: url(),
    urlref: referrer,
    res: screen.width + 'x' + screen.height,
    pv_id: pvId,
    ...dimensions,
    ...params,
    send_image: 0,
  };
  const body = new URLSearchParams();
  for (const key in all) if (has(all[key])) body.append(key, all[key] as string);
  fetch(trackerUrl, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {});
};

/** trackLink, and link tracking: `link=<href>` or `download=<href>`. */
const link = (href: string, type?: string) => has(href) && send({ [type == 'download' ? type : 'link']: href });

/**
 * Matomo's rule: a hostname is the site's own when it is the page's, or equals
 * a setDomains entry, or is a subdomain of a `*.example.com` (or `.example.com`)
 * entry. Paths in entries are ignored.
 */
const internal = (host: string) =>
  host == loc.hostname ||
  domains.some((domain) => {
    domain = String(domain).toLowerCase().replace(/^\*/, '').split('/')[0];
    return domain[0] == '.' ? ('.' + host).endsWith(domain) : host == domain;
  });

/**
 * enableLinkTracking: `click` with the primary button and `auxclick` with the
 * middle one (new tab), pinned as in cairn.js. Matomo's classes decide first
 * (`matomo_ignore`, `matomo_link`, `matomo_download`, also `piwik_` and `-`);
 * then a `download` attribute or a download extension makes a download, and
 * another hostname an outbound link.
 */
const click = (ev: MouseEvent): void => {
  if (ev.button != +(ev.type < 'b')) return;
  const a = (ev.target as Element).closest?.('a,area') as HTMLAnchorElement | null;
  // SVG <a> has no .host; mailto:/tel:/javascript: links have an empty host.
  if (!a?.host) return;
  const href = a.href;
  const type =
    / (piwik|matomo)[_-](ignore|link|download) /.exec(` ${a.className} `)?.[2] ||
    ((a.hasAttribute('download') || DOWNLOAD.test(href)) && 'download') ||
    (!internal(a.hostname) && 'link');
  if (type && type != 'ignore') link(href, type);
};

const pageView = (customTitle?: string): void => {
  if (lastUrl && !referrerSet) referrer = lastUrl;
  referrerSet = 0;
  lastUrl = url();
  // Padded: Math.random() can have fewer than 6 base-36 digits.
  pvId = (Math.random().toString(36) + '00000').slice(2, 8);
  send({ action_name: customTitle || title || doc.title });
};

const noop = () => {};

/**
 * The supported commands; anything else is a no-op. Also `this` of pushed
 * functions. No prototype, so `['toString']` or `['__proto__']` are unknown too.
 */
const commands: Record<string, (...args: any[]) => unknown> = {
  __proto__: null as any,
  setTrackerUrl: (u) => (trackerUrl = u),
  setSiteId: (id) => (siteId = id),
  setCustomUrl: (u) => (customUrl = new URL(u, loc.href).href),
  setDocumentTitle: (t) => (title = t),
  setReferrerUrl: (u) => (referrer = referrerSet = u),
  setCustomDimension: (id, value) => (dimensions['dimension' + id] = value),
  deleteCustomDimension: (id) => delete dimensions['dimension' + id],
  setDomains: (list) => (domains = [].concat(list)),
  trackPageView: pageView,
  // A request without its defining param would count as a page view: not sent.
  trackEvent: (e_c, e_a, e_n, e_v) => has(e_c) && has(e_a) && send({ e_c, e_a, e_n, e_v }),
  trackGoal: (idgoal, revenue) => has(idgoal) && send({ idgoal, revenue }),
  trackSiteSearch: (search, search_cat, search_count) => has(search) && send({ search, search_cat, search_count }),
  trackLink: link,
  // Listeners are deduplicated by the browser: enabling twice is harmless.
  enableLinkTracking: () => {
    for (const type of ['click', 'auxclick']) doc.addEventListener(type, click as EventListener, true);
  },
  ping: () => send({ ping: 1 }),
};
/** Unknown methods called on `this` inside a pushed function return undefined instead of throwing. */
const tracker = new Proxy(commands, { get: (target, name: string) => target[name] || noop });

/**
 * Runs one pushed item: `['command', ...args]`, `[function, ...args]` or a
 * function, called with `this` = the tracker as Matomo does. An error (from a
 * pushed function, say) is reported without breaking the caller or the queue.
 */
const run = (item: any): void => {
  try {
    const [fn, ...args] = item.call ? [item] : item;
    (fn?.call ? fn : tracker[fn]).apply(tracker, args);
  } catch (err) {
    setTimeout(() => {
      throw err;
    });
  }
};

const queue = (win._paq ||= []);
// Once per page, and only over the snippet's array (not Matomo's own proxy).
if (Array.isArray(queue) && !(queue as any).cairn) {
  (queue as any).cairn = 1;
  const first = (item: any) => /^set(TrackerUrl|SiteId|Domains)$/.test(item?.[0]);
  for (const item of queue.filter(first)) run(item);
  for (const item of queue.filter((item) => !first(item))) run(item);
  queue.push = (...items: any[]) => (items.forEach(run), queue.length);
}
