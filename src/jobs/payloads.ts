import { z } from 'zod';

/**
 * The jobs shared by producers (services, web, scheduler) and workers. A job is small: ids only. Everything else is
 * read from the store when the job runs, so any job can be rebuilt from the store and a stale one does no harm.
 */

export const QUEUE_NAMES = ['sync', 'plan', 'send', 'writeback'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Bull's per-group limiter reads the group from what follows the last ':' of a job id, so an org id cannot hold one. */
const orgId = z.string().regex(/^[^:\s]+$/, 'an organisation id: non-empty, without spaces or colons');
const id = z.string().min(1);

export const SYNC_REASONS = ['schedule', 'webhook', 'connect', 'manual'] as const;

const sync = z.object({
  type: z.literal('sync'),
  orgId,
  reason: z.enum(SYNC_REASONS),
  invoiceExternalIds: z.array(id).optional(),
});
const plan = z.object({ type: z.literal('plan'), orgId });
const send = z.object({ type: z.literal('send'), orgId, reminderIds: z.array(id).min(1) });
const writeback = z.discriminatedUnion('action', [
  z.object({ type: z.literal('writeback'), orgId, action: z.literal('note'), reminderId: id }),
  z.object({ type: z.literal('writeback'), orgId, action: z.literal('answer-note'), answerId: id }),
  z.object({ type: z.literal('writeback'), orgId, action: z.literal('dispute-resolved-note'), answerId: id }),
  z.object({ type: z.literal('writeback'), orgId, action: z.literal('charges'), invoiceId: id }),
  /**
   * The owner steered (paused, resumed, skipped a step, wrote off…): a note on this invoice, its words rebuilt from the
   * 'owner-action' event whose detail.key is `eventKey` (recorded on the customer, `contactId`, for a customer's action).
   */
  z.object({
    type: z.literal('writeback'),
    orgId,
    action: z.literal('owner-note'),
    invoiceId: id,
    eventKey: id,
    contactId: id.optional(),
  }),
]);

export const jobSchema = z.discriminatedUnion('type', [sync, plan, send, writeback]);

export type Job = z.infer<typeof jobSchema>;
export type JobOf<Q extends QueueName> = Extract<Job, { type: Q }>;
export type SyncReason = JobOf<'sync'>['reason'];
export type WritebackJob = JobOf<'writeback'>;

export type ParsedJob = { ok: true; job: Job } | { ok: false; reason: string };

/** Reads a job taken off a queue; `queue` is where it was found, so a job routed to the wrong queue is refused too. */
export function parseJob(data: unknown, queue: QueueName): ParsedJob {
  const parsed = jobSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'job'}: ${i.message}`);
    return { ok: false, reason: `malformed ${queue} job: ${issues.join('; ')}` };
  }
  if (parsed.data.type !== queue) return { ok: false, reason: `a ${parsed.data.type} job found on the ${queue} queue` };
  return { ok: true, job: parsed.data };
}
