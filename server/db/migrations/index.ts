import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-rollups.ts';
import * as m0003 from './0003-users.ts';
import * as m0004 from './0004-rollup-months.ts';
import * as m0005 from './0005-rollup-failures.ts';
import * as m0006 from './0006-login-throttle.ts';
import * as m0007 from './0007-instance-state.ts';

/** Every migration, by its numbered file name; append new ones, never edit a released one. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-rollups': m0002,
  '0003-users': m0003,
  '0004-rollup-months': m0004,
  '0005-rollup-failures': m0005,
  '0006-login-throttle': m0006,
  '0007-instance-state': m0007,
};
