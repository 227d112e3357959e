/**
 * The Properties tab's key picker: where its keys come from and which one to show. Pure; see
 * prop-keys.test.ts.
 */

/**
 * Property names the tracker itself sends, preferred when the event carries them. A Map, since
 * event names are the visitors': an object would answer `constructor` with a function.
 */
const KNOWN_KEYS: ReadonlyMap<string, string> = new Map([
  ['Outbound Link: Click', 'url'],
  ['File Download', 'url'],
  ['404', 'path'],
]);

/** `GET /api/dashboard/sites/<domain>/props?event=&from=&to=`: the keys `event` carries in the days from–to. */
export function propKeysPath(domain: string, event: string, from: string, to: string): string {
  const q = new URLSearchParams({ event, from, to });
  return `/api/dashboard/sites/${encodeURIComponent(domain)}/props?${q.toString()}`;
}

/**
 * The key to show: the one already chosen if the event still has it, else the tracker's own key
 * for its built-in events, else the most used one ('' when the event has none).
 */
export function pickKey(keys: readonly string[], current: string, event: string): string {
  if (current && keys.includes(current)) return current;
  const known = KNOWN_KEYS.get(event);
  if (known && keys.includes(known)) return known;
  return keys[0] ?? '';
}

/** The key to type in when the keys could not be loaded: the tracker's own key for its built-in events, else ''. */
export function suggestedKey(event: string): string {
  return KNOWN_KEYS.get(event) ?? '';
}
