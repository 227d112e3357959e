import { describe, expect, it } from 'vitest';
import { createEventWriter } from './collect/event-writer.ts';
import { openTestDatabase } from '../tests/helpers/test-db.ts';
import { storageProblem } from './health.ts';

describe('storageProblem', () => {
  it('reports a failed commit for a while, then asks the database again', async () => {
    const db = await openTestDatabase();
    let full = true;
    const writer = createEventWriter(() => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    expect(await storageProblem(db.kysely, writer)).toBeNull();
    await writer.write([{ ts: 1 } as never]).catch(() => {});
    const failedAt = writer.lastFailure()!.at;
    expect(await storageProblem(db.kysely, writer, failedAt + 1_000)).toBe('events cannot be stored: SQLITE_FULL: database or disk is full');
    // Ten seconds on, the probe decides: the cause may be gone though no event came to prove it.
    full = false;
    expect(await storageProblem(db.kysely, writer, failedAt + 11_000)).toBeNull();
    await db.close();
  });

  it('fails when the probe write fails', async () => {
    const db = await openTestDatabase();
    const writer = createEventWriter(() => {});
    db.sqlite.pragma('query_only = ON');
    expect(await storageProblem(db.kysely, writer)).toMatch(/^events cannot be stored: SQLITE_READONLY/);
    await db.close();
  });
});
