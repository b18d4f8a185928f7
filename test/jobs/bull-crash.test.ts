import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { bullQueue } from '../../src/jobs/bull.ts';
import type { Job } from '../../src/jobs/payloads.ts';
import { waitFor } from './contract.ts';
import { dropKeys, REDIS_URL, requireRedis, uniquePrefix } from './redis.ts';

/**
 * Fault injection: a worker process dies with a job in hand. Bull's promise is that another worker takes the job
 * again once the dead one's lock lapses: at least once, never lost. That the reminder then goes out at most once is
 * the store's part (the sender claims the reminder atomically), which is why a handler must be safe to re-run.
 */

const locks = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
const script = fileURLToPath(new URL('./fixtures/stalling-worker.ts', import.meta.url));
const prefix = uniquePrefix('crash');

function nextMessage<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!pick(m)) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before the message`)));
  });
}

if (await requireRedis('Bull crash recovery')) {
  afterAll(() => dropKeys(prefix));

  test('a job whose worker is killed mid-run is taken again by another worker after the stall interval', async () => {
    const child = fork(script, [REDIS_URL, prefix, String(locks.lockDurationMs), String(locks.stalledIntervalMs)], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const survivor = bullQueue({ redisUrl: REDIS_URL, prefix, limits: {}, locks });
    try {
      await nextMessage(child, (m) => m.ready === true);
      const job: Job = { type: 'send', orgId: 'org-crash', reminderIds: ['rem-1', 'rem-2'] };
      await survivor.enqueue(job, { jobId: 'send-crash' });
      const first = await nextMessage<{ started: Job; attempt: number }>(child, (m) => 'started' in m);
      expect(first).toEqual({ started: job, attempt: 1 });

      const killedAt = Date.now();
      child.kill('SIGKILL');
      await once(child, 'exit');
      expect((await survivor.counts()).send.active).toBe(1);

      const runs: { job: Job; attempt: number; at: number }[] = [];
      survivor.work('send', async (taken, ctx) => void runs.push({ job: taken, attempt: ctx.attempt, at: Date.now() }));
      await waitFor('the job to be taken again', () => runs.length === 1, 10_000);
      expect(runs[0]).toMatchObject({ job, attempt: 1 });
      // Not before the dead worker's lock lapsed: a live worker's job is never taken from it.
      expect(runs[0]!.at - killedAt).toBeGreaterThanOrEqual(locks.lockDurationMs - 100);
      await waitFor('the queue to empty', async () => (await survivor.counts()).send.active === 0);
      expect((await survivor.counts()).send).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    } finally {
      child.kill('SIGKILL');
      await survivor.close({ graceMs: 500 });
    }
  });
}
