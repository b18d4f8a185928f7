import { createHash } from 'node:crypto';
import { localDate } from '../core/calendar.ts';
import { inPreview, type Organisation } from '../core/organisation.ts';
import type { Decision, PlannedMessage } from '../core/reminder.ts';
import { dueSteps } from '../core/schedule/index.ts';
import type { NewReminder, StoredReminder } from '../core/store.ts';
import { NotFoundError, type ServiceDeps } from './deps.ts';
import { loadInputs, nextActions } from './next-actions.ts';
import { recoverStaleClaims } from './recover.ts';

export type PlanReport = {
  org: Organisation;
  asOf: string;
  /** Every decision, with its reason in words. */
  decisions: Decision[];
  messages: PlannedMessage[];
  /** Set when the organisation cannot be planned for (disconnected…). */
  stopped: string | null;
  /** Reminders newly planned (acted only). */
  planned: number;
};

const MAX_DUE = 100_000;
/** Why a plan of an organisation in preview does nothing (its dry run still shows what would go out). */
export const PREVIEW_STOP = 'preview: relance shows what it would send and sends nothing until you turn sending on';
/**
 * At most this many messages a send job, and no more invoices than one ledger read carries (the connector's
 * `limits.idsPerRead`, from the connector's config): the sender re-checks a job's invoices in one call, under the ledger's call windows.
 */
export const MESSAGES_PER_JOB = 20;

/** A message's batch id is a function of what it contains: planning twice yields the same batch, and the same send job. */
export function batchIdOf(orgId: string, message: PlannedMessage): string {
  const content = [orgId, message.contactId, message.channel, ...message.steps.map((s) => `${s.invoiceId}/${s.step.key}`).sort()].join('|');
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/**
 * Decides what is due for one organisation now. A dry run (the owner's "safe mode" preview) looks at every open invoice
 * and changes nothing; otherwise only the invoices with work due are read, the reminders are recorded (at most once
 * per invoice and step) and their send jobs queued.
 */
export async function planOrganisation(
  deps: ServiceDeps,
  orgId: string,
  options: { asOf?: Date; dryRun?: boolean } = {},
): Promise<PlanReport> {
  const org = await deps.store.getOrganisation(orgId);
  if (!org) throw new NotFoundError(`no organisation with id ${orgId}`);
  const now = options.asOf ?? deps.clock.now();
  const base = { org, asOf: now.toISOString(), planned: 0 };
  if (org.connectionStatus !== 'connected') {
    return {
      ...base,
      decisions: [],
      messages: [],
      stopped: `the ${org.vendor} connection is ${org.connectionStatus}: reconnect it to resume reminders`,
    };
  }
  if (inPreview(org) && !options.dryRun) return { ...base, decisions: [], messages: [], stopped: PREVIEW_STOP };
  const today = localDate(now, org.timeZone);
  // read before anything is recorded: a ledger that is not configured here stops the run with its reason, cleanly
  const idsPerRead = options.dryRun ? 0 : deps.ledger(org).limits.idsPerRead;
  if (!options.dryRun) await recoverStaleClaims(deps, org, now);

  const ids = options.dryRun ? await deps.store.openInvoiceIds(orgId) : await deps.store.dueInvoiceIds(orgId, today, MAX_DUE);
  const inputs = await loadInputs(deps, orgId, ids);
  const { decisions, messages } = dueSteps({
    now,
    zone: org.timeZone,
    policies: org.policy,
    locale: org.locale,
    countryCode: org.countryCode,
    ...inputs,
  });
  if (options.dryRun) return { ...base, decisions, messages, stopped: null };

  const recorded = await recordDecisions(deps, org, decisions, messages, now);
  await requeuePlanned(deps, org, idsPerRead);
  // the inputs in hand plus what was just recorded: no second read of the same rows
  const fresh = recorded.map((r) => ({
    invoiceId: r.invoiceId,
    contactId: r.contactId,
    stepKey: r.stepKey,
    state: r.state,
    reason: r.reason,
    at: r.plannedAt,
    channel: r.channel,
  }));
  const stale = new Set(recorded.map((r) => `${r.invoiceId}/${r.stepKey}`));
  await deps.store.setNextActionOn(
    org.id,
    nextActions(org, { ...inputs, history: inputs.history.filter((h) => !stale.has(`${h.invoiceId}/${h.stepKey}`)) }, fresh),
  );
  return { ...base, decisions, messages, stopped: null, planned: recorded.filter((r) => r.state === 'planned').length };
}

async function recordDecisions(
  deps: ServiceDeps,
  org: Organisation,
  decisions: Decision[],
  messages: PlannedMessage[],
  now: Date,
): Promise<StoredReminder[]> {
  const at = now.toISOString();
  const rows: NewReminder[] = [];
  for (const message of messages) {
    const batchId = batchIdOf(org.id, message);
    for (const s of message.steps) {
      rows.push({
        invoiceId: s.invoiceId,
        contactId: message.contactId,
        step: s.step,
        dueOn: s.dueOn,
        state: 'planned',
        reason: null,
        batchId,
      });
    }
  }
  for (const d of decisions) {
    if (d.kind === 'skip')
      rows.push({
        invoiceId: d.invoiceId,
        contactId: d.contactId,
        step: d.step,
        dueOn: d.dueOn,
        state: 'skipped',
        reason: d.why,
        batchId: `skip-${d.invoiceId}`,
      });
    if (d.kind === 'approve')
      rows.push({
        invoiceId: d.invoiceId,
        contactId: d.contactId,
        step: d.step,
        dueOn: d.dueOn,
        state: 'awaiting-approval',
        reason: d.why,
        batchId: `approve-${d.invoiceId}-${d.step.key}`,
      });
    if (d.kind === 'blocked')
      rows.push({
        invoiceId: d.invoiceId,
        contactId: d.contactId,
        step: d.step,
        dueOn: d.dueOn,
        state: 'failed',
        reason: d.why,
        batchId: `blocked-${d.invoiceId}-${d.step.key}`,
      });
  }
  const recorded = await deps.store.recordReminders(org.id, rows, at);
  for (const r of recorded) {
    if (r.state === 'skipped' || r.state === 'failed') {
      await deps.store.recordEvent(org.id, { kind: r.state, invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: r.reason }, at });
    }
    if (r.state === 'failed') deps.log.warn({ orgId: org.id, invoiceId: r.invoiceId, step: r.stepKey }, r.reason ?? 'reminder blocked');
  }
  return recorded;
}

/** Every planned reminder has a send job: after Redis lost its data, the store's copy is queued again (jobs dedupe by id). */
async function requeuePlanned(deps: ServiceDeps, org: Organisation, idsPerRead: number): Promise<void> {
  const batches = await deps.store.plannedBatches(org.id);
  // several messages a job: the sender re-checks their invoices in one ledger read
  for (const chunk of sendJobs(batches, idsPerRead)) {
    const jobId = createHash('sha256')
      .update(chunk.map((b) => b.batchId).join('|'))
      .digest('hex')
      .slice(0, 32);
    await deps.queue.enqueue({ type: 'send', orgId: org.id, reminderIds: chunk.flatMap((b) => b.reminderIds) }, { jobId: `send-${jobId}` });
  }
}

/**
 * Packs messages (batches, in order) into send jobs of at most MESSAGES_PER_JOB messages whose reminders, one invoice
 * each, fit `idsPerRead`. A message larger than one read goes alone (the sender then reads it in several calls).
 */
export function sendJobs<B extends { reminderIds: readonly string[] }>(batches: readonly B[], idsPerRead: number): B[][] {
  const jobs: B[][] = [];
  let job: B[] = [];
  let ids = 0;
  for (const batch of batches) {
    if (job.length > 0 && (job.length >= MESSAGES_PER_JOB || ids + batch.reminderIds.length > idsPerRead)) {
      jobs.push(job);
      job = [];
      ids = 0;
    }
    job.push(batch);
    ids += batch.reminderIds.length;
  }
  if (job.length > 0) jobs.push(job);
  return jobs;
}
