/**
 * QuickBooks' limits per company (realm): 500 requests a minute and 10 in flight. A refusal is a 429 with a
 * ThrottlingFault. QuickBooks documents no Retry-After; the sandbox sends one anyway (a guess that costs a client
 * nothing: a client must not rely on it).
 */
export type LimitOptions = { perMinute: number; concurrent: number };

export const QUICKBOOKS_LIMITS: LimitOptions = { perMinute: 500, concurrent: 10 };

export type Admission = { ok: true; release(): void } | { ok: false; problem: 'minute' | 'concurrent'; retryAfterSeconds: number };

const MINUTE = 60_000;

export function createLimiter(limits: () => LimitOptions, now: () => number) {
  const buckets = new Map<string, { inFlight: number; calls: number[] }>();

  function admit(realmId: string): Admission {
    const l = limits();
    const t = now();
    const b = buckets.get(realmId) ?? { inFlight: 0, calls: [] };
    buckets.set(realmId, b);
    while (b.calls.length > 0 && (b.calls[0] as number) <= t - MINUTE) b.calls.shift();
    if (b.calls.length >= l.perMinute) {
      return { ok: false, problem: 'minute', retryAfterSeconds: Math.max(1, Math.ceil(((b.calls[0] as number) + MINUTE - t) / 1000)) };
    }
    if (b.inFlight >= l.concurrent) return { ok: false, problem: 'concurrent', retryAfterSeconds: 1 };
    b.inFlight += 1;
    b.calls.push(t);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) b.inFlight -= 1;
        released = true;
      },
    };
  }

  return { admit, reset: () => buckets.clear() };
}
