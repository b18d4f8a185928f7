import { type CallWindow, type LedgerLimits, RetryLater } from '../core/ports.ts';
import { parseJob, QUEUE_NAMES, type Job, type QueueName } from './payloads.ts';

/**
 * The queue every producer and worker talks to, with two adapters: Bull on Redis (bull.ts) and an in-process twin
 * (memory.ts) that a newcomer can run without Redis. Both pass the same contract suite (test/jobs/contract.ts).
 *
 * Delivery is AT LEAST ONCE: a job may run again after a crash, a lost lock or a grace period that ran out. Exactly-once
 * effects (one email per reminder, one charge per invoice) are the store's promise: the services claim a reminder
 * atomically before sending and key every ledger write with an idempotency key. A handler must be safe to re-run.
 */

export type EnqueueOptions = {
  /** While a job with this id waits, is delayed or runs, enqueueing it again does nothing. */
  jobId?: string;
  delayMs?: number;
};

export type JobContext = {
  /** 1 on the first try; RetryLater does not count as a try. */
  attempt: number;
  /** Aborted when the queue closes and the grace period is over: stop before starting anything irreversible. */
  signal: AbortSignal;
};

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

/** At most `max` jobs of one organisation start in any `windowMs` on that queue: see queueLimits. */
export type RateLimit = CallWindow;
export type Limits = Partial<Record<QueueName, RateLimit>>;

/** Ordinary errors are retried after backoffMs, 2×, 4×… (capped at maxBackoffMs) until `attempts` tries failed. */
export type RetryPolicy = { attempts: number; backoffMs: number; maxBackoffMs: number };

export type QueueCount = { waiting: number; active: number; delayed: number; failed: number };
export type QueueCounts = Record<QueueName, QueueCount>;

export type FailedJob = { id: string; queue: QueueName; data: unknown; reason: string; attempts: number; failedAt: string | null };

export type Repeat = { key: string; queue: QueueName; everyMs: number };

export interface JobQueue {
  readonly kind: 'bull' | 'memory';
  /** Queues `job` on the queue named by its type. `added` is false when a live job with that jobId was already there. */
  enqueue(job: Job, opts?: EnqueueOptions): Promise<{ id: string; added: boolean }>;
  /** One repeatable per key (e.g. `plan:<orgId>`): registering the same key again replaces it, never duplicates it. */
  repeatEvery(job: Job, everyMs: number, key: string): Promise<void>;
  /** Resolves when the queue's backend answers within timeoutMs; throws QueueUnavailable otherwise (readiness). */
  ping(opts?: { timeoutMs?: number }): Promise<void>;
  /** Resolves false when nothing was registered under that key. */
  cancelRepeat(key: string): Promise<boolean>;
  repeats(): Promise<Repeat[]>;
  /** Starts taking jobs from `queue` in this process. One worker per queue per JobQueue. */
  work(queue: QueueName, handler: JobHandler, opts?: { concurrency?: number }): void;
  /** Stops every worker (Bull: in every process) from taking new jobs; running ones finish. No queue: all of them. */
  pause(queue?: QueueName): Promise<void>;
  resume(queue?: QueueName): Promise<void>;
  counts(): Promise<QueueCounts>;
  /** Jobs that used up their attempts or were malformed, newest first. */
  failed(queue: QueueName, limit?: number): Promise<FailedJob[]>;
  /**
   * Takes no new jobs, waits up to graceMs for running ones, then aborts their signals and lets go of them: Bull
   * keeps them active until their lock expires, then another worker's stall check puts them back (at least once);
   * the memory queue puts them back at once. Closes connections and timers. Calling it again returns the same promise.
   */
  close(opts?: { graceMs?: number }): Promise<void>;
}

/** Thrown by a handler (or a use case): run this job again later, without counting a try. Declared in core. */
export { RetryLater };

/**
 * The queue's backend (Redis) did not answer in time. The caller answers 503 at once instead of hanging while the
 * client reconnects; nothing it was asked to record may count as done (a webhook's receipt, for one).
 */
export class QueueUnavailable extends Error {
  override name = 'QueueUnavailable';
}

/** How long a producer waits for Redis before giving up: well under a ledger's webhook timeout (a few seconds). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;

/** `work`, or QueueUnavailable after ms. The work itself goes on (ioredis may still deliver it): at least once. */
export async function orUnavailable<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailable(`the job queue did not answer within ${ms} ms (${what}); is Redis up?`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 30_000, maxBackoffMs: 60 * 60_000 };

/** The queues whose jobs call the ledger once or more each, and so are held to its call windows per organisation. */
export const LEDGER_QUEUES = ['sync', 'writeback'] as const satisfies readonly QueueName[];

/**
 * The per-organisation limits of the ledger queues, from the limits the registered connectors declare (say 60 calls
 * a minute). A queue holds one window per queue (Bull's limiter has one), so each connector's shortest window is
 * taken, and of those the slowest rate, which keeps every ledger inside its own. Longer windows (a daily quota)
 * are left to the ledger: its 429 names the wait, and the job comes back then (RetryLater). No connector: no limit.
 */
export function queueLimits(ledgers: readonly LedgerLimits[]): Limits {
  const shortest = ledgers.flatMap((l) => [...l.calls].sort((a, b) => a.windowMs - b.windowMs).slice(0, 1));
  const slowest = shortest.sort((a, b) => a.max / a.windowMs - b.max / b.windowMs)[0];
  if (!slowest) return {};
  return Object.fromEntries(LEDGER_QUEUES.map((q) => [q, { max: slowest.max, windowMs: slowest.windowMs }]));
}

export const DEFAULT_GRACE_MS = 10_000;

/** What becomes of a job after one run; both adapters translate it into their own moves. */
export type Outcome =
  | { kind: 'done' }
  | { kind: 'defer'; delayMs: number; reason: string }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'fail'; reason: string };

/** Parses, runs the handler and decides what comes next. Never throws: a bad job or a bug fails that job only. */
export async function runJob(data: unknown, queue: QueueName, handler: JobHandler, ctx: JobContext, retry: RetryPolicy): Promise<Outcome> {
  const parsed = parseJob(data, queue);
  if (!parsed.ok) return { kind: 'fail', reason: parsed.reason };
  try {
    await handler(parsed.job, ctx);
    return { kind: 'done' };
  } catch (error) {
    if (error instanceof RetryLater) return { kind: 'defer', delayMs: error.ms, reason: error.reason };
    const reason = error instanceof Error ? error.message : String(error);
    if (ctx.attempt >= retry.attempts) return { kind: 'fail', reason };
    return { kind: 'retry', delayMs: backoffMs(ctx.attempt, retry), reason };
  }
}

export function backoffMs(attempt: number, retry: RetryPolicy): number {
  return Math.min(retry.backoffMs * 2 ** (attempt - 1), retry.maxBackoffMs);
}

/** The queue a job goes to is its type; checked at run time too since producers may hand over unchecked data. */
export function queueOf(job: Job): QueueName {
  const type: unknown = (job as { type?: unknown }).type;
  if (typeof type !== 'string' || !(QUEUE_NAMES as readonly string[]).includes(type)) {
    throw new Error(`cannot enqueue a job of type ${JSON.stringify(type)}: expected one of ${QUEUE_NAMES.join(', ')}`);
  }
  return type as QueueName;
}

/** The limiter group of a job, or null when it has none (a malformed job is not held back, it fails at once). */
export function orgOf(data: unknown): string | null {
  const orgId: unknown = (data as { orgId?: unknown } | null)?.orgId;
  return typeof orgId === 'string' ? orgId : null;
}

export function emptyCounts(): QueueCounts {
  return Object.fromEntries(QUEUE_NAMES.map((q) => [q, { waiting: 0, active: 0, delayed: 0, failed: 0 }])) as QueueCounts;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true when `work` settled within ms, false when the time ran out first. */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true as const,
        () => true as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
