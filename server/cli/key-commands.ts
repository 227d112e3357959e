import { createApiKey, listApiKeys, revokeApiKey } from '../admin/api-keys.ts';
import { normalizeDomain } from '../admin/sites.ts';
import type { Command } from './command.ts';
import { line, printObject, printRows } from './output.ts';
import { UsageError } from './site-commands.ts';

export const keyCreate: Command = {
  usage: 'key create [--site <domain>] [--scope read|write|admin] [--name text]',
  options: { site: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' } },
  async run({ db, args, values, out }) {
    if (args.length > 0) throw new UsageError(`key create takes no arguments; got "${args.join(' ')}"`);
    const siteDomain = values.site as string | undefined;
    const created = await createApiKey(db.kysely, {
      siteDomain,
      scope: (values.scope as string | undefined) ?? 'read',
      name: values.name as string | undefined,
    });
    const site = siteDomain === undefined ? null : normalizeDomain(siteDomain);
    if (out.json) return printObject(out, { key: created.key, prefix: created.prefix, site, scope: created.scope }, '');
    // The key alone on stdout so `KEY=$(cairn key create)` captures it; the reminder goes to the person, on stderr.
    out.write(`${created.key}\n`);
    process.stderr.write(
      line(`Store this ${created.scope} key for ${site ?? 'all sites'} now: it will not be shown again (revoke with: cairn key revoke ${created.prefix})`),
    );
  },
};

export const keyList: Command = {
  usage: 'key list',
  options: {},
  async run({ db, out }) {
    const rows = (await listApiKeys(db.kysely)).map((k) => ({
      prefix: k.prefix,
      site: k.site,
      scope: k.scope,
      name: k.name,
      created_at: new Date(k.created_at).toISOString(),
      last_used_at: k.last_used_at === null ? null : new Date(k.last_used_at).toISOString(),
    }));
    // Machines get null for "every site"; people get a word, as an empty cell reads like missing data.
    const shown = out.json ? rows : rows.map((r) => ({ ...r, site: r.site ?? '(all)', last_used_at: r.last_used_at ?? 'never' }));
    printRows(out, shown, 'No API keys yet. Create one with: npx cairn key create --site example.com');
  },
};

export const keyRevoke: Command = {
  usage: 'key revoke <prefix>',
  options: {},
  async run({ db, args, out }) {
    const [prefix] = args;
    if (!prefix) throw new UsageError('key revoke needs the key prefix shown by key list');
    await revokeApiKey(db.kysely, prefix);
    printObject(out, { revoked: prefix }, `revoked ${prefix}`);
  },
};
