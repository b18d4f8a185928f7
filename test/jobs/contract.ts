import { afterEach, describe, expect, test } from 'vitest';
import type { Job, JobOf } from '../../src/jobs/payloads.ts';
import { RetryLater, sleep, type JobContext, type JobQueue, type Limits, type RetryPolicy } from '../../src/jobs/queue.ts';

/**
 * The behaviour both JobQueue adapters promise, run against each (memory.test.ts, bull.test.ts). Timings are short
 * but every assertion allows for a loaded machine: they check order and bounds, not exact times.
 */

export type QueueFixture = { make(options: { limits?: Limits; retry?: Partial<RetryPolicy> }): JobQueue };

const RETRY = { attempts: 3, backoffMs: 50, maxBackoffMs: 1_000 };
const send = (orgId: string, ...reminderIds: string[]): JobOf<'send'> => ({
  type: 'send',
  orgId,
  reminderIds: reminderIds.length ? reminderIds : ['r1'],
});
const sync = (orgId: string): JobOf<'sync'> => ({ type: 'sync', orgId, reason: 'schedule' });

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

type Call = { job: Job; at: number; attempt: number };

/** A handler that records its calls and does what `behaviour` says. */
function recorder(behaviour: (job: Job, ctx: JobContext, call: number) => Promise<void> = async () => {}) {
  const calls: Call[] = [];
  const handler = async (job: Job, ctx: JobContext) => {
    calls.push({ job, at: Date.now(), attempt: ctx.attempt });
    await behaviour(job, ctx, calls.length);
  };
  return { calls, handler };
}

export function queueContract(name: string, fixture: QueueFixture): void {
  describe(`JobQueue contract: ${name}`, () => {
    const opened: JobQueue[] = [];
    const make = (options: { limits?: Limits; retry?: Partial<RetryPolicy> } = {}) => {
      const queue = fixture.make({ limits: options.limits ?? {}, retry: { ...RETRY, ...options.retry } });
      opened.push(queue);
      return queue;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((q) => q.close({ graceMs: 200 })));
    });

    test('a job id makes enqueueing idempotent while the job is live, and free again once it is done', async () => {
      const queue = make();
      expect(await queue.enqueue(send('o1'), { jobId: 'send-r1' })).toMatchObject({ added: true });
      expect(await queue.enqueue(send('o1'), { jobId: 'send-r1' })).toMatchObject({ added: false });
      expect((await queue.counts()).send.waiting).toBe(1);

      const { calls, handler } = recorder();
      queue.work('send', handler);
      await waitFor('the job to run', () => calls.length === 1);
      await waitFor('the job to leave the queue', async () => (await queue.counts()).send.active === 0);
      expect(await queue.enqueue(send('o1'), { jobId: 'send-r1' })).toMatchObject({ added: true });
      await waitFor('the job to run again', () => calls.length === 2);
    });

    test('a delayed job does not run before its delay', async () => {
      const queue = make();
      const { calls, handler } = recorder();
      queue.work('send', handler);
      const enqueuedAt = Date.now();
      await queue.enqueue(send('o1'), { delayMs: 400 });
      await sleep(200);
      expect(calls).toHaveLength(0);
      expect((await queue.counts()).send.delayed).toBe(1);
      await waitFor('the delayed job', () => calls.length === 1);
      expect(calls[0]!.at - enqueuedAt).toBeGreaterThanOrEqual(390);
    });

    test('RetryLater runs the job again after the delay, not before, without counting an attempt', async () => {
      const queue = make();
      const { calls, handler } = recorder(async (_job, _ctx, call) => {
        if (call === 1) throw new RetryLater(400, 'rate limited by the ledger');
      });
      queue.work('send', handler);
      await queue.enqueue(send('o1'));
      await waitFor('the first run', () => calls.length === 1);
      await sleep(200);
      expect(calls).toHaveLength(1);
      expect((await queue.counts()).send.delayed).toBe(1);
      await waitFor('the second run', () => calls.length === 2);
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(390);
      expect(calls.map((c) => c.attempt)).toEqual([1, 1]);
      await sleep(150);
      expect(calls).toHaveLength(2);
    });

    test('a job failing every attempt ends failed, with its reason, and stays visible', async () => {
      const queue = make({ retry: { attempts: 3, backoffMs: 40 } });
      const { calls, handler } = recorder(async () => {
        throw new Error('ledger unavailable');
      });
      queue.work('send', handler);
      await queue.enqueue(send('o1', 'r9'));
      await waitFor('the job to fail for good', async () => (await queue.counts()).send.failed === 1);
      expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      // Exponential backoff: at least 40 ms, then at least 80 ms (a busy machine only ever makes the waits longer,
      // so the lower bounds are what can be asserted; a few ms of slack for the two clocks involved).
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(35);
      expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(75);
      const [failed] = await queue.failed('send');
      expect(failed).toMatchObject({ queue: 'send', reason: 'ledger unavailable', attempts: 3, data: send('o1', 'r9') });
      expect((await queue.counts()).send).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    });

    test('a failed job id can be enqueued again, and then runs', async () => {
      const queue = make({ retry: { attempts: 1 } });
      const { calls, handler } = recorder(async (_job, _ctx, call) => {
        if (call === 1) throw new Error('boom');
      });
      queue.work('send', handler);
      await queue.enqueue(send('o1'), { jobId: 'again' });
      await waitFor('the failure', async () => (await queue.counts()).send.failed === 1);
      expect(await queue.enqueue(send('o1'), { jobId: 'again' })).toMatchObject({ added: true });
      await waitFor('the second run', () => calls.length === 2);
    });

    test('a malformed payload fails with a reason and the worker goes on', async () => {
      const queue = make();
      const { calls, handler } = recorder();
      queue.work('send', handler);
      await queue.enqueue({ type: 'send', orgId: 'o1', reminderIds: 'r1' } as unknown as Job);
      await queue.enqueue(send('o1', 'good'));
      await waitFor('the good job', () => calls.length === 1);
      await waitFor('the bad job to fail', async () => (await queue.counts()).send.failed === 1);
      expect(calls[0]!.job).toEqual(send('o1', 'good'));
      const [failed] = await queue.failed('send');
      expect(failed?.reason).toMatch(/malformed send job: reminderIds/);
    });

    test('enqueueing a job of no known type is refused at once', async () => {
      const queue = make();
      await expect(queue.enqueue({ type: 'mail', orgId: 'o1' } as unknown as Job)).rejects.toThrow(/cannot enqueue a job of type "mail"/);
    });

    test('repeatEvery with the same key twice registers once; cancelRepeat stops it', async () => {
      const queue = make();
      const { calls, handler } = recorder();
      queue.work('plan', handler);
      await queue.repeatEvery({ type: 'plan', orgId: 'o1' }, 200, 'plan:o1');
      await queue.repeatEvery({ type: 'plan', orgId: 'o1' }, 200, 'plan:o1');
      expect(await queue.repeats()).toEqual([{ key: 'plan:o1', queue: 'plan', everyMs: 200 }]);
      await sleep(900);
      // One registration: about 4 runs in 900 ms; two would make about 8.
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls.length).toBeLessThanOrEqual(5);
      expect(calls.every((c) => c.job.type === 'plan' && c.job.orgId === 'o1')).toBe(true);

      expect(await queue.cancelRepeat('plan:o1')).toBe(true);
      expect(await queue.cancelRepeat('plan:o1')).toBe(false);
      const after = calls.length;
      await sleep(500);
      expect(calls.length).toBeLessThanOrEqual(after + 1);
      expect(await queue.repeats()).toEqual([]);
    });

    test('registering a key again with another interval or job replaces it; cancelling leaves nothing pending', async () => {
      const queue = make({ limits: { sync: { max: 5, windowMs: 1_000 } } });
      await queue.repeatEvery({ type: 'plan', orgId: 'o1' }, 60_000, 'plan:o1');
      await queue.repeatEvery({ type: 'plan', orgId: 'o2' }, 60_000, 'plan:o2');
      await queue.repeatEvery({ type: 'plan', orgId: 'o1' }, 30_000, 'plan:o1');
      await queue.repeatEvery({ type: 'plan', orgId: 'o3' }, 60_000, 'o3');
      // On a rate-limited queue Bull adds the organisation to the job id; the key must still read back as given.
      await queue.repeatEvery({ type: 'sync', orgId: 'o3', reason: 'schedule' }, 60_000, 'o3');
      const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
      expect((await queue.repeats()).sort(byKey)).toEqual([
        { key: 'o3', queue: 'sync', everyMs: 60_000 },
        { key: 'plan:o1', queue: 'plan', everyMs: 30_000 },
        { key: 'plan:o2', queue: 'plan', everyMs: 60_000 },
      ]);
      for (const key of ['o3', 'plan:o1', 'plan:o2']) expect(await queue.cancelRepeat(key)).toBe(true);
      expect(await queue.repeats()).toEqual([]);
      const counts = await queue.counts();
      expect([counts.plan, counts.sync]).toEqual([
        { waiting: 0, active: 0, delayed: 0, failed: 0 },
        { waiting: 0, active: 0, delayed: 0, failed: 0 },
      ]);
    });

    test('per-organisation limits: a flood from one organisation neither exceeds its rate nor starves another', async () => {
      const limit = { max: 2, windowMs: 600 };
      const queue = make({ limits: { sync: limit } });
      const { calls, handler } = recorder();
      for (let i = 0; i < 8; i++) await queue.enqueue(sync('orgA'));
      await queue.enqueue(sync('orgB'));
      await queue.enqueue(sync('orgB'));
      queue.work('sync', handler, { concurrency: 4 });
      const startsOf = (org: string) => calls.filter((c) => c.job.orgId === org).map((c) => c.at);
      await waitFor('four jobs of org A', () => startsOf('orgA').length >= 4);
      const a = startsOf('orgA');
      const b = startsOf('orgB');
      expect(b).toHaveLength(2);
      // B went out in A's first window, while A's third job was held back.
      expect(Math.max(...b)).toBeLessThan(a[2]!);
      // At most `max` starts of A in any window (less a little slack for the time between taking and calling).
      for (const start of a) expect(a.filter((t) => t >= start && t < start + limit.windowMs - 50).length).toBeLessThanOrEqual(limit.max);
    });

    test('concurrency is respected and used', async () => {
      const queue = make();
      let running = 0;
      let most = 0;
      const { calls, handler } = recorder(async () => {
        running++;
        most = Math.max(most, running);
        await sleep(120);
        running--;
      });
      for (let i = 0; i < 6; i++) await queue.enqueue(send('o1', `r${i}`));
      queue.work('send', handler, { concurrency: 2 });
      await waitFor('all six jobs', async () => calls.length === 6 && running === 0);
      expect(most).toBe(2);
    });

    test('pause holds new work until resume', async () => {
      const queue = make();
      const { calls, handler } = recorder();
      queue.work('send', handler);
      await queue.pause('send');
      await queue.enqueue(send('o1'));
      await sleep(250);
      expect(calls).toHaveLength(0);
      await queue.resume('send');
      await waitFor('the job after resume', () => calls.length === 1);
    });

    test('close waits for the job in flight, takes no new one, and a second close is harmless', async () => {
      const queue = make();
      let finished = 0;
      const { calls, handler } = recorder(async () => {
        await sleep(300);
        finished++;
      });
      queue.work('send', handler);
      await queue.enqueue(send('o1', 'first'));
      await queue.enqueue(send('o1', 'second'));
      await waitFor('the first job to start', () => calls.length === 1);
      await queue.close({ graceMs: 3_000 });
      expect(finished).toBe(1);
      await queue.close({ graceMs: 3_000 });
      await sleep(100);
      expect(calls).toHaveLength(1);
    });

    test('close gives up on a job after the grace period and aborts its signal', async () => {
      const queue = make();
      let aborted = false;
      const { calls, handler } = recorder(
        (_job, ctx) =>
          new Promise<void>((resolve) =>
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            }),
          ),
      );
      queue.work('send', handler);
      await queue.enqueue(send('o1'));
      await waitFor('the job to start', () => calls.length === 1);
      const started = Date.now();
      await queue.close({ graceMs: 150 });
      expect(aborted).toBe(true);
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(queue.enqueue(send('o1'))).rejects.toThrow(/closed/);
    });
  });
}
