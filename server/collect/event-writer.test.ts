import { describe, expect, it } from 'vitest';
import type { EventInsert } from '../db/event-appender.ts';
import { createEventWriter } from './event-writer.ts';

const row = (ts: number) => ({ ts }) as EventInsert;

describe('createEventWriter', () => {
  it('commits writes that arrive together in one batch, and answers only after it', async () => {
    const batches: number[][] = [];
    const writer = createEventWriter((rows) => batches.push(rows.map((r) => r.ts)));
    let settled = 0;
    const writes = [1, 2, 3].map((n) => writer.write([row(n)]).then(() => settled++));
    expect(settled).toBe(0);
    expect(batches).toEqual([]);
    await Promise.all(writes);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('rejects every write of a batch whose commit failed, and keeps working', async () => {
    let fail = true;
    const stored: number[] = [];
    const writer = createEventWriter((rows) => {
      if (fail) throw new Error('disk full');
      stored.push(...rows.map((r) => r.ts));
    });
    const results = await Promise.allSettled([writer.write([row(1)]), writer.write([row(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await writer.write([row(3)]);
    expect(stored).toEqual([3]);
  });

  it('flushes early when a batch is full', async () => {
    const sizes: number[] = [];
    const writer = createEventWriter((rows) => sizes.push(rows.length), 2);
    await Promise.all([writer.write([row(1)]), writer.write([row(2)]), writer.write([row(3)])]);
    expect(sizes).toEqual([2, 1]);
  });

  it('commits what is queued on close and refuses writes after it', async () => {
    const stored: number[] = [];
    const writer = createEventWriter((rows) => stored.push(...rows.map((r) => r.ts)));
    const pending = writer.write([row(7)]);
    await writer.close();
    await pending;
    expect(stored).toEqual([7]);
    await expect(writer.write([row(8)])).rejects.toThrow(/closed/);
  });
});
