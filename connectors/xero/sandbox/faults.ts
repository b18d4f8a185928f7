import { rng, type Rng } from './seed/prng.ts';

/** Injected failures for resilience tests: a share of Accounting calls answer 429/5xx, reproducibly from a seed. */
export type FaultOptions = { rate: number; statuses: number[]; seed?: number };

export function createFaults() {
  let active: { opts: FaultOptions; random: Rng } | null = null;
  const queued: number[] = [];
  return {
    set(opts: FaultOptions | null): void {
      active = opts && opts.rate > 0 && opts.statuses.length > 0 ? { opts, random: rng(opts.seed ?? 1) } : null;
    },
    /** The next `count` calls fail with `status`, before any random fault. */
    failNext(count: number, status: number): void {
      for (let i = 0; i < count; i++) queued.push(status);
    },
    draw(): number | null {
      const next = queued.shift();
      if (next !== undefined) return next;
      if (!active?.random.chance(active.opts.rate)) return null;
      return active.random.pick(active.opts.statuses);
    },
  };
}

export function faultResponse(status: number, limitHeaders: Record<string, string>): Response {
  if (status === 429) {
    return new Response('', { status, headers: { ...limitHeaders, 'Retry-After': '1', 'X-Rate-Limit-Problem': 'minute' } });
  }
  return new Response(status === 503 ? 'Service Unavailable' : 'An error occurred', { status, headers: { 'content-type': 'text/plain' } });
}
