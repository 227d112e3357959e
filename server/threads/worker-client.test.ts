import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createWorkerClient, type WorkerClient } from './worker-client.ts';

const entry = new URL('../../tests/helpers/test-worker.ts', import.meta.url);
const clients: WorkerClient[] = [];
const client = (options: Partial<Parameters<typeof createWorkerClient>[0]> = {}) => {
  const c = createWorkerClient({ entry, ...options });
  clients.push(c);
  return c;
};
afterEach(async () => {
  for (const c of clients.splice(0)) await c.stop(0);
});

describe('createWorkerClient', () => {
  it('answers calls in a worker thread, keeping an AppError’s status and message', async () => {
    const c = client();
    expect(await c.call('echo', { a: [1, 'x'] })).toEqual({ a: [1, 'x'] });
    const error = await c.call('fail', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 422, code: 'nope', message: 'refused on purpose' });
    const crash = await c.call('crash', {}).catch((e: unknown) => e);
    expect(crash).toMatchObject({ message: 'plain failure', code: 'E_TEST' });
    // The worker's own stack, for the log: where the error came from, not where it was read.
    expect((crash as Error).stack).toMatch(/test-worker\.ts/);
    await expect(c.call('no-such-task', {})).rejects.toThrow(/no task/);
  });

  it('keeps the main thread free while the worker computes', async () => {
    const c = client();
    await c.call('echo', 1); // started
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await c.call('spin', 300);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(20);
  });

  it('stops a call that runs past its time, with a 503, and runs the calls queued behind it on a new worker', async () => {
    const exits: string[] = [];
    const c = client({ onExit: (reason) => exits.push(reason) });
    const slow = c.call('spin', 60_000, { timeoutMs: 300 }).catch((e: unknown) => e);
    const queued = c.call('echo', 'after', { timeoutMs: 300 });
    const error = await slow;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: 'worker_failed' });
    expect((error as Error).message).toMatch(/longer than/);
    expect(await queued).toBe('after');
    expect(exits).toHaveLength(1);
  });

  it('counts only a call’s own running time, not its wait in line', async () => {
    const c = client();
    const first = c.call('spin', 400, { timeoutMs: 1_000 });
    const second = c.call('spin', 400, { timeoutMs: 600 });
    expect(await Promise.all([first, second])).toEqual(['spun', 'spun']);
  });

  it('survives a worker that runs out of memory, and starts a new one', async () => {
    const c = client({ resourceLimits: { maxOldGenerationSizeMb: 32 } });
    const error = await c.call('hoard', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'worker_failed' });
    expect((error as Error).message).toMatch(/memory/);
    expect(await c.call('echo', 'again')).toBe('again');
  });

  it('refuses calls past its queue limit rather than let them wait for minutes', async () => {
    const c = client({ maxQueue: 2 });
    const a = c.call('spin', 200);
    const b = c.call('echo', 'b');
    await expect(c.call('echo', 'c')).rejects.toMatchObject({ status: 503, code: 'busy' });
    expect(await Promise.all([a, b])).toEqual(['spun', 'b']);
  });
});
