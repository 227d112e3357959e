import { changeSite } from '../admin/sites.ts';
import type { Command } from './command.ts';
import { printObject } from './output.ts';
import { siteView, UsageError } from './site-commands.ts';

const list = (value: unknown) =>
  value === undefined ? undefined : (value as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export const siteSet: Command = {
  usage:
    'site set <domain> [--timezone Area/City] [--hostnames a,b] [--exclude-ips cidr,...] [--exclude-paths /p/**,...] [--honor-dnt true|false]',
  options: {
    timezone: { type: 'string' },
    hostnames: { type: 'string', multiple: true },
    'exclude-ips': { type: 'string', multiple: true },
    'exclude-paths': { type: 'string', multiple: true },
    'honor-dnt': { type: 'string' },
  },
  async run({ db, args, values, out }) {
    const [domain] = args;
    if (!domain) throw new UsageError('site set needs a domain');
    const dnt = values['honor-dnt'] as string | undefined;
    if (dnt !== undefined && !['true', 'false'].includes(dnt)) throw new UsageError('--honor-dnt takes true or false');
    const site = await changeSite(db.kysely, domain, {
      timezone: values.timezone as string | undefined,
      hostnames: list(values.hostnames),
      excludedIps: list(values['exclude-ips']),
      excludedPaths: list(values['exclude-paths']),
      honorDnt: dnt === undefined ? undefined : dnt === 'true',
    });
    printObject(out, siteView(site), `updated ${site.domain}`);
  },
};
