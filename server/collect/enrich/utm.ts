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

/**
 * Each value's parameter names, first non-empty wins: `utm_*`, then the names Matomo (formerly
 * Piwik) campaigns use, so links tagged for Matomo keep their attribution after a migration.
 */
const NAMES = {
  medium: ['utm_medium', 'mtm_medium', 'pk_medium'],
  source: ['utm_source', 'mtm_source', 'pk_source'],
  campaign: ['utm_campaign', 'mtm_campaign', 'pk_campaign', 'mtm_cpn', 'pk_cpn', 'matomo_campaign', 'piwik_campaign'],
  term: ['utm_term', 'mtm_kwd', 'pk_kwd', 'mtm_keyword', 'pk_keyword', 'matomo_kwd', 'piwik_kwd'],
  content: ['utm_content', 'mtm_content', 'pk_content'],
} as const;

export function extractUtm(params: URLSearchParams): Utm {
  // Most page URLs carry no query string: skip some twenty lookups that would all miss.
  if (params.size === 0) return { medium: '', source: '', campaign: '', term: '', content: '' };
  return {
    medium: firstParam(params, NAMES.medium),
    source: firstParam(params, NAMES.source),
    campaign: firstParam(params, NAMES.campaign),
    term: firstParam(params, NAMES.term),
    content: firstParam(params, NAMES.content),
  };
}

/** The first of `names` with a non-empty value, cleaned; '' if none. */
function firstParam(params: URLSearchParams, names: readonly string[]): string {
  for (const name of names) {
    const value = cleanParam(params.get(name));
    if (value) return value;
  }
  return '';
}
