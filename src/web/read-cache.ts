import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { MiddlewareHandler } from 'hono';

type Entry<T> = { at: number; value: Promise<T>; settled: boolean; refreshing: boolean };

/**
 * Keeps what was read for a few seconds, by key, and shares one read between the requests that arrive while it runs:
 * 50 owners' tabs on one organisation cost one read of the store every `freshMs`, not 50. Past `freshMs` and up to
 * `staleMs`, the kept value is still served while one read refreshes it behind (nobody waits for it); older than that,
 * or with `refresh` (the owner just changed something), the request waits for a new read. Timed on the process's
 * monotonic clock, not the injected one (a test's clock stands still).
 */
export class FreshFor<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly freshMs: number;
  private readonly staleMs: number;
  private readonly max: number;

  constructor(freshMs: number, staleMs = freshMs * 4, max = 500) {
    this.freshMs = freshMs;
    this.staleMs = staleMs;
    this.max = max;
  }

  get(key: string, read: () => Promise<T>, options: { refresh?: boolean } = {}): Promise<T> {
    const hit = this.entries.get(key);
    const age = hit ? performance.now() - hit.at : Number.POSITIVE_INFINITY;
    if (hit && !options.refresh) {
      if (age < this.freshMs) return hit.value;
      if (age < this.staleMs && hit.settled) {
        if (!hit.refreshing) this.refreshBehind(key, hit, read);
        return hit.value;
      }
    }
    return this.load(key, read);
  }

  /** Forgets every entry whose key starts with `prefix`: the next request reads afresh (one read in flight is no longer kept). */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private load(key: string, read: () => Promise<T>): Promise<T> {
    const entry: Entry<T> = { at: performance.now(), value: read(), settled: false, refreshing: false };
    this.entries.delete(key);
    // the oldest goes first when full: a Map iterates in insertion order
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    entry.value.then(
      () => {
        entry.settled = true;
      },
      // a failed read is not kept: the next request tries again
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  private refreshBehind(key: string, stale: Entry<T>, read: () => Promise<T>): void {
    stale.refreshing = true;
    const started = performance.now();
    read().then(
      (value) => {
        // a newer read (a form's refresh) may have replaced it meanwhile: that one wins
        if (this.entries.get(key) !== stale) return;
        this.entries.set(key, { at: started, value: Promise.resolve(value), settled: true, refreshing: false });
      },
      () => {
        stale.refreshing = false;
      },
    );
  }
}

/** The key prefix of everything kept for one organisation: every key a ReadCache's user makes starts with it. */
export const orgKey = (orgId: string, ...parts: string[]) => `${orgId}\u0000${parts.join('\u0000')}`;

/**
 * The owner's pages' kept reads, for one web app: each page keeps its own `FreshFor`, keyed by `orgKey(org.id, ...)`,
 * and the whole organisation's is forgotten when one of its forms changes something, so an owner sees their own change
 * at once (a change made elsewhere, by the worker or another process, shows within the page's freshness).
 */
export class ReadCache {
  private readonly kept = new Set<FreshFor<unknown>>();

  keep<T>(freshMs: number, staleMs?: number): FreshFor<T> {
    const fresh = new FreshFor<T>(freshMs, staleMs);
    this.kept.add(fresh as FreshFor<unknown>);
    return fresh;
  }

  forget(orgId: string): void {
    for (const fresh of this.kept) fresh.forget(`${orgId}\u0000`);
  }
}

/** After an organisation's form succeeded (any method but GET/HEAD, status under 400), its kept reads are forgotten. */
export function forgetAfterChange(reads: ReadCache): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.res.status >= 400) return;
    const orgId = c.req.param('id');
    if (orgId) reads.forget(orgId);
  };
}

/** A kept page is the organisation's as it was: any change to it (settings, language, connection) is another key. */
export const versionOf = (org: unknown) => createHash('sha256').update(JSON.stringify(org)).digest('base64url');

/** How long a list page's read is shared by the organisation's views (then served while one read refreshes it). */
export const LIST_FRESH_MS = 5_000;

export type ListOptions = {
  /** The app's kept reads (app.ts), so a form's success forgets them. Default: the list's own. */
  reads?: ReadCache;
  freshMs?: number;
};

/** A list page's kept reads: 50 owners' tabs on the same list and query cost one read of the store. */
export const keptList = <T>(options: ListOptions = {}): FreshFor<T> =>
  (options.reads ?? new ReadCache()).keep<T>(options.freshMs ?? LIST_FRESH_MS);
