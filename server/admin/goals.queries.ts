import type { Kysely } from 'kysely';
import type { Goal, Schema } from '../db/schema.ts';

export type NewGoal = Pick<Goal, 'site_id' | 'kind' | 'name' | 'pattern' | 'created_at'>;

export function insertGoal(db: Kysely<Schema>, goal: NewGoal): Promise<Goal> {
  return db.insertInto('goals').values(goal).returningAll().executeTakeFirstOrThrow();
}

export function listGoalRows(db: Kysely<Schema>, siteId: number): Promise<Goal[]> {
  return db.selectFrom('goals').selectAll().where('site_id', '=', siteId).orderBy('id').execute();
}

export function findGoalByName(db: Kysely<Schema>, siteId: number, name: string): Promise<Goal | undefined> {
  return db.selectFrom('goals').selectAll().where('site_id', '=', siteId).where('name', '=', name).executeTakeFirst();
}

/** The deleted goal, or undefined when the site has none by that name. */
export function deleteGoalByName(db: Kysely<Schema>, siteId: number, name: string): Promise<Goal | undefined> {
  return db.deleteFrom('goals').where('site_id', '=', siteId).where('name', '=', name).returningAll().executeTakeFirst();
}
