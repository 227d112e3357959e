import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import type { Goal } from '../db/schema.ts';
import { openTestDatabase } from '../../tests/helpers/test-db.ts';
import { addGoal, compileGoals, deleteGoal, listGoals } from './goals.ts';
import { addSite } from './sites.ts';

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
  await addSite(db.kysely, { domain: 'example.com' });
  await addSite(db.kysely, { domain: 'other.org' });
});
afterEach(() => db.close());

const goal = (kind: Goal['kind'], pattern: string, name = pattern): Goal => ({ id: 0, site_id: 1, kind, name, pattern, created_at: 0 });

describe('goals', () => {
  it('adds page and event goals with default names', async () => {
    expect(await addGoal(db.kysely, 'example.com', { page: '/signup/**' })).toMatchObject({ site_id: 1, kind: 'page', name: 'Visit /signup/**', pattern: '/signup/**' });
    expect(await addGoal(db.kysely, 'example.com', { event: ' Purchase ' })).toMatchObject({ kind: 'event', name: 'Purchase', pattern: 'Purchase' });
    expect(await addGoal(db.kysely, 'example.com', { page: '/thanks/', name: 'Thanked' })).toMatchObject({ name: 'Thanked', pattern: '/thanks' });
    expect((await listGoals(db.kysely, 1)).map((g) => g.name)).toEqual(['Visit /signup/**', 'Purchase', 'Thanked']);
    expect(await listGoals(db.kysely, 2)).toEqual([]);
  });

  it('refuses duplicates, bad patterns and ambiguous input', async () => {
    await addGoal(db.kysely, 'example.com', { event: 'Signup' });
    await expect(addGoal(db.kysely, 'example.com', { page: '/x', name: 'Signup' })).rejects.toMatchObject({ status: 400, code: 'goal_exists' });
    await addGoal(db.kysely, 'other.org', { event: 'Signup' }); // names are per site
    await expect(addGoal(db.kysely, 'example.com', { page: 'signup' })).rejects.toThrow(/starting with \//);
    await expect(addGoal(db.kysely, 'example.com', { page: '/a', event: 'b' })).rejects.toThrow(/exactly one/);
    await expect(addGoal(db.kysely, 'example.com', {})).rejects.toThrow(/exactly one/);
    await expect(addGoal(db.kysely, 'example.com', { event: '  ' })).rejects.toThrow(/event name must be/);
    await expect(addGoal(db.kysely, 'nope.org', { event: 'x' })).rejects.toThrow(/no site/);
  });

  it('deletes by name', async () => {
    await addGoal(db.kysely, 'example.com', { page: '/a' });
    expect(await deleteGoal(db.kysely, 'example.com', 'Visit /a')).toMatchObject({ name: 'Visit /a' });
    await expect(deleteGoal(db.kysely, 'example.com', 'Visit /a')).rejects.toMatchObject({ status: 404 });
  });

  it('matches page goals on page views by path, with * and ** wildcards', () => {
    const match = compileGoals([goal('page', '/blog/*', 'Post'), goal('page', '/docs/**', 'Docs'), goal('page', '/pricing')]);
    const view = (pathname: string) => match({ name: 'pageview', pathname });
    expect(view('/blog/hello')).toEqual(['Post']);
    expect(view('/blog/hello/comments')).toEqual([]);
    expect(view('/docs/a/b/c')).toEqual(['Docs']);
    expect(view('/docs')).toEqual([]);
    expect(view('/pricing')).toEqual(['/pricing']);
    expect(view('/pricing/x')).toEqual([]);
    expect(view('/pricingX')).toEqual([]);
    expect(match({ name: 'Signup', pathname: '/pricing' })).toEqual([]);
  });

  it('matches event goals by exact name, beside page goals', () => {
    const match = compileGoals([goal('event', 'Signup', 'Signed up'), goal('page', '/**', 'Any page'), goal('event', 'pageview', 'Viewed')]);
    expect(match({ name: 'Signup', pathname: '/x' })).toEqual(['Signed up']);
    expect(match({ name: 'signup', pathname: '/x' })).toEqual([]);
    expect(match({ name: 'pageview', pathname: '/x' })).toEqual(['Any page', 'Viewed']);
    expect(compileGoals([])({ name: 'pageview', pathname: '/' })).toEqual([]);
  });

  it('treats regex characters in patterns literally', () => {
    const match = compileGoals([goal('page', '/a.b/(x)')]);
    expect(match({ name: 'pageview', pathname: '/a.b/(x)' })).toHaveLength(1);
    expect(match({ name: 'pageview', pathname: '/aXb/(x)' })).toEqual([]);
  });
});
