import { addDays, localDate, localTime, zonedInstant } from '../core/calendar.ts';
import { inPreview, type Organisation } from '../core/organisation.ts';
import { LedgerError, MailError, type OutgoingEmail, RetryLater } from '../core/ports.ts';
import type { ScheduleContact } from '../core/reminder.ts';
import { inSendWindow, invoiceHold, nextWindowDay, policyFor } from '../core/schedule/index.ts';
import type { StoredInvoice, StoredReminder } from '../core/store.ts';
import { chargesToMention } from './charges.ts';
import { connectionOf, readInvoices, type ServiceDeps } from './deps.ts';
import { answerUrls, signAnswerToken } from './links.ts';
import { loadInputs, nextActions } from './next-actions.ts';
import { recipientKey, recipientsOf, recipientTag } from './recipients.ts';

export type SendOutcome = { sent: number; cancelled: number; failed: number; uncertain: number };

const NONE: SendOutcome = { sent: 0, cancelled: 0, failed: 0, uncertain: 0 };
const LINK_LIFETIME_DAYS = 60;
const STEP_ORDER = ['courtesy', 'friendly', 'firm', 'final', 'formal-notice'];

/**
 * Sends planned messages (each the reminders of one batch; a job carries up to MESSAGES_PER_JOB of them): claim →
 * re-check the ledger in one call for all of them → render → hand to the transport → record, message by message. Only the worker that wins the claim goes on, so a duplicated job sends nothing twice; an
 * invoice that got paid, credited, disputed or promised since planning is cancelled, not reminded.
 */
export async function sendReminders(deps: ServiceDeps, orgId: string, reminderIds: string[]): Promise<SendOutcome> {
  const org = await deps.store.getOrganisation(orgId);
  if (org?.connectionStatus !== 'connected') return NONE;
  if (inPreview(org)) {
    // a second guard behind the planner's: in preview nothing leaves, and nothing is cancelled either (the reminders
    // stay planned; turning sending on queues them again)
    deps.log.info({ orgId, reminderIds: reminderIds.length }, 'preview: not sending');
    return NONE;
  }
  const now = deps.clock.now();
  const at = now.toISOString();

  const claimed = await deps.store.claimReminders(orgId, reminderIds, deps.worker, at);
  if (claimed.length === 0) return NONE;
  const release = (reason: string) =>
    deps.store.transitionReminders(
      orgId,
      claimed.map((r) => r.id),
      ['claimed'],
      'planned',
      { at, reason },
    );

  const local = localTime(now, org.timeZone);
  // the country's public holidays are not send days either (when the policy skips them)
  if (!inSendWindow(local, org.policy.default.sendWindow, org.countryCode)) {
    await release('waiting for the send window');
    const w = org.policy.default.sendWindow;
    const opens = zonedInstant(nextWindowDay(local, w, org.countryCode), w.startHour, 0, org.timeZone);
    throw new RetryLater(Math.max(60_000, opens.getTime() - now.getTime()), 'outside the send window');
  }

  try {
    await recheckLedger(deps, org, claimed, at);
  } catch (error) {
    await release('the ledger could not be checked before sending');
    if (error instanceof LedgerError && error.retryable) throw new RetryLater(error.retryAfterMs ?? 60_000, error.message);
    throw error;
  }

  const invoiceIds = [...new Set(claimed.map((r) => r.invoiceId))];
  const inputs = await loadInputs(deps, orgId, invoiceIds);
  const today = localDate(now, org.timeZone);
  const contacts = new Map(inputs.contacts.map((c) => [c.id, c]));
  const invoices = new Map(inputs.invoices.map((i) => [i.id, i]));

  let cancelled = 0;
  // One email per planned message (batch) and set of addresses: an invoice with addresses of its own (billed to
  // another department) is not shown to the customer's usual addresses, nor theirs to it. Splitting here rather than
  // at planning follows the addresses the ledger holds now (re-read just above).
  const going = new Map<string, { reminders: StoredReminder[]; to: string[]; own: boolean }>();
  for (const r of claimed) {
    const invoice = invoices.get(r.invoiceId);
    const contact = contacts.get(r.contactId);
    const hold =
      invoice && contact
        ? invoiceHold(
            invoice,
            inputs.answers.filter((a) => a.invoiceIds.includes(invoice.id)),
            contact,
            today,
            policyFor(invoice, contact, org.policy),
            org.locale,
          )
        : { why: 'the invoice is no longer in the ledger' };
    if (hold) {
      cancelled += (await cancel(deps, org, r, hold.why, at)) ? 1 : 0;
      continue;
    }
    const to = r.channel === 'email' && invoice && contact ? recipientsOf(invoice, contact) : (contact?.emails ?? []);
    const key = `${r.batchId}\u0000${r.channel === 'email' ? recipientKey(to) : ''}`;
    const group = going.get(key) ?? { reminders: [], to, own: recipientKey(to) !== recipientKey(contact?.emails ?? []) };
    group.reminders.push(r);
    going.set(key, group);
  }

  // one message per batch (a customer's consolidated reminder); the ledger was read once for all of them
  const outcome: SendOutcome = { ...NONE, cancelled };
  const batches = [...going.values()];
  // the message ids already sent for these invoices, read once for the job: each message threads under its own
  const sentBefore = new Map<string, string[]>();
  for (const r of await deps.store.remindersOfInvoices(orgId, invoiceIds)) {
    if (r.state === 'sent' && r.messageId) sentBefore.set(r.invoiceId, [...(sentBefore.get(r.invoiceId) ?? []), r.messageId]);
  }
  for (const [i, batch] of batches.entries()) {
    try {
      const earlier = batch.reminders.flatMap((r) => sentBefore.get(r.invoiceId) ?? []);
      const contact = contacts.get(batch.reminders[0]!.contactId)!;
      // the invoices' own addresses stand in for the contact's; such an email gets a key of its own (a planned message
      // may become several emails, each with its message id)
      const done = await deliver(deps, org, { ...contact, emails: batch.to }, batch.reminders, invoices, earlier, now, {
        keyTag: batch.own ? `.${recipientTag(batch.to)}` : '',
      });
      outcome.sent += done.sent;
      outcome.failed += done.failed;
      outcome.uncertain += done.uncertain;
    } catch (error) {
      // the messages not reached yet go back to planned, for the retry of this job to pick up
      const rest = batches
        .slice(i + 1)
        .flatMap((b) => b.reminders)
        .map((r) => r.id);
      await deps.store.transitionReminders(orgId, rest, ['claimed'], 'planned', {
        at,
        reason: 'released: an earlier message of the job failed',
      });
      throw error;
    }
  }
  // next action dates from the inputs in hand and these invoices' reminders as they now stand
  const records = (await deps.store.remindersOfInvoices(orgId, invoiceIds)).map((r) => ({
    invoiceId: r.invoiceId,
    contactId: r.contactId,
    stepKey: r.stepKey,
    state: r.state,
    reason: r.reason,
    at: r.sentAt ?? r.plannedAt,
    channel: r.channel,
  }));
  await deps.store.setNextActionOn(orgId, nextActions(org, { ...inputs, history: records }));
  return outcome;
}

/** Promise 2: one batched read of the ledger just before sending (a job fits one read), stored as the freshest state. */
async function recheckLedger(deps: ServiceDeps, org: Organisation, claimed: StoredReminder[], at: string): Promise<void> {
  const stored = await deps.store.invoicesById(org.id, [...new Set(claimed.map((r) => r.invoiceId))]);
  const fresh = await readInvoices(
    deps.ledger(org),
    connectionOf(org),
    stored.map((i) => i.externalId),
  );
  const seen = new Set(fresh.map((i) => i.externalId));
  // an invoice the ledger no longer returns is treated as deleted
  const missing = stored.filter((i) => !seen.has(i.externalId)).map((i) => ({ ...toLedger(i), status: 'deleted' as const, updatedAt: at }));
  // only what changed is written: the common case (nothing moved since the plan) costs no write at all
  const before = new Map(stored.map((i) => [i.externalId, i]));
  const changed = fresh.filter((f) => {
    const s = before.get(f.externalId);
    return (
      !s ||
      s.status !== f.status ||
      s.amountDueMinor !== f.amountDueMinor ||
      s.amountCreditedMinor !== f.amountCreditedMinor ||
      s.dueDate !== f.dueDate ||
      // the address the invoice is billed to changed: the reminder follows it
      recipientKey(s.emails ?? []) !== recipientKey(f.emails ?? [])
    );
  });
  if (changed.length + missing.length > 0) await deps.store.applyInvoices(org.id, [...changed, ...missing], at);
}

function toLedger(i: StoredInvoice) {
  return {
    externalId: i.externalId,
    number: i.number,
    contactExternalId: i.contactExternalId,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    currency: i.currency,
    totalMinor: i.totalMinor,
    amountDueMinor: i.amountDueMinor,
    amountPaidMinor: i.amountPaidMinor,
    amountCreditedMinor: i.amountCreditedMinor,
    status: i.status,
    reference: i.reference,
    paymentUrl: i.paymentUrl,
    emails: i.emails ?? [],
  };
}

async function cancel(deps: ServiceDeps, org: Organisation, r: StoredReminder, why: string, at: string): Promise<boolean> {
  const moved = await deps.store.transitionReminders(org.id, [r.id], ['claimed'], 'cancelled', { at, reason: `not sent: ${why}` });
  if (moved.length === 0) return false;
  await deps.store.recordEvent(org.id, { kind: 'cancelled', invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: why }, at });
  return true;
}

async function deliver(
  deps: ServiceDeps,
  org: Organisation,
  contact: ScheduleContact,
  going: StoredReminder[],
  invoices: Map<string, StoredInvoice>,
  earlier: string[],
  now: Date,
  options: { keyTag: string },
): Promise<Omit<SendOutcome, 'cancelled'>> {
  const at = now.toISOString();
  const ids = going.map((r) => r.id);
  const step = going.map((r) => r.step).sort((a, b) => STEP_ORDER.indexOf(b.template) - STEP_ORDER.indexOf(a.template))[0]!;

  if (step.channel !== 'email') {
    // a call or a letter is the owner's to make: nothing left the building, so it is an open task, not "sent". The
    // step counts as done for the schedule (it is not planned again); the ledger note waits until the owner did it.
    const reason =
      step.channel === 'letter'
        ? 'letter ready to print: relance does not post letters'
        : `call ${contact.name} and ask for a payment date`;
    const opened = await deps.store.transitionReminders(org.id, ids, ['claimed'], 'task-open', { at, reason });
    for (const r of opened)
      await deps.store.recordEvent(org.id, {
        kind: 'task-created',
        invoiceId: r.invoiceId,
        detail: { step: r.stepKey, channel: step.channel, reason },
        at,
      });
    await queueCharges(deps, org, opened);
    return { sent: 0, failed: 0, uncertain: 0 };
  }
  if (contact.emails.length === 0) {
    const reason = `${contact.name} has no email address in the ledger: add one there and the reminder goes out on the next run`;
    await deps.store.transitionReminders(org.id, ids, ['claimed'], 'failed', { at, reason });
    return { sent: 0, failed: ids.length, uncertain: 0 };
  }

  const rows = await Promise.all(
    going.map(async (r) => {
      const invoice = invoices.get(r.invoiceId)!;
      return { invoice: { ...invoice, paymentUrl: await paymentUrlOf(deps, org, invoice) }, step: r.step, reminder: r };
    }),
  );
  const chargesInvoices = await chargesInvoicesOf(
    deps,
    org,
    rows.map((x) => x.invoice.id),
  );
  const today = localDate(now, org.timeZone);
  const token = signAnswerToken(
    {
      orgId: org.id,
      invoiceIds: rows.map((x) => x.invoice.id),
      contactId: contact.id,
      reminderId: going[0]!.id,
      expiresAt: new Date(now.getTime() + LINK_LIFETIME_DAYS * 86_400_000).toISOString(),
    },
    deps.linkSecret,
  );
  const email = await deps.composer.compose({
    org,
    contact,
    step,
    today,
    invoices: await Promise.all(
      rows.map(async (x) => ({
        invoice: x.invoice,
        step: x.step,
        chargesInvoices: chargesInvoices.filter((c) => c.chargesFor === x.invoice.id),
        charges: x.step.charges === 'none' ? null : await chargesToMention(deps, org, x.invoice, contact, today),
      })),
    ),
    // each invoice carries its own link; no ledger yet offers one link that pays several invoices at once
    paymentUrl: null,
    answerUrls: answerUrls(deps.publicUrl, token),
    reminderKey: `${going[0]!.batchId}${options.keyTag}.${going[0]!.attempts}`,
    earlierMessageIds: [...new Set(earlier)],
    deadline: ['firm', 'final', 'formal-notice'].includes(step.template) ? addDays(today, step.template === 'firm' ? 10 : 8) : null,
  });

  const messageId = email.messageId;
  const sending = await deps.store.transitionReminders(org.id, ids, ['claimed'], 'sending', { at, messageId });
  if (sending.length === 0) return { sent: 0, failed: 0, uncertain: 0 };
  try {
    await deps.mailer(org).send(email);
  } catch (error) {
    return mailFailed(deps, org, ids, error, at);
  }
  const sentAt = deps.clock.now().toISOString();
  const sent = await deps.store.transitionReminders(org.id, ids, ['sending'], 'sent', { at: sentAt, reason: null });
  if (sent.length > 0) await keepCopy(deps, org, email, [...new Set(sent.map((r) => r.invoiceId))], sentAt);
  for (const r of sent) {
    await deps.store.recordEvent(org.id, {
      kind: 'email-sent',
      invoiceId: r.invoiceId,
      detail: { step: r.stepKey, to: contact.emails, messageId, subject: email.subject },
      at,
    });
  }
  await queueWriteBacks(deps, org, sent);
  return { sent: sent.length, failed: 0, uncertain: 0 };
}

/**
 * The email exactly as it left, for the invoice page's "as sent" link. It went out whatever happens here: a store that
 * fails to keep the copy is logged, never turned into a doubt about the send.
 */
async function keepCopy(deps: ServiceDeps, org: Organisation, email: OutgoingEmail, invoiceIds: string[], sentAt: string): Promise<void> {
  try {
    await deps.store.recordSentMessage({
      messageId: email.messageId,
      orgId: org.id,
      invoiceIds,
      to: email.to.map((a) => a.address),
      subject: email.subject,
      html: email.html,
      text: email.text,
      sentAt,
    });
  } catch (error) {
    deps.log.warn({ orgId: org.id, messageId: email.messageId, err: String(error) }, 'sent message not kept');
  }
}

async function mailFailed(
  deps: ServiceDeps,
  org: Organisation,
  ids: string[],
  error: unknown,
  at: string,
): Promise<Omit<SendOutcome, 'cancelled'>> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MailError && error.permanent) {
    const failed = await deps.store.transitionReminders(org.id, ids, ['sending'], 'failed', {
      at,
      reason: `not sent: ${message}`,
    });
    for (const r of failed)
      await deps.store.recordEvent(org.id, { kind: 'failed', invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: message }, at });
    return { sent: 0, failed: failed.length, uncertain: 0 };
  }
  if (error instanceof MailError) {
    // the server said "not now" before accepting anything: safe to try again later
    await deps.store.transitionReminders(org.id, ids, ['sending'], 'planned', { at, reason: `mail server: ${message}` });
    throw error;
  }
  // the transport failed in a way that does not say whether the message left: never guess, never send twice
  const uncertain = await deps.store.transitionReminders(org.id, ids, ['sending'], 'uncertain', {
    at,
    reason: `unknown outcome: ${message}`,
  });
  for (const r of uncertain)
    await deps.store.recordEvent(org.id, { kind: 'uncertain', invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: message }, at });
  deps.log.error({ orgId: org.id, reminderIds: ids, err: message }, 'send outcome unknown');
  return { sent: 0, failed: 0, uncertain: uncertain.length };
}

/** The charges invoices relance wrote for these invoices, still open: listed with their invoice, each with its link. */
async function chargesInvoicesOf(deps: ServiceDeps, org: Organisation, invoiceIds: string[]): Promise<StoredInvoice[]> {
  const found = await deps.store.chargesInvoicesOf(org.id, invoiceIds);
  return Promise.all(found.map(async (c) => ({ ...c, paymentUrl: await paymentUrlOf(deps, org, c) })));
}

async function paymentUrlOf(deps: ServiceDeps, org: Organisation, invoice: StoredInvoice): Promise<string | null> {
  if (invoice.paymentUrl) return invoice.paymentUrl;
  try {
    const url = await deps.ledger(org).paymentUrl(connectionOf(org), invoice.externalId);
    if (url) await deps.store.setPaymentUrl(org.id, invoice.id, url);
    return url;
  } catch (error) {
    // a reminder without a payment link still beats no reminder: the invoice number and amount are in it
    deps.log.warn({ orgId: org.id, invoiceId: invoice.id, err: String(error) }, 'no payment link');
    return null;
  }
}

async function queueWriteBacks(deps: ServiceDeps, org: Organisation, sent: StoredReminder[]): Promise<void> {
  for (const r of sent)
    await deps.queue.enqueue({ type: 'writeback', orgId: org.id, action: 'note', reminderId: r.id }, { jobId: `note-${r.id}` });
  await queueCharges(deps, org, sent);
}

/** A step that claims charges writes them once its message or task exists: a printed letter states them too. */
async function queueCharges(deps: ServiceDeps, org: Organisation, reminders: StoredReminder[]): Promise<void> {
  for (const r of reminders) {
    if (r.step.charges !== 'claim') continue;
    await deps.queue.enqueue(
      { type: 'writeback', orgId: org.id, action: 'charges', invoiceId: r.invoiceId },
      { jobId: `charges-${r.invoiceId}` },
    );
  }
}
