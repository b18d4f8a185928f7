import { createHash } from 'node:crypto';
import Bull from 'bull';
import { QUEUE_NAMES, type Job, type QueueName } from './payloads.ts';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_GRACE_MS,
  DEFAULT_RETRY,
  emptyCounts,
  orUnavailable,
  queueOf,
  runJob,
  within,
  type EnqueueOptions,
  type FailedJob,
  type JobHandler,
  type JobQueue,
  type Limits,
  type Repeat,
  type RetryPolicy,
} from './queue.ts';

/**
 * The JobQueue on Bull (Redis). One Bull queue per QueueName, created on first use (three connections each).
 *
 * - Per-organisation limits use Bull's limiter with groupKey 'orgId': Bull then suffixes job ids with `:<orgId>`
 *   and a limited job waits in the delayed set, so one organisation's flood never holds up another's jobs.
 *   Repeat iterations get ids of their own and escape the group; repeatables are one per interval anyway.
 * - Retries are decided by runJob (queue.ts) and handed to Bull through a backoff strategy reading the decision off
 *   the error; Bull's own attempt limit is out of reach. A RetryLater still bumps Bull's attemptsMade, so the
 *   deferrals are counted in the job's progress and subtracted: ctx.attempt counts real tries only.
 * - A worker that dies loses its lock after lockDuration; another worker's stall check (every stalledInterval) puts
 *   the job back, up to maxStalledCount times, then fails it. Delivery is at least once (see queue.ts).
 */

export type BullQueueOptions = {
  redisUrl: string;
  /** Namespaces every Redis key, so tests and tenants of one Redis do not meet. */
  prefix?: string;
  limits?: Limits;
  retry?: Partial<RetryPolicy>;
  locks?: { lockDurationMs?: number; stalledIntervalMs?: number; maxStalledCount?: number };
  /** How long enqueue and ping wait for Redis before throwing QueueUnavailable (default 2 s). */
  commandTimeoutMs?: number;
  /** Errors of the queue itself (connection lost, a lock that could not be renewed), not of jobs. */
  onError?: (error: Error, where: string) => void;
};

/** Carries runJob's decision through Bull's failure path: delayMs ≥ 0 retries after it, -1 fails the job for good. */
class Decision extends Error {
  readonly delayMs: number;
  constructor(delayMs: number, reason: string) {
    super(reason);
    this.name = 'Decision';
    this.delayMs = delayMs;
  }
}

const STRATEGY = 'relance';
const JOB_NAME = '__default__';
/** Bull stops counting attempts itself only when told to give up; runJob decides instead. */
const UNCOUNTED_ATTEMPTS = 1_000_000_000;

type Progress = { deferrals?: number } | null | undefined;

export function bullQueue(options: BullQueueOptions): JobQueue {
  const prefix = options.prefix ?? 'relance';
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const limits = options.limits ?? {};
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const onError = options.onError ?? ((error, where) => console.error(`[jobs] ${where}: ${error.message}`));
  const queues = new Map<QueueName, Bull.Queue>();
  const inFlight = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  let closing: Promise<void> | null = null;

  function queue(name: QueueName): Bull.Queue {
    const existing = queues.get(name);
    if (existing) return existing;
    if (closing) throw new Error('the job queue is closed');
    const limit = limits[name];
    const q = new Bull(name, options.redisUrl, {
      prefix,
      limiter: limit ? { max: limit.max, duration: limit.windowMs, groupKey: 'orgId' } : undefined,
      settings: {
        lockDuration: options.locks?.lockDurationMs ?? 30_000,
        stalledInterval: options.locks?.stalledIntervalMs ?? 30_000,
        maxStalledCount: options.locks?.maxStalledCount ?? 2,
        backoffStrategies: { [STRATEGY]: (_attempts: number, error: Error) => (error instanceof Decision ? error.delayMs : -1) },
      },
      defaultJobOptions: {
        attempts: UNCOUNTED_ATTEMPTS,
        backoff: { type: STRATEGY },
        removeOnComplete: true,
        removeOnFail: false,
        stackTraceLimit: 3,
      },
    });
    q.on('error', (error: Error) => {
      // Once closing, in-flight jobs given up on report the connection they lost: expected, not news.
      if (!closing) onError(error, `${name} queue`);
    });
    queues.set(name, q);
    return q;
  }

  const all = (): Bull.Queue[] => QUEUE_NAMES.map(queue);

  /** The id Bull stores: with a limiter it appends the group. */
  const storedId = (name: QueueName, jobId: string, job: Job): string => (limits[name] ? `${jobId}:${job.orgId}` : jobId);

  function enqueue(job: Job, opts: EnqueueOptions = {}): Promise<{ id: string; added: boolean }> {
    // with Redis gone ioredis keeps the commands and reconnects for as long as it takes: the producer must not wait
    return orUnavailable(commandTimeoutMs, `queueing a ${job.type} job`, add(job, opts));
  }

  async function add(job: Job, opts: EnqueueOptions): Promise<{ id: string; added: boolean }> {
    if (closing) throw new Error('the job queue is closed');
    const name = queueOf(job);
    const q = queue(name);
    if (opts.jobId !== undefined) {
      const existing = await q.getJob(storedId(name, opts.jobId, job));
      if (existing) {
        const state = await existing.getState();
        if (state !== 'failed' && state !== 'completed') return { id: String(existing.id), added: false };
        // A failed job stays visible until it is asked for again; then the new one takes its id.
        await existing.remove();
      }
    }
    const added = await q.add(job, { jobId: opts.jobId, delay: opts.delayMs && opts.delayMs > 0 ? opts.delayMs : undefined });
    return { id: String(added.id), added: true };
  }

  function work(name: QueueName, handler: JobHandler, opts: { concurrency?: number } = {}): void {
    if (closing) throw new Error('the job queue is closed');
    const q = queue(name);
    void q
      .process(Math.max(1, opts.concurrency ?? 1), async (bullJob: Bull.Job) => {
        const deferrals = (bullJob.progress() as Progress)?.deferrals ?? 0;
        const controller = new AbortController();
        const ctx = { attempt: bullJob.attemptsMade - deferrals + 1, signal: controller.signal };
        const done = runJob(bullJob.data, name, handler, ctx, retry);
        const key = `${name}/${bullJob.id}`;
        inFlight.set(key, { controller, done });
        const outcome = await done.finally(() => inFlight.delete(key));
        switch (outcome.kind) {
          case 'done':
            return;
          case 'defer':
            await bullJob.progress({ deferrals: deferrals + 1 });
            throw new Decision(outcome.delayMs, `retry later: ${outcome.reason}`);
          case 'retry':
            throw new Decision(outcome.delayMs, outcome.reason);
          case 'fail':
            throw new Decision(-1, outcome.reason);
        }
      })
      .catch((error: Error) => {
        if (!closing) onError(error, `${name} worker`);
      });
  }

  async function repeatEvery(job: Job, everyMs: number, key: string): Promise<void> {
    const name = queueOf(job);
    let registered = false;
    for (const entry of await repeatEntries()) {
      if (entry.key !== key) continue;
      if (entry.queue === name && entry.everyMs === everyMs) registered = true;
      else await removeRepeat(entry);
    }
    if (!registered) await queue(name).add(job, { jobId: encodeURIComponent(key), repeat: { every: everyMs } });
  }

  type RepeatEntry = Repeat & { repeatKey: string; inner: string };

  /** Bull's repeat keys read `__default__:<jobId>::<every>`, where jobId is our encoded key, `:<orgId>` if limited. */
  async function repeatEntries(): Promise<RepeatEntry[]> {
    const entries: RepeatEntry[] = [];
    for (const name of QUEUE_NAMES) {
      for (const r of await queue(name).getRepeatableJobs()) {
        const match = /^[^:]*:(([^:]*)(?::[^:]*)?)::(\d+)$/.exec(r.key);
        if (!match) continue;
        entries.push({ key: decodeURIComponent(match[2]!), queue: name, everyMs: Number(match[3]), repeatKey: r.key, inner: match[1]! });
      }
    }
    return entries;
  }

  /** Bull's removeRepeatableByKey misreads a jobId holding ':', so its script is called with the right ids. */
  async function removeRepeat(entry: RepeatEntry): Promise<void> {
    const q = queue(entry.queue);
    const nextJobId = `repeat:${md5(`${JOB_NAME + entry.inner}:${md5(entry.repeatKey)}`)}:`;
    const keys = (q as unknown as { keys: Record<string, string> }).keys;
    const client = q.client as unknown as { removeRepeatable(...args: string[]): Promise<unknown> };
    await client.removeRepeatable(keys.repeat!, keys.delayed!, nextJobId, entry.repeatKey, keys['']!);
  }

  async function close(graceMs: number): Promise<void> {
    const opened = [...queues.values()];
    // Local pause without waiting: no worker of ours takes another job from here on.
    await Promise.all(opened.map((q) => q.pause(true, true).catch(() => undefined)));
    const finished = await within(graceMs, Promise.all([...inFlight.values()].map((f) => f.done)));
    if (!finished) for (const f of inFlight.values()) f.controller.abort(new Error('the queue is closing'));
    // Not finished: Bull lets go of them without completing; their locks lapse and another worker retries them.
    await Promise.all(opened.map((q) => q.close(!finished).catch(() => undefined)));
  }

  return {
    kind: 'bull',
    enqueue,
    async ping(opts = {}) {
      await orUnavailable(opts.timeoutMs ?? commandTimeoutMs, 'ping', queue(QUEUE_NAMES[0]).client.ping());
    },
    repeatEvery,
    async cancelRepeat(key) {
      // Bull registers a repeat's next run as it starts one: a run starting while we remove the key puts it back a few
      // milliseconds later. Remove until it stays gone (a disconnected organisation must not keep being planned).
      let removed = false;
      for (let round = 0; round < 5; round++) {
        const entries = (await repeatEntries()).filter((e) => e.key === key);
        if (entries.length === 0) break;
        for (const entry of entries) await removeRepeat(entry);
        removed = true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return removed;
    },
    async repeats() {
      return (await repeatEntries()).map(({ key, queue, everyMs }) => ({ key, queue, everyMs }));
    },
    work,
    async pause(name) {
      await Promise.all((name ? [queue(name)] : all()).map((q) => q.pause()));
    },
    async resume(name) {
      await Promise.all((name ? [queue(name)] : all()).map((q) => q.resume()));
    },
    async counts() {
      const counts = emptyCounts();
      for (const name of QUEUE_NAMES) {
        const c = await queue(name).getJobCounts();
        counts[name] = {
          waiting: c.waiting + ((c as { paused?: number }).paused ?? 0),
          active: c.active,
          delayed: c.delayed,
          failed: c.failed,
        };
      }
      return counts;
    },
    async failed(name, limit = 50): Promise<FailedJob[]> {
      const jobs = (await queue(name).getFailed(0, limit - 1)).filter((j): j is Bull.Job => j !== null);
      return jobs.map((j) => ({
        id: String(j.id),
        queue: name,
        data: j.data,
        reason: j.failedReason ?? '',
        attempts: j.attemptsMade - ((j.progress() as Progress)?.deferrals ?? 0),
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      }));
    },
    close(opts = {}) {
      closing ??= close(opts.graceMs ?? DEFAULT_GRACE_MS);
      return closing;
    },
  };
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
