/** A clock tests and the demo can move: pass `clock.now` as the sandbox's `now`. */
export function manualClock(start: Date | string) {
  let t = new Date(start).getTime();
  return {
    now: (): Date => new Date(t),
    set(to: Date | string): void {
      t = new Date(to).getTime();
    },
    advance(ms: number): void {
      t += ms;
    },
  };
}
