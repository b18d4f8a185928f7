import { bullQueue, type BullQueueOptions } from './bull.ts';
import { memoryQueue } from './memory.ts';
import type { JobQueue, Limits, RetryPolicy } from './queue.ts';

export * from './payloads.ts';
export * from './queue.ts';
export { processJob, jobHandler, startWorkers, type JobServices } from './processors.ts';
export { bullQueue, type BullQueueOptions } from './bull.ts';
export { memoryQueue, type MemoryQueueOptions } from './memory.ts';

export type QueueSettings = { limits?: Limits; retry?: Partial<RetryPolicy> } & Partial<Omit<BullQueueOptions, 'redisUrl'>>;

/** Bull on Redis when REDIS_URL is set; otherwise the in-process queue, so a newcomer needs no Redis. */
export function createQueue(env: { REDIS_URL?: string | undefined }, settings: QueueSettings = {}): JobQueue {
  const redisUrl = env.REDIS_URL?.trim();
  if (redisUrl) return bullQueue({ ...settings, redisUrl });
  return memoryQueue({ limits: settings.limits, retry: settings.retry });
}
