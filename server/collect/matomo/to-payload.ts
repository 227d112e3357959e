import { badRequest } from '../../errors.ts';
import { parseEventPayload, type EventPayload } from '../payload.ts';
import { LIMITS } from '../../vocabulary/event-limits.ts';
import type { Action } from './action.ts';
import { param, type Params } from './params.ts';

/**
 * The collector's payload for one tracking request, through the collector's own validation.
 * The page is `url`; when both `url` and `urlref` are missing the Referer header is the page,
 * which is how a bare `<noscript>` pixel counts. `res` (`1280x800`) gives the width.
 * `action_name` (the page title) has no column in Cairn and is not stored.
 */
export function toPayload(params: Params, domain: string, action: Action, referer: string | undefined): EventPayload {
  const urlref = param(params, 'urlref');
  const url = param(params, 'url') ?? (urlref === undefined ? referer : undefined);
  if (url === undefined) {
    throw badRequest('url is required: the page URL (without url and urlref, the Referer header is taken as the page)');
  }
  return parseEventPayload({
    n: action.name,
    u: url,
    d: domain,
    // Only the referrer's host and source are kept, so a cut-off tail loses nothing.
    r: urlref?.slice(0, LIMITS.urlLength),
    p: action.props,
    $: action.revenue,
    w: screenWidth(param(params, 'res')),
  });
}

/** `1280x800` → 1280; anything else (Matomo sends `unknown`) → no width. */
function screenWidth(res: string | undefined): number | undefined {
  const m = res === undefined ? null : /^(\d{1,6})\s*[x×]\s*\d{1,6}$/i.exec(res);
  const width = m ? Number(m[1]) : 0;
  return width > 0 && width <= 100_000 ? width : undefined;
}
