import type { Site } from '../db/schema.ts';

/** A site as the CLI's --json and the admin API show it. */
export function siteView(site: Site) {
  return {
    id: site.id,
    domain: site.domain,
    timezone: site.timezone,
    hostnames: JSON.parse(site.hostnames) as string[],
    excluded_ips: JSON.parse(site.excluded_ips) as string[],
    excluded_paths: JSON.parse(site.excluded_paths) as string[],
    honor_dnt: site.honor_dnt === 1,
    raw_retention_days: site.raw_retention_days,
    aggregate_retention_months: site.aggregate_retention_months,
  };
}
