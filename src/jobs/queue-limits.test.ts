import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { LedgerLimits } from '../core/ports.ts';
import { memoryQueue } from './memory.ts';
import type { Job } from './payloads.ts';
import { queueLimits } from './queue.ts';

const ledger = (calls: LedgerLimits['calls']): LedgerLimits => ({ calls, concurrency: 5, idsPerRead: 10 });
const DAY = 24 * 60 * 60_000;

describe('queueLimits: the queue holds each organisation to the call windows its connector declares', () => {
  test('the ledger queues get the shortest window a connector declares; other queues none', () => {
    expect(
      queueLimits([
        ledger([
          { max: 900, windowMs: DAY },
          { max: 2, windowMs: 1_000 },
        ]),
      ]),
    ).toEqual({
      sync: { max: 2, windowMs: 1_000 },
      writeback: { max: 2, windowMs: 1_000 },
    });
  });

  test('of several connectors, the slowest rate of their shortest windows, so each stays inside its own', () => {
    const limits = queueLimits([ledger([{ max: 25, windowMs: 5_000 }]), ledger([{ max: 7, windowMs: 1_000 }])]);
    expect(limits.sync).toEqual({ max: 25, windowMs: 5_000 });
  });

  test('no connector, or one declaring no window: no limit', () => {
    expect(queueLimits([])).toEqual({});
    expect(queueLimits([ledger([])])).toEqual({});
  });
});

describe('the in-process queue under a connector declaring {max: 2, windowMs: 1000}', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-03-04T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("delays an organisation's third job until the window has passed; another organisation's is not held", async () => {
    const queue = memoryQueue({ limits: queueLimits([ledger([{ max: 2, windowMs: 1_000 }])]) });
    const t0 = Date.now();
    const starts: { org: string; at: number }[] = [];
    const sync = (orgId: string): Job => ({ type: 'sync', orgId, reason: 'schedule' });
    for (let i = 0; i < 3; i++) await queue.enqueue(sync('orgA'));
    await queue.enqueue(sync('orgB'));
    queue.work(
      'sync',
      async (job) => {
        starts.push({ org: job.orgId, at: Date.now() - t0 });
      },
      { concurrency: 4 },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([
      { org: 'orgA', at: 0 },
      { org: 'orgA', at: 0 },
      { org: 'orgB', at: 0 },
    ]);
    await vi.advanceTimersByTimeAsync(990);
    expect(starts).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(starts).toHaveLength(4);
    expect(starts[3]!.org).toBe('orgA');
    expect(starts[3]!.at).toBeGreaterThanOrEqual(1_000);
    const closed = queue.close({ graceMs: 0 });
    await vi.advanceTimersByTimeAsync(10);
    await closed;
  });
});
