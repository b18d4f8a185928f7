import { performance } from 'node:perf_hooks';

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
