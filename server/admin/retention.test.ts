import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { openTestDatabase } from '../../tests/helpers/test-db.ts';
import { addSite, changeSite } from './sites.ts';

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
  await addSite(db.kysely, { domain: 'example.com' });
});
afterEach(() => db.close());

describe('retention settings', () => {
  it('defaults to 30 days of raw events and aggregates forever', async () => {
    expect(await changeSite(db.kysely, 'example.com', {})).toMatchObject({ raw_retention_days: 30, aggregate_retention_months: 0 });
  });

  it('changes each setting alone, bounds included', async () => {
    expect(await changeSite(db.kysely, 'example.com', { rawRetentionDays: 0 })).toMatchObject({ raw_retention_days: 0, aggregate_retention_months: 0 });
    expect(await changeSite(db.kysely, 'example.com', { aggregateRetentionMonths: 1200 })).toMatchObject({ raw_retention_days: 0, aggregate_retention_months: 1200 });
    expect(await changeSite(db.kysely, 'example.com', { rawRetentionDays: 3650, honorDnt: true })).toMatchObject({ raw_retention_days: 3650, honor_dnt: 1 });
  });

  it('refuses fractions, negatives and values past the bounds with a 400', async () => {
    const bad: [string, object][] = [
      ['raw retention days', { rawRetentionDays: -1 }],
      ['raw retention days', { rawRetentionDays: 3651 }],
      ['raw retention days', { rawRetentionDays: 1.5 }],
      ['raw retention days', { rawRetentionDays: Number.NaN }],
      ['aggregate retention months', { aggregateRetentionMonths: 1201 }],
      ['aggregate retention months', { aggregateRetentionMonths: -3 }],
    ];
    for (const [label, changes] of bad) {
      await expect(changeSite(db.kysely, 'example.com', changes)).rejects.toMatchObject({ status: 400, code: 'invalid_retention', message: expect.stringContaining(label) });
    }
    expect(await changeSite(db.kysely, 'example.com', {})).toMatchObject({ raw_retention_days: 30, aggregate_retention_months: 0 });
  });
});
