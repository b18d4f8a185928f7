import { afterAll } from 'vitest';
import { bullQueue } from '../../src/jobs/bull.ts';
import { queueContract } from './contract.ts';
import { dropKeys, REDIS_URL, requireRedis, uniquePrefix } from './redis.ts';

const prefix = uniquePrefix('bull');
let made = 0;

if (await requireRedis('Bull JobQueue contract')) {
  // Each queue its own prefix, so one test's leftovers never reach the next.
  queueContract('bull', { make: (options) => bullQueue({ redisUrl: REDIS_URL, prefix: `${prefix}:${++made}`, ...options }) });
  afterAll(() => dropKeys(prefix));
}
