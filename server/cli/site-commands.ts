import { addSite } from '../admin/sites.ts';
import { listSites } from '../admin/sites.queries.ts';
import { siteView } from '../admin/site-view.ts';
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


export class UsageError extends Error {}
