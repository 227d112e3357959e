export interface Utm {
  medium: string;
  source: string;
  campaign: string;
  term: string;
  content: string;
}

export const MAX_PARAM_LENGTH = 200;

/**
 * Trims and caps a free-text query parameter. Caps by UTF-16 unit but never splits a
 * surrogate pair, so an emoji at the boundary cannot turn into a lone, invalid half.
 */
export function cleanParam(value: string | null, max = MAX_PARAM_LENGTH): string {
  if (!value) return '';
  const trimmed = value.trim();
  if (trimmed.length <= max) return trimmed;
  const code = trimmed.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return trimmed.slice(0, end).trimEnd();
}

export function extractUtm(params: URLSearchParams): Utm {
  return {
    medium: cleanParam(params.get('utm_medium')),
    source: cleanParam(params.get('utm_source')),
    campaign: cleanParam(params.get('utm_campaign')),
    term: cleanParam(params.get('utm_term')),
    content: cleanParam(params.get('utm_content')),
  };
}
