/** Shapes of the server's answers (see server/api/query-routes.ts and the dashboard routes). */

export type ApiFilter = [string, string, string[]] | [string, string, string[], { case_sensitive: boolean }];

export interface QueryBody {
  site_id: string;
  date_range: string | [string, string];
  date?: string;
  metrics: string[];
  dimensions?: string[];
  filters?: ApiFilter[];
  order_by?: Array<[string, 'asc' | 'desc']>;
  pagination?: { limit: number; offset?: number };
  include?: { total_rows?: boolean; comparisons?: { mode: 'previous_period' | 'year_over_year' } };
}

export interface ResultRow {
  dimensions: string[];
  metrics: number[];
  comparison?: { dimensions: string[]; metrics: number[]; change: Array<number | null> };
}

export interface QueryResponse {
  results: ResultRow[];
  meta: { total_rows?: number; source?: string; comparison_date_range?: [string, string] };
  query: { date_range: [string, string]; metrics: string[]; dimensions: string[] };
}

export interface Goal {
  name: string;
  kind: string;
  pattern: string;
}

export interface Site {
  /** The site's number: Matomo's `idsite` for a Matomo or Piwik tracker pointed at Cairn. */
  id: number;
  domain: string;
  timezone: string;
  goals: Goal[];
  has_events: boolean;
}

export interface SiteStatus {
  has_events: boolean;
  last_event_at: string | number | null;
}

export interface PropKeys {
  keys: string[];
}
