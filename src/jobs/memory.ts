import { QUEUE_NAMES, type Job, type QueueName } from './payloads.ts';
import {
  DEFAULT_GRACE_MS,
  DEFAULT_RETRY,
  emptyCounts,
  orgOf,
  queueOf,
  runJob,
  within,
  type EnqueueOptions,
  type FailedJob,
  type JobHandler,
  type JobQueue,
  type Limits,
  type Outcome,
  type Repeat,
  type RetryPolicy,
} from './queue.ts';

/**
 * The in-process twin of the Bull queue: same contract, timers instead of Redis. Nothing survives the process, which
 * is fine because the store is the system of record and the schedule re-plans from it.
 */

export type MemoryQueueOptions = { limits?: Limits; retry?: Partial<RetryPolicy> };

type Entry = {
  id: string;
  data: unknown;
  orgId: string | null;
  attemptsMade: number;
  state: 'waiting' | 'delayed' | 'active' | 'failed';
  timer?: NodeJS.Timeout;
  controller?: AbortController;
  reason?: string;
  failedAt?: string;
};

type Lane = {
  name: QueueName;
  entries: Map<string, Entry>;
  /** FIFO; an entry whose organisation is over its limit is passed over, not blocking the others. */
  waiting: Entry[];
  failed: Entry[];
  paused: boolean;
  worker: { handler: JobHandler; concurrency: number } | null;
  running: Set<Promise<void>>;
  /** Start times per organisation within the current window: a sliding-window limiter. */
  starts: Map<string, number[]>;
  wake: NodeJS.Timeout | null;
};

export function memoryQueue(options: MemoryQueueOptions = {}): JobQueue {
  const limits = options.limits ?? {};
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const lanes = new Map<QueueName, Lane>(QUEUE_NAMES.map((name) => [name, newLane(name)]));
  const repeats = new Map<string, Repeat & { timer: NodeJS.Timeout }>();
  let sequence = 0;
  let closing: Promise<void> | null = null;
  /** Set as soon as close() is called, so nothing arms a new timer or takes a new job from then on. */
  let closed = false;

  const lane = (name: QueueName): Lane => lanes.get(name)!;

  function add(l: Lane, data: unknown, opts: EnqueueOptions): { id: string; added: boolean } {
    const id = opts.jobId ?? `${++sequence}`;
    const existing = l.entries.get(id);
    if (existing && existing.state !== 'failed') return { id, added: false };
    if (existing) forget(l, existing);
    const entry: Entry = { id, data, orgId: orgOf(data), attemptsMade: 0, state: 'waiting' };
    l.entries.set(id, entry);
    later(l, entry, opts.delayMs ?? 0);
    return { id, added: true };
  }

  function forget(l: Lane, entry: Entry): void {
    l.entries.delete(entry.id);
    l.failed = l.failed.filter((e) => e !== entry);
  }

  function later(l: Lane, entry: Entry, delayMs: number): void {
    if (delayMs <= 0) {
      entry.state = 'waiting';
      l.waiting.push(entry);
      pump(l);
      return;
    }
    entry.state = 'delayed';
    if (closed) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      later(l, entry, 0);
    }, delayMs);
  }

  /** How long before `orgId` may start another job on this lane (0: now). */
  function limitedFor(l: Lane, orgId: string | null, now: number): number {
    const limit = limits[l.name];
    if (!limit || orgId === null) return 0;
    const recent = (l.starts.get(orgId) ?? []).filter((t) => t > now - limit.windowMs);
    l.starts.set(orgId, recent);
    return recent.length < limit.max ? 0 : recent[recent.length - limit.max]! + limit.windowMs - now;
  }

  function pump(l: Lane): void {
    if (closed || l.paused || !l.worker) return;
    while (l.running.size < l.worker.concurrency) {
      const now = Date.now();
      let soonest = Infinity;
      const index = l.waiting.findIndex((e) => {
        const wait = limitedFor(l, e.orgId, now);
        soonest = Math.min(soonest, wait || Infinity);
        return wait === 0;
      });
      if (index < 0) {
        if (soonest < Infinity) wakeIn(l, soonest);
        return;
      }
      const entry = l.waiting.splice(index, 1)[0]!;
      if (entry.orgId !== null && limits[l.name]) l.starts.set(entry.orgId, [...(l.starts.get(entry.orgId) ?? []), now]);
      start(l, l.worker.handler, entry);
    }
  }

  function wakeIn(l: Lane, ms: number): void {
    if (l.wake) clearTimeout(l.wake);
    l.wake = setTimeout(() => {
      l.wake = null;
      pump(l);
    }, ms + 1);
  }

  function start(l: Lane, handler: JobHandler, entry: Entry): void {
    entry.state = 'active';
    const controller = new AbortController();
    entry.controller = controller;
    const ctx = { attempt: entry.attemptsMade + 1, signal: controller.signal };
    const run = runJob(entry.data, l.name, handler, ctx, retry).then((outcome) => {
      l.running.delete(run);
      // Given back at close after the grace period: whatever the handler did, the job is no longer ours.
      if (entry.controller !== controller || entry.state !== 'active') return;
      entry.controller = undefined;
      settle(l, entry, outcome);
      pump(l);
    });
    l.running.add(run);
  }

  function settle(l: Lane, entry: Entry, outcome: Outcome): void {
    switch (outcome.kind) {
      case 'done':
        l.entries.delete(entry.id);
        return;
      case 'defer':
        return later(l, entry, outcome.delayMs);
      case 'retry':
        entry.attemptsMade++;
        return later(l, entry, outcome.delayMs);
      case 'fail':
        entry.attemptsMade++;
        entry.state = 'failed';
        entry.reason = outcome.reason;
        entry.failedAt = new Date().toISOString();
        l.failed.unshift(entry);
    }
  }

  async function close(graceMs: number): Promise<void> {
    closed = true;
    for (const r of repeats.values()) clearInterval(r.timer);
    for (const l of lanes.values()) {
      if (l.wake) clearTimeout(l.wake);
      for (const e of l.entries.values()) if (e.timer) clearTimeout(e.timer);
    }
    const running = [...lanes.values()].flatMap((l) => [...l.running]);
    if (await within(graceMs, Promise.all(running))) return;
    for (const l of lanes.values()) {
      for (const e of l.entries.values()) {
        if (e.state !== 'active') continue;
        e.controller?.abort(new Error('the queue is closing'));
        e.controller = undefined;
        e.state = 'waiting';
        l.waiting.unshift(e);
      }
    }
  }

  const notClosed = (): void => {
    if (closed) throw new Error('the job queue is closed');
  };

  const pick = (queue?: QueueName): Lane[] => (queue ? [lane(queue)] : [...lanes.values()]);

  return {
    kind: 'memory',
    // in this process: up as long as the process is
    async ping() {},
    async enqueue(job: Job, opts: EnqueueOptions = {}) {
      notClosed();
      return add(lane(queueOf(job)), job, opts);
    },
    async repeatEvery(job, everyMs, key) {
      notClosed();
      const queue = queueOf(job);
      const current = repeats.get(key);
      if (current && current.queue === queue && current.everyMs === everyMs) return;
      if (current) clearInterval(current.timer);
      // A tick while the previous one still waits adds nothing: the same job id.
      const timer = setInterval(() => add(lane(queue), job, { jobId: `repeat:${key}` }), everyMs);
      repeats.set(key, { key, queue, everyMs, timer });
    },
    async cancelRepeat(key) {
      const current = repeats.get(key);
      if (!current) return false;
      clearInterval(current.timer);
      return repeats.delete(key);
    },
    async repeats() {
      return [...repeats.values()].map(({ key, queue, everyMs }) => ({ key, queue, everyMs }));
    },
    work(queue, handler, opts = {}) {
      notClosed();
      const l = lane(queue);
      if (l.worker) throw new Error(`the ${queue} queue already has a worker`);
      l.worker = { handler, concurrency: Math.max(1, opts.concurrency ?? 1) };
      pump(l);
    },
    async pause(queue) {
      for (const l of pick(queue)) l.paused = true;
    },
    async resume(queue) {
      for (const l of pick(queue)) {
        l.paused = false;
        pump(l);
      }
    },
    async counts() {
      const counts = emptyCounts();
      for (const l of lanes.values()) {
        for (const e of l.entries.values()) counts[l.name][e.state]++;
      }
      return counts;
    },
    async failed(queue, limit = 50): Promise<FailedJob[]> {
      return lane(queue)
        .failed.slice(0, limit)
        .map((e) => ({
          id: e.id,
          queue,
          data: e.data,
          reason: e.reason ?? '',
          attempts: e.attemptsMade,
          failedAt: e.failedAt ?? null,
        }));
    },
    close(opts = {}) {
      closing ??= close(opts.graceMs ?? DEFAULT_GRACE_MS);
      return closing;
    },
  };
}

function newLane(name: QueueName): Lane {
  return {
    name,
    entries: new Map(),
    waiting: [],
    failed: [],
    paused: false,
    worker: null,
    running: new Set(),
    starts: new Map(),
    wake: null,
  };
}
