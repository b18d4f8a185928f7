import { Redis } from 'ioredis';
import { describe, test } from 'vitest';

export const REDIS_URL = process.env.RELANCE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisReachable(url = REDIS_URL): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * True when Redis is there. Otherwise registers one skipped line saying why, or, under RELANCE_REQUIRE_SERVICES=1, one
 * failing test, and returns false.
 */
export async function requireRedis(suite: string): Promise<boolean> {
  if (await redisReachable()) return true;
  const why = `Redis unreachable at ${REDIS_URL}`;
  if (process.env.RELANCE_REQUIRE_SERVICES === '1') {
    test(`${suite} needs Redis`, () => {
      throw new Error(`${why}, and RELANCE_REQUIRE_SERVICES=1`);
    });
  } else {
    // skipped on purpose, and visibly: Redis is not running on this machine (CI sets RELANCE_REQUIRE_SERVICES=1 and fails above)
    describe.skip(`${suite}: skipped, ${why}`, () => test('needs Redis', () => {}));
  }
  return false;
}

/** A key prefix no other run or test file shares. */
export const uniquePrefix = (what: string): string => `relance-test:${what}:${process.pid}:${Date.now().toString(36)}`;

export async function dropKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
