import { addSite } from '../admin/sites.ts';
import { listSites } from '../admin/sites.queries.ts';
import type { Site } from '../db/schema.ts';
import type { Command } from './command.ts';
import { printObject, printRows } from './output.ts';

export const siteAdd: Command = {
  usage: 'site add <domain> [--timezone Area/City] [--hostname pattern]...',
  options: { timezone: { type: 'string' }, hostname: { type: 'string', multiple: true } },
  async run({ db, args, values, out }) {
    const [domain] = args;
    if (!domain) throw new UsageError('site add needs a domain');
    const site = await addSite(db.kysely, {
      domain,
      timezone: values.timezone as string | undefined,
      hostnames: values.hostname as string[] | undefined,
    });
    printObject(out, siteView(site), String(site.id));
  },
};

export const siteList: Command = {
  usage: 'site list',
  options: {},
  async run({ db, out }) {
    const sites = await listSites(db.kysely);
    printRows(out, sites.map(siteView), 'No sites yet. Add one with: npx cairn site add example.com');
  },
};

export function siteView(site: Site) {
  return {
    id: site.id,
    domain: site.domain,
    timezone: site.timezone,
    hostnames: JSON.parse(site.hostnames) as string[],
    excluded_ips: JSON.parse(site.excluded_ips) as string[],
    excluded_paths: JSON.parse(site.excluded_paths) as string[],
    honor_dnt: site.honor_dnt === 1,
  };
}

export class UsageError extends Error {}
