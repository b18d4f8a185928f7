import { LedgerError } from '../../src/core/ports.ts';
import type { RetryConfig } from './definition.ts';

export type RetryOptions = RetryConfig & {
  sleep: (ms: number) => Promise<void>;
  /** 0 ≤ random() < 1, for jitter; tests pin it. */
  random?: () => number;
};

/**
 * Runs `task` again after a retryable LedgerError: waits what the vendor asked (Retry-After) or an exponential backoff
 * with full jitter — never a busy loop. A wait longer than `maxWaitMs` (a daily limit) is left to the job queue.
 * A conflict (the record changed under us) is not sent again as is: the same body would meet the same stale version
 * (and a write's requestid would replay the same refusal); whoever built the write re-reads and rebuilds it.
 */
export async function withRetries<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!(error instanceof LedgerError) || !error.retryable || error.kind === 'conflict' || attempt >= options.attempts) throw error;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const wait = error.retryAfterMs ?? Math.round(backoff * (0.5 + random() / 2));
      if (wait > options.maxWaitMs) throw error;
      await options.sleep(wait);
    }
  }
}
