/** Numbers, durations and dimension values as people read them. Pure; see format.test.ts. */
import { dimensionDef, takesCountryCodes } from '../../server/vocabulary/dimensions.ts';

export const METRIC_LABELS: Record<string, string> = {
  visitors: 'Unique visitors',
  visits: 'Total visits',
  pageviews: 'Total pageviews',
  views_per_visit: 'Views per visit',
  bounce_rate: 'Bounce rate',
  visit_duration: 'Visit duration',
  events: 'Total events',
  conversion_rate: 'Conversion rate',
  time_on_page: 'Time on page',
  scroll_depth: 'Scroll depth',
  percentage: '%',
};

/** Short column headings for tables. */
export const METRIC_SHORT: Record<string, string> = {
  ...METRIC_LABELS,
  visitors: 'Visitors',
  visits: 'Visits',
  pageviews: 'Views',
  events: 'Events',
  conversion_rate: 'CR',
};

/** Metrics where a rise is bad news (shown in red). */
export const LOWER_IS_BETTER = new Set(['bounce_rate']);

/** 950 → "950", 1234 → "1.2k", 15300 → "15.3k", 2_500_000 → "2.5M". */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const unit = (value: number, suffix: string) => {
    const fixed = value >= 100 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
    return `${n < 0 ? '-' : ''}${fixed}${suffix}`;
  };
  if (abs >= 999_950_000) return unit(abs / 1e9, 'B');
  if (abs >= 999_950) return unit(abs / 1e6, 'M');
  if (abs >= 1000) return unit(abs / 1e3, 'k');
  return String(Math.round(n * 100) / 100);
}

export const exactNumber = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** 0 → "0s", 65 → "1m 5s", 3725 → "1h 2m". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** A metric's value, compact (cards, rows) or exact (tooltips, tables). */
export function formatMetric(metric: string, value: number | null | undefined, exact = false): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (metric) {
    case 'bounce_rate':
    case 'conversion_rate':
    case 'percentage':
    case 'scroll_depth':
      return `${Math.round(value * 10) / 10}%`;
    case 'visit_duration':
    case 'time_on_page':
      return duration(value);
    case 'views_per_visit':
      return (Math.round(value * 100) / 100).toString();
    default:
      return exact ? exactNumber(value) : compactNumber(value);
  }
}

/** The change vs the comparison period: percent for counts, points for rates (the server's `change`). */
export function formatChange(metric: string, change: number | null | undefined): string {
  if (change === null || change === undefined) return '';
  const points = metric === 'bounce_rate' || metric === 'conversion_rate' || metric === 'percentage' || metric === 'scroll_depth';
  const arrow = change > 0 ? '↑' : change < 0 ? '↓' : '';
  const size = Math.abs(Math.round(change * 10) / 10);
  return `${arrow}${arrow ? ' ' : ''}${size}${points ? ' pp' : '%'}`;
}

/** "good", "bad" or "neutral" for colouring a change. */
export function changeTone(metric: string, change: number | null | undefined): 'good' | 'bad' | 'neutral' {
  if (!change) return 'neutral';
  const up = change > 0;
  return up !== LOWER_IS_BETTER.has(metric) ? 'good' : 'bad';
}

/** 🇩🇪 from "DE"; '' for anything that is not two ASCII letters. */
export function flagEmoji(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return '';
  const base = 0x1f1e6 - 65;
  const up = code.toUpperCase();
  return String.fromCodePoint(base + up.charCodeAt(0), base + up.charCodeAt(1));
}

let regionNames: Intl.DisplayNames | null | undefined;
/** "Germany" from "DE" (falls back to the code). */
export function countryName(code: string): string {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
    } catch {
      regionNames = null;
    }
  }
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * A plain DNS hostname ("news.ycombinator.com"): letters, digits, hyphens and dots, a dotted name
 * with a letter-only top-level label. Only such values become links, and only as https://host.
 */
export function isPlainHostname(value: string): boolean {
  if (value.length > 253) return false;
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value);
}

/** The link for a referrer value, or null when it must stay text. */
export const referrerHref = (value: string): string | null => (isPlainHostname(value) ? `https://${value}` : null);

/** The text a dimension value shows as (never markup: rendered as a text node). */
export function valueLabel(dimension: string, value: string): string {
  if (value === '') return dimensionDef(dimension)?.emptyLabel ?? '(not set)';
  if (takesCountryCodes(dimension)) return countryName(value);
  switch (dimension) {
    case 'visit:screen':
    case 'visit:device':
      return value.charAt(0).toUpperCase() + value.slice(1);
    default:
      return value;
  }
}

let countryIndex: Map<string, string> | undefined;
/** "DE" from "de", "Germany" or "germany"; null when it names no country. */
export function countryCode(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  if (!countryIndex) {
    countryIndex = new Map();
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = countryName(code);
        if (name !== code) countryIndex.set(name.toLowerCase(), code);
      }
    }
  }
  return countryIndex.get(t.toLowerCase()) ?? null;
}
