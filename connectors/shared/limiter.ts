/**
 * At most `max` tasks at once per key (a tenant). Waiters are served in arrival order; a key with nothing running or
 * waiting is forgotten, so idle tenants cost nothing.
 */
export type KeyedLimiter = {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running now for this key. */
  active(key: string): number;
};

export function createKeyedLimiter(max: number): KeyedLimiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter: ${max} is not a positive whole number`);
  const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  async function acquire(key: string): Promise<void> {
    let lane = lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      lanes.set(key, lane);
    }
    if (lane.running < max) {
      lane.running++;
      return;
    }
    // the releaser hands its slot over directly, so `running` never dips and a newcomer cannot jump the queue
    await new Promise<void>((resolve) => lane.waiting.push(resolve));
  }

  function release(key: string): void {
    const lane = lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    if (next) return next();
    lane.running--;
    if (lane.running === 0) lanes.delete(key);
  }

  return {
    async run(key, task) {
      await acquire(key);
      try {
        return await task();
      } finally {
        release(key);
      }
    },
    active: (key) => lanes.get(key)?.running ?? 0,
  };
}

/** One task at a time per key. */
export const createKeyedMutex = (): KeyedLimiter => createKeyedLimiter(1);
