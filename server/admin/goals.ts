import type { Kysely } from 'kysely';
import { normalizePath } from '../utils/normalize-path.ts';
import { LIMITS } from '../vocabulary/event-limits.ts';
import type { Goal, Schema, Site } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { compilePathPattern } from '../utils/path-pattern.ts';
import { deleteGoalByName, findGoalByName, insertGoal, listGoalRows } from './goals.queries.ts';
import { findSiteByDomain } from './sites.queries.ts';
import { normalizeDomain, validatePathPattern } from './sites.ts';

export interface GoalInput {
  /** A path pattern: `*` within a segment, `**` across segments. */
  page?: string;
  /** An exact event name. */
  event?: string;
  name?: string;
}

export async function addGoal(db: Kysely<Schema>, domain: string, input: GoalInput, now = Date.now()): Promise<Goal> {
  const site = await requireSite(db, domain);
  if ((input.page === undefined) === (input.event === undefined)) {
    throw badRequest('a goal takes exactly one of a page pattern or an event name', 'invalid_goal');
  }
  // Stored paths have no trailing slash and upper-case escapes, so `/signup/` must become `/signup` to ever match.
  const kind = input.page !== undefined ? 'page' : 'event';
  const pattern = kind === 'page' ? normalizePath(validatePathPattern(input.page!)) : text(input.event!, 'event name');
  const name = input.name === undefined ? (kind === 'page' ? `Visit ${pattern}` : pattern) : text(input.name, 'goal name');
  if (await findGoalByName(db, site.id, name)) throw badRequest(`${site.domain} already has a goal named "${name}"`, 'goal_exists');
  return insertGoal(db, { site_id: site.id, kind, name, pattern, created_at: now });
}

export const listGoals = (db: Kysely<Schema>, siteId: number): Promise<Goal[]> => listGoalRows(db, siteId);

export async function deleteGoal(db: Kysely<Schema>, domain: string, name: string): Promise<Goal> {
  const site = await requireSite(db, domain);
  const goal = await deleteGoalByName(db, site.id, name);
  if (!goal) throw new AppError(404, 'not_found', `${site.domain} has no goal named "${name}"`);
  return goal;
}

/** A goal as the CLI's --json and the admin API show it. */
export const goalView = (goal: Goal) => ({ id: goal.id, name: goal.name, kind: goal.kind, pattern: goal.pattern });

/** One matcher for a site's goals, built once so the per-event cost is a few path-pattern tests. */
export function compileGoals(goals: Goal[]): (event: { name: string; pathname: string }) => string[] {
  const pages = goals.filter((g) => g.kind === 'page').map((g) => ({ name: g.name, matches: compilePathPattern(g.pattern) }));
  const events = goals.filter((g) => g.kind === 'event');
  return (event) => {
    const done = event.name === 'pageview' ? pages.filter((g) => g.matches(event.pathname)).map((g) => g.name) : [];
    for (const g of events) if (g.pattern === event.name) done.push(g.name);
    return done;
  };
}

async function requireSite(db: Kysely<Schema>, domain: string): Promise<Site> {
  const site = await findSiteByDomain(db, normalizeDomain(domain));
  if (!site) throw badRequest(`no site ${domain}`, 'unknown_site');
  return site;
}

function text(value: string, label: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > LIMITS.nameLength) {
    throw badRequest(`${label} must be 1 to ${LIMITS.nameLength} characters`, 'invalid_goal');
  }
  return trimmed;
}
