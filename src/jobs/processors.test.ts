import { describe, expect, test } from 'vitest';
import { LedgerError } from '../core/ports.ts';
import { memoryQueue } from './memory.ts';
import type { Job } from './payloads.ts';
import { processJob, startWorkers, type JobServices } from './processors.ts';
import { RetryLater, sleep } from './queue.ts';

/** A JobServices that records what it was asked, and can be told to throw. */
function fakeServices(fail?: Error) {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      if (fail) throw fail;
    };
  const services: JobServices = { sync: record('sync'), plan: record('plan'), send: record('send'), writeBack: record('writeBack') };
  return { calls, services };
}

describe('processJob', () => {
  test.each<[Job, unknown[]]>([
    [{ type: 'sync', orgId: 'o1', reason: 'webhook', invoiceExternalIds: ['inv-1'] }, ['sync', 'o1', 'webhook', ['inv-1']]],
    [{ type: 'sync', orgId: 'o1', reason: 'schedule' }, ['sync', 'o1', 'schedule', undefined]],
    [{ type: 'plan', orgId: 'o2' }, ['plan', 'o2']],
    [{ type: 'send', orgId: 'o3', reminderIds: ['r1', 'r2'] }, ['send', 'o3', ['r1', 'r2']]],
    [
      { type: 'writeback', orgId: 'o4', action: 'charges', invoiceId: 'i1' },
      ['writeBack', { type: 'writeback', orgId: 'o4', action: 'charges', invoiceId: 'i1' }],
    ],
    [
      { type: 'writeback', orgId: 'o4', action: 'answer-note', answerId: 'a1' },
      ['writeBack', { type: 'writeback', orgId: 'o4', action: 'answer-note', answerId: 'a1' }],
    ],
  ])('%j calls its one service', async (job, expected) => {
    const { calls, services } = fakeServices();
    await processJob(job, services);
    expect(calls).toEqual([expected]);
  });

  test('a malformed job calls no service and says what is wrong', async () => {
    const { calls, services } = fakeServices();
    await expect(processJob({ type: 'writeback', orgId: 'o1', action: 'note' }, services)).rejects.toThrow(/malformed job: reminderId/);
    await expect(processJob({ type: 'sync', orgId: 'o1', reason: 'cron' }, services)).rejects.toThrow(/malformed job: reason/);
    expect(calls).toEqual([]);
  });

  test("a ledger's rate limit becomes a RetryLater after the time the ledger asked for", async () => {
    const { services } = fakeServices(new LedgerError('rate-limited', 'Acme Books: 429', 42_000));
    const error = await processJob({ type: 'plan', orgId: 'o1' }, services).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLater);
    expect(error).toMatchObject({ ms: 42_000 });
  });

  test('a conflict the connector could not settle comes back later, without counting a try', async () => {
    const { services } = fakeServices(new LedgerError('conflict', 'stale SyncToken'));
    const error = await processJob({ type: 'writeback', orgId: 'o1', action: 'charges', invoiceId: 'i1' }, services).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetryLater);
    expect(error).toMatchObject({ ms: 60_000 });
  });

  test('other errors pass through to be retried with backoff', async () => {
    const failure = new LedgerError('unavailable', 'Acme Books: 503');
    const { services } = fakeServices(failure);
    await expect(processJob({ type: 'plan', orgId: 'o1' }, services)).rejects.toBe(failure);
  });
});

describe('startWorkers', () => {
  test('jobs enqueued on every queue reach their services', async () => {
    const { calls, services } = fakeServices();
    const queue = memoryQueue({ limits: {} });
    try {
      startWorkers(queue, services);
      await queue.enqueue({ type: 'sync', orgId: 'o1', reason: 'manual' });
      await queue.enqueue({ type: 'plan', orgId: 'o1' });
      await queue.enqueue({ type: 'send', orgId: 'o1', reminderIds: ['r1'] });
      await queue.enqueue({ type: 'writeback', orgId: 'o1', action: 'note', reminderId: 'r1' });
      for (let i = 0; i < 100 && calls.length < 4; i++) await sleep(5);
      expect(calls.map((c) => c[0]).sort()).toEqual(['plan', 'send', 'sync', 'writeBack']);
    } finally {
      await queue.close();
    }
  });
});
