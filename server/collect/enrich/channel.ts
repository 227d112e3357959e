import { mediumForSource } from './known-sources.ts';

export type Channel =
  | 'Direct'
  | 'Organic Search'
  | 'Paid Search'
  | 'Organic Social'
  | 'Paid Social'
  | 'Organic Video'
  | 'Paid Video'
  | 'Paid Other'
  | 'Display'
  | 'Email'
  | 'Affiliates'
  | 'Audio'
  | 'SMS'
  | 'Mobile Push Notifications'
  | 'Referral';

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const VIDEO_SOURCES = new Set(['YouTube', 'Youtube', 'Vimeo', 'Twitch', 'Dailymotion', 'TikTok']);
const isVideo = (source: string, medium: string) => VIDEO_SOURCES.has(source) || /video/.test(medium);

/**
 * The acquisition channel of a visit, after Google Analytics' default channel grouping (which
 * Plausible follows too): UTM medium first, then the category of the named source.
 */
export function channelFor(input: { source: string; utmMedium: string; utmSource: string }): Channel {
  const medium = input.utmMedium.toLowerCase();
  const category = mediumForSource(input.source) ?? '';
  if (!input.source && !medium) return 'Direct';
  if (PAID.test(medium)) {
    if (category === 'search') return 'Paid Search';
    if (category === 'social') return 'Paid Social';
    if (isVideo(input.source, medium)) return 'Paid Video';
    return 'Paid Other';
  }
  if (['display', 'banner', 'expandable', 'interstitial', 'cpm'].includes(medium)) return 'Display';
  if (/^e[-_ ]?mail$/.test(medium) || category === 'email') return 'Email';
  if (medium === 'affiliate') return 'Affiliates';
  if (medium === 'audio') return 'Audio';
  if (medium === 'sms') return 'SMS';
  if (/push$|mobile|notification/.test(medium)) return 'Mobile Push Notifications';
  if (isVideo(input.source, medium)) return 'Organic Video';
  if (category === 'social' || ['social', 'social-network', 'social-media', 'sm', 'social network', 'social media'].includes(medium)) {
    return 'Organic Social';
  }
  if (category === 'search' || medium === 'organic') return 'Organic Search';
  if (category === 'paid') return 'Paid Other';
  return 'Referral';
}
