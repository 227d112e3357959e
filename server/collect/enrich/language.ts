// A primary language subtag is 2-3 letters (ISO 639); 4-8 letter ones are reserved/registered
// but never seen in browsers, so anything else is treated as garbage.
const PRIMARY = /^[a-z]{2,3}$/;

function quality(params: string[]): number {
  for (const param of params) {
    const [key, value] = param.split('=');
    if (key?.trim().toLowerCase() !== 'q' || value === undefined) continue;
    const q = Number(value.trim());
    return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
  }
  return 1;
}

/**
 * The visitor's preferred language from Accept-Language, as a lower-case primary subtag
 * ('de-CH,de;q=0.9,en;q=0.8' -> 'de'). Highest q wins; on a tie the earlier entry wins.
 * '*', q=0 entries and unparseable tags are skipped; nothing usable -> ''.
 */
export function primaryLanguage(acceptLanguage: string | undefined): string {
  if (!acceptLanguage) return '';
  let best = '';
  let bestQ = 0;
  // Browsers send a handful of entries; cap the work a hostile header can cause.
  for (const entry of acceptLanguage.split(',', 32)) {
    const [tag = '', ...params] = entry.split(';');
    const primary = tag.trim().split(/[-_]/, 1)[0]!.toLowerCase();
    if (!PRIMARY.test(primary)) continue;
    const q = quality(params);
    if (q > bestQ) {
      best = primary;
      bestQ = q;
      if (q === 1) break;
    }
  }
  return best;
}
