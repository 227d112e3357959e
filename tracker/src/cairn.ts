/**
 * Cairn browser tracker: cookieless page views, custom events, outbound links,
 * engagement (visible time + scroll depth) and, in the `EXT` build, file
 * downloads and `data-cairn-event` tagged elements.
 *
 * The source is written to be readable; size comes from the build (esbuild
 * minify, IIFE, es2020) and from a few deliberate choices documented inline:
 *  - all state lives in closure variables (minifiable names) instead of objects
 *    (property names survive minification);
 *  - the request body is one object literal with `undefined` for absent keys,
 *    because JSON.stringify drops those for free;
 *  - nothing reads or writes cookies or storage except the opt-out flag.
 *
 * Wire format (Plausible Events API compatible), POST `{endpoint}` with a
 * text/plain JSON body (a "simple" CORS request: no preflight):
 *   n name, u url, d domain, r referrer|null, w innerWidth, h 1 in hash mode,
 *   p props, $ revenue, i interactive, and for engagement: sd scroll depth %,
 *   e engaged milliseconds.
 */

/** Compile-time flag (esbuild `define`): true for cairn.ext.js. */
declare const EXT: boolean;

export interface CairnOptions {
  props?: Record<string, string>;
  revenue?: { currency: string; amount: number | string };
  /** Custom events default to interactive on the server; pass false for e.g. timers. */
  interactive?: boolean;
  /** Called once the request settled (with the Response or the error), or synchronously when skipped. */
  callback?: (result?: unknown) => void;
}

/** Extra wire keys only the tracker itself sets (engagement events). */
interface Extra {
  u: string;
  i: false;
  sd: number;
  e: number;
}

// `any` on purpose: we read vendor globals (_phantom, Cypress, cairn.q) that
// have no types, and every cast would cost source noise, not bytes.
const win = window as any;
const doc = document;
const loc = location;
// Date.now does not use `this`, so the detached reference is safe.
const now = Date.now;
const on = (type: string, listener: (ev: any) => void, target: EventTarget = win) =>
  target.addEventListener(type, listener);
const script = doc.currentScript as HTMLScriptElement;
const attr = (name: string) => script.getAttribute('data-' + name);

const endpoint = attr('api') || new URL(script.src).origin + '/api/event';
const domain = attr('domain') || loc.hostname;
/** 1 (sent as `h`) in hash mode, undefined (omitted from JSON) otherwise. */
const hashMode = attr('hash') != null ? 1 : undefined;

/**
 * Static reasons to stay silent, evaluated once. An empty hostname is what
 * file: URLs have, so the regexp covers the file: protocol too. `data-local`
 * overrides all of it (dev setups and our own Playwright tests).
 */
const skip =
  attr('local') == null &&
  (/^(localhost|127\.0\.0\.1|\[::1\]|)$|\.localhost$/.test(loc.hostname) ||
    navigator.webdriver ||
    win._phantom ||
    win.__nightmare ||
    win.Cypress);

/** URL of the last page view; engagement events are attributed to it. */
let lastUrl: string;
/** Dedupe keys of the last page view (see `pageview`). */
let lastKey: string;
let lastPath: string;
/** Engaged milliseconds accumulated since the last page view / engagement send. */
let engaged = 0;
/** Timestamp since which the page has been visible, or 0 while hidden. */
let since = 0;
/** Max scroll depth (0-100) of the current page view. */
let depth = 0;

/**
 * Sends one event. Also the public `window.cairn(name, options)`.
 * Never throws: a bad payload (circular props) or a missing fetch ends up in
 * the callback like a network error would.
 */
const send = (name: string, opts: CairnOptions = {}, extra?: Extra): void => {
  const done = opts.callback;
  let ignore = skip;
  // Checked per event (not once) so that opting out takes effect at once.
  // localStorage itself throws when storage is blocked: then we just send.
  try {
    ignore ||= localStorage.cairn_ignore == 'true';
  } catch {}
  if (ignore) return done?.();
  try {
    fetch(endpoint, {
      method: 'POST',
      keepalive: true, // survives page unload: no need to delay link navigation
      body: JSON.stringify({
        n: name,
        u: loc.href,
        d: domain,
        r: doc.referrer || null,
        w: innerWidth,
        h: hashMode,
        p: opts.props,
        $: opts.revenue,
        i: opts.interactive,
        ...extra,
      }),
    }).then(done, done);
  } catch (err) {
    done?.(err);
  }
};

/**
 * Adds the visible time since the last call to `engaged`, then sends the
 * engagement event for the current page view if there was any and resets the
 * time counter. Scroll depth is NOT reset: it is the max for the whole page
 * view, so every engagement event carries the best value so far and the
 * server may keep either the last or the max.
 */
const engage = (): void => {
  if (since) (engaged += now() - since), (since = now());
  if (engaged) send('engagement', {}, { u: lastUrl, sd: depth, e: engaged, i: false });
  engaged = 0;
};

/** Page hidden or left: flush engagement and stop the clock. */
const stop = (): void => {
  engage();
  since = 0;
};

/** Updates `depth` from the current scroll position. NaN (empty doc) never wins the comparison. */
const measure = (): void => {
  const pct = Math.min(100, Math.round(((scrollY + innerHeight) / doc.documentElement.scrollHeight) * 100));
  if (pct > depth) depth = pct;
};

/**
 * Records a page view for the current location unless it repeats the last
 * one. Dedupe key: the URL without hash (with it in hash mode) for pushState /
 * popstate / hashchange; for replaceState only the path (plus hash in hash
 * mode) counts, so query-only or same-URL replaces (filters, scroll restoration
 * libraries) do not create views.
 */
const pageview = (replace?: boolean): void => {
  const url = loc.href;
  const hash = hashMode ? loc.hash : '';
  const key = url.split('#')[0] + hash;
  const path = loc.pathname + hash;
  if (replace ? path == lastPath : key == lastKey) return;
  engage(); // for the previous page (no-op on the first view)
  lastUrl = url;
  lastKey = key;
  lastPath = path;
  depth = 0;
  since = doc.hidden ? 0 : now();
  measure();
  send('pageview');
};

/** Paths that count as file downloads (EXT build; dropped from the default one). */
const DOWNLOAD =
  /\.(pdf|(xls|doc|ppt)x?|csv|txt|rtf|zip|rar|7z|t?gz|bz2|xz|dmg|exe|msi|pkg|deb|rpm|apk|iso|mp[34]|mov|avi|wav|epub|key)$/i;

/**
 * Link clicks: `click` with the primary button, `auxclick` with the middle
 * one (opens a tab). auxclick also fires for the right button (context menu),
 * and some browsers fired `click` for the middle button on document too, so
 * both are pinned: button must be 1 for auxclick ('auxclick' < 'b') and 0 for
 * click.
 */
const click = (ev: MouseEvent): void => {
  if (ev.button != +(ev.type < 'b')) return;
  const target = ev.target as Element;
  const link = target.closest?.('a');
  // SVG <a> has no .host; mailto:/tel:/javascript: links have an empty host.
  if (link?.host) {
    const props = { props: { url: link.href } };
    // Downloads win over outbound: files are often served from another host (CDN).
    if (EXT && DOWNLOAD.test(link.pathname)) send('File Download', props);
    else if (link.host != loc.host) send('Outbound Link: Click', props);
  }
  if (EXT) {
    const tagged = target.closest?.('[data-cairn-event]');
    if (tagged) {
      const props: Record<string, string> = {};
      for (const { name, value } of tagged.attributes) {
        const match = name.match(/^data-cairn-event-(.+)/);
        if (match) props[match[1]] = value;
      }
      send(tagged.getAttribute('data-cairn-event')!, { props });
    }
  }
};

// Patch history so SPA navigations are seen. Calls through first, so the
// location is already the new one when we look at it.
for (const method of ['pushState', 'replaceState'] as const) {
  const original = history[method];
  history[method] = function (this: History) {
    original.apply(this, arguments as any);
    pageview(method > 'q'); // 'replaceState' > 'q' > 'pushState'
  };
}
// hashchange only matters in hash mode: otherwise the key ignores the hash.
for (const type of ['popstate', 'hashchange']) on(type, () => pageview());
on('pagehide', stop);
on('visibilitychange', () => (doc.hidden ? stop() : (since = now())), doc);
on('scroll', measure);
on('click', click, doc);
on('auxclick', click, doc);

pageview();

// Replay calls made to the queue stub before we loaded, then take its place.
const queued: IArguments[] = (win.cairn && win.cairn.q) || [];
win.cairn = send;
for (const args of queued) send.apply(0, args as any);
