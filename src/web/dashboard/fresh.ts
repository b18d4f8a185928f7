import { performance } from 'node:perf_hooks';

/**
 * Keeps what was read for a few seconds, by key, and shares one read between the requests that arrive while it runs:
 * 50 owners' tabs on one organisation cost one read of the store every `ms`, not 50. `refresh` reads again (after the
 * owner changed something). Timed on the process's monotonic clock, not the injected one (a test's clock stands still).
 */
export class FreshFor<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();
  private readonly ms: number;
  private readonly max: number;

  constructor(ms: number, max = 500) {
    this.ms = ms;
    this.max = max;
  }

  get(key: string, read: () => Promise<T>, options: { refresh?: boolean } = {}): Promise<T> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (!options.refresh && hit && now - hit.at < this.ms) return hit.value;
    const value = read();
    this.entries.delete(key);
    // the oldest goes first when full: a Map iterates in insertion order
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: now, value });
    // a failed read is not kept: the next request tries again
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
