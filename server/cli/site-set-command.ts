import { changeSite } from '../admin/sites.ts';
import type { Command } from './command.ts';
import { printObject } from './output.ts';
import { siteView } from '../admin/site-view.ts';
import { UsageError } from './site-commands.ts';

const list = (value: unknown) =>
  value === undefined ? undefined : (value as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/** Digits only: Number('') is 0 and Number('1e2') is 100, which nobody typing them meant. changeSite checks the range. */
function whole(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value as string)) throw new UsageError(`--${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

export const siteSet: Command = {
  usage:
    'site set <domain> [--timezone Area/City] [--hostnames a,b] [--exclude-ips cidr,...] [--exclude-paths /p/**,...] [--honor-dnt true|false] [--raw-retention-days N] [--aggregate-retention-months M]',
  options: {
    timezone: { type: 'string' },
    hostnames: { type: 'string', multiple: true },
    'exclude-ips': { type: 'string', multiple: true },
    'exclude-paths': { type: 'string', multiple: true },
    'honor-dnt': { type: 'string' },
    'raw-retention-days': { type: 'string' },
    'aggregate-retention-months': { type: 'string' },
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
      rawRetentionDays: whole(values['raw-retention-days'], 'raw-retention-days'),
      aggregateRetentionMonths: whole(values['aggregate-retention-months'], 'aggregate-retention-months'),
    });
    printObject(out, siteView(site), `updated ${site.domain}`);
  },
};
