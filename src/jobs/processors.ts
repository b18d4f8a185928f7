import { LedgerError } from '../core/ports.ts';
import { jobSchema, QUEUE_NAMES, type Job, type QueueName, type SyncReason, type WritebackJob } from './payloads.ts';
import { RetryLater, type JobHandler, type JobQueue } from './queue.ts';

/** What the workers need from the use cases (src/services). Each must be safe to run twice for the same job. */
export type JobServices = {
  sync(orgId: string, reason: SyncReason, invoiceExternalIds?: string[]): Promise<void>;
  plan(orgId: string): Promise<void>;
  send(orgId: string, reminderIds: string[]): Promise<void>;
  writeBack(job: WritebackJob): Promise<void>;
};

/** Runs one job: parse, then hand it to its service. A vendor's "slow down" or a conflict becomes a RetryLater. */
export async function processJob(data: unknown, services: JobServices): Promise<void> {
  const job = parse(data);
  try {
    await dispatch(job, services);
  } catch (error) {
    // a conflict (the record changed under the write) is retried later too: the next try reads it afresh
    if (error instanceof LedgerError && (error.kind === 'rate-limited' || error.kind === 'conflict')) {
      throw new RetryLater(error.retryAfterMs ?? 60_000, `${job.type} for ${job.orgId}: ${error.message}`);
    }
    throw error;
  }
}

function dispatch(job: Job, services: JobServices): Promise<void> {
  switch (job.type) {
    case 'sync':
      return services.sync(job.orgId, job.reason, job.invoiceExternalIds);
    case 'plan':
      return services.plan(job.orgId);
    case 'send':
      return services.send(job.orgId, job.reminderIds);
    case 'writeback':
      return services.writeBack(job);
  }
}

function parse(data: unknown): Job {
  const parsed = jobSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'job'}: ${i.message}`);
  throw new Error(`malformed job: ${issues.join('; ')}`);
}

export const jobHandler =
  (services: JobServices): JobHandler =>
  (job) =>
    processJob(job, services);

/** Starts a worker on every queue (or the ones named) for a worker process or an all-in-one dev server. */
export function startWorkers(
  queue: JobQueue,
  services: JobServices,
  concurrency: Partial<Record<QueueName, number>> = {},
  only: readonly QueueName[] = QUEUE_NAMES,
): void {
  const handler = jobHandler(services);
  for (const name of only) queue.work(name, handler, { concurrency: concurrency[name] ?? 1 });
}
