/**
 * A clock tests, benches and the demo can move: pass `clock.now` as the sandbox's `now`, and `clock.sleep` as the
 * connector's `sleep`, so a wait (Retry-After, backoff, a rate window) moves the one clock instead of sleeping.
 * `waits` records every wait asked for.
 */
export function manualClock(start: Date | string) {
  let t = new Date(start).getTime();
  const waits: number[] = [];
  return {
    now: (): Date => new Date(t),
    set(to: Date | string): void {
      t = new Date(to).getTime();
    },
    advance(ms: number): void {
      t += ms;
    },
    waits,
    sleep: async (ms: number): Promise<void> => {
      waits.push(ms);
      t += ms;
    },
  };
}
