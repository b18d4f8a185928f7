/**
 * Xero's rate limits, per tenant: 5 calls in flight, 60 a minute, 5,000 a day (rolling windows), and 10,000 a minute
 * for the whole app. Every answer carries what is left; a refusal says which limit and when to retry.
 */
export type LimitOptions = { concurrent: number; perMinute: number; perDay: number; appPerMinute: number };

export const XERO_LIMITS: LimitOptions = { concurrent: 5, perMinute: 60, perDay: 5000, appPerMinute: 10_000 };

export type LimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute';

export type Admission =
  | { ok: true; headers: Record<string, string>; release(): void }
  | { ok: false; headers: Record<string, string>; problem: LimitProblem; retryAfterSeconds: number };

const MINUTE = 60_000;
const DAY = 86_400_000;

type Bucket = { inFlight: number; calls: number[] };

/** Drop stamps older than the window; the list is in call order. */
function prune(stamps: number[], now: number, window: number): void {
  let i = 0;
  while (i < stamps.length && (stamps[i] as number) <= now - window) i++;
  if (i > 0) stamps.splice(0, i);
}

function countSince(stamps: number[], since: number): { count: number; oldest: number | undefined } {
  let lo = 0;
  let hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((stamps[mid] as number) > since) hi = mid;
    else lo = mid + 1;
  }
  return { count: stamps.length - lo, oldest: stamps[lo] };
}

export function createLimiter(limits: () => LimitOptions, now: () => number) {
  const buckets = new Map<string, Bucket>();
  const app: number[] = [];

  function admit(tenantId: string): Admission {
    const l = limits();
    const t = now();
    const b = buckets.get(tenantId) ?? { inFlight: 0, calls: [] };
    buckets.set(tenantId, b);
    prune(b.calls, t, DAY);
    prune(app, t, MINUTE);
    const minute = countSince(b.calls, t - MINUTE);
    const day = b.calls.length;
    const headers = (extra: number): Record<string, string> => ({
      'X-DayLimit-Remaining': String(Math.max(0, l.perDay - day - extra)),
      'X-MinLimit-Remaining': String(Math.max(0, l.perMinute - minute.count - extra)),
      'X-AppMinLimit-Remaining': String(Math.max(0, l.appPerMinute - app.length - extra)),
    });
    const refuse = (problem: LimitProblem, until: number): Admission => ({
      ok: false,
      problem,
      headers: headers(0),
      retryAfterSeconds: Math.max(1, Math.ceil((until - t) / 1000)),
    });
    if (day >= l.perDay) return refuse('day', (b.calls[0] as number) + DAY);
    if (minute.count >= l.perMinute) return refuse('minute', (minute.oldest as number) + MINUTE);
    if (app.length >= l.appPerMinute) return refuse('appminute', (app[0] as number) + MINUTE);
    if (b.inFlight >= l.concurrent) return refuse('concurrent', t + 1000);
    b.inFlight += 1;
    b.calls.push(t);
    app.push(t);
    let released = false;
    return {
      ok: true,
      headers: headers(1),
      release: () => {
        if (!released) b.inFlight -= 1;
        released = true;
      },
    };
  }

  return {
    admit,
    reset: () => {
      buckets.clear();
      app.length = 0;
    },
  };
}
