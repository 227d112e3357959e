import { addGoal, deleteGoal, goalView, listGoals } from '../admin/goals.ts';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import { normalizeDomain } from '../admin/sites.ts';
import { badRequest } from '../errors.ts';
import type { Command } from './command.ts';
import { printObject, printRows } from './output.ts';
import { UsageError } from './site-commands.ts';

export const goalAdd: Command = {
  usage: 'goal add <domain> (--page /path/* | --event name) [--name text]',
  options: { page: { type: 'string' }, event: { type: 'string' }, name: { type: 'string' } },
  async run({ db, args, values, out }) {
    const [domain] = args;
    if (!domain) throw new UsageError('goal add needs a domain');
    const goal = await addGoal(db.kysely, domain, {
      page: values.page as string | undefined,
      event: values.event as string | undefined,
      name: values.name as string | undefined,
    });
    printObject(out, goalView(goal), `added goal "${goal.name}" (${goal.kind} ${goal.pattern})`);
  },
};

export const goalList: Command = {
  usage: 'goal list <domain>',
  options: {},
  async run({ db, args, out }) {
    const [domain] = args;
    if (!domain) throw new UsageError('goal list needs a domain');
    const site = await findSiteByDomain(db.kysely, normalizeDomain(domain));
    if (!site) throw badRequest(`no site ${domain}`, 'unknown_site');
    const goals = await listGoals(db.kysely, site.id);
    printRows(out, goals.map(goalView), `No goals for ${site.domain} yet. Add one with: npx cairn goal add ${site.domain} --page '/signup/**'`);
  },
};

export const goalDelete: Command = {
  usage: 'goal delete <domain> <name>',
  options: {},
  async run({ db, args, out }) {
    const [domain, name] = args;
    if (!domain || name === undefined) throw new UsageError('goal delete needs a domain and a goal name');
    const goal = await deleteGoal(db.kysely, domain, name);
    printObject(out, goalView(goal), `deleted goal "${goal.name}"`);
  },
};
