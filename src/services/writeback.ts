import { LedgerError, RetryLater } from '../core/ports.ts';
import { describeStep } from '../core/schedule/index.ts';
import type { WritebackJob } from '../jobs/payloads.ts';
import { claimCharges } from './charges.ts';
import { connectionOf, NotFoundError, type ServiceDeps } from './deps.ts';
import { ownerActionWords } from './owner-action.ts';
import { recipientsOf } from './recipients.ts';

/**
 * Notes are short and factual: the ledger shows them to the owner's whole team. `maxLength` is the ledger's
 * (`LedgerConnector.writes.noteMaxLength`, from the connector's config): a longer note is cut and ends with "…".
 */
export function noteText(locale: string, parts: { what: string; to?: string; date: string }, maxLength: number): string {
  const fr = locale.startsWith('fr');
  const text = fr
    ? `relance : ${parts.what} le ${parts.date}${parts.to ? ` à ${parts.to}` : ''}.`
    : `relance: ${parts.what} on ${parts.date}${parts.to ? ` to ${parts.to}` : ''}.`;
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/** Writes a history note for a sent reminder or a customer's answer, once (the idempotency key makes retries land once). */
export async function writeBack(deps: ServiceDeps, job: WritebackJob): Promise<void> {
  const org = await deps.store.getOrganisation(job.orgId);
  if (!org) throw new NotFoundError(`no organisation with id ${job.orgId}`);
  if (org.connectionStatus !== 'connected') return;
  try {
    if (job.action === 'note') await reminderNote(deps, org.id, job.reminderId);
    if (job.action === 'answer-note') await answerNote(deps, org.id, job.answerId);
    if (job.action === 'dispute-resolved-note') await disputeResolvedNote(deps, org.id, job.answerId);
    if (job.action === 'charges') await claimCharges(deps, org, job.invoiceId);
    if (job.action === 'owner-note') await ownerNote(deps, org.id, job);
  } catch (error) {
    if (error instanceof LedgerError && error.retryable) throw new RetryLater(error.retryAfterMs ?? 60_000, error.message);
    throw error;
  }
}

async function reminderNote(deps: ServiceDeps, orgId: string, reminderId: string): Promise<void> {
  const org = (await deps.store.getOrganisation(orgId))!;
  const [r] = await deps.store.getReminders(orgId, [reminderId]);
  if (r?.state !== 'sent' || r.noteWrittenAt) return;
  const [invoice] = await deps.store.invoicesById(orgId, [r.invoiceId]);
  if (!invoice) return;
  const inputs = await deps.store.scheduleInputs(orgId, [invoice.id]);
  const contact = inputs.contacts.find((c) => c.id === r.contactId);
  const what = r.channel === 'email' ? describeStep(r.step, org.locale) : `${describeStep(r.step, org.locale)} (${r.channel})`;
  const ledger = deps.ledger(org);
  const text = noteText(
    org.locale,
    {
      what,
      // where it went: the invoice's own address when it has one (see send)
      to: r.channel === 'email' && contact ? recipientsOf(invoice, contact)[0] : undefined,
      date: (r.sentAt ?? deps.clock.now().toISOString()).slice(0, 10),
    },
    ledger.writes.noteMaxLength,
  );
  await ledger.addNote(connectionOf(org), invoice.externalId, text, `relance-note-${r.id}`);
  const at = deps.clock.now().toISOString();
  await deps.store.markNoteWritten(orgId, r.id, at);
  await deps.store.recordEvent(orgId, { kind: 'note-written', invoiceId: invoice.id, detail: { text }, at });
}

async function answerNote(deps: ServiceDeps, orgId: string, answerId: string): Promise<void> {
  const org = (await deps.store.getOrganisation(orgId))!;
  const answer = await deps.store.getAnswer(orgId, answerId);
  if (!answer) return;
  const fr = org.locale.startsWith('fr');
  const what =
    answer.kind === 'promise'
      ? fr
        ? `promesse de paiement pour le ${answer.promisedDate}`
        : `promise to pay by ${answer.promisedDate}`
      : answer.kind === 'paid'
        ? fr
          ? `le client indique avoir payé${answer.reference ? ` (réf. ${answer.reference})` : ''}`
          : `customer reports having paid${answer.reference ? ` (ref. ${answer.reference})` : ''}`
        : fr
          ? `litige : ${answer.reason}`
          : `dispute: ${answer.reason}`;
  const invoices = await deps.store.invoicesById(orgId, answer.invoiceIds);
  const ledger = deps.ledger(org);
  for (const invoice of invoices) {
    const text = noteText(org.locale, { what, date: answer.at.slice(0, 10) }, ledger.writes.noteMaxLength);
    await ledger.addNote(connectionOf(org), invoice.externalId, text, `relance-answer-${answer.id}-${invoice.id}`);
    await deps.store.recordEvent(orgId, {
      kind: 'note-written',
      invoiceId: invoice.id,
      detail: { text },
      at: deps.clock.now().toISOString(),
    });
  }
  await deps.store.markAnswerNoted(orgId, answerId, deps.clock.now().toISOString());
}

/** The end of a dispute, with the owner's note from the history (the store holds it; the job carries ids only). */
async function disputeResolvedNote(deps: ServiceDeps, orgId: string, answerId: string): Promise<void> {
  const org = (await deps.store.getOrganisation(orgId))!;
  const answer = await deps.store.getAnswer(orgId, answerId);
  if (answer?.kind !== 'dispute' || !answer.resolvedAt) return;
  const fr = org.locale.startsWith('fr');
  const ledger = deps.ledger(org);
  for (const invoice of await deps.store.invoicesById(orgId, answer.invoiceIds)) {
    const resolved = (await deps.store.history(orgId, invoice.id)).findLast(
      (e) => e.kind === 'answer' && e.detail.answer === 'dispute-resolved' && e.detail.answerId === answerId,
    );
    const note = typeof resolved?.detail.note === 'string' ? resolved.detail.note : null;
    const what = fr
      ? `litige résolu (${answer.reason})${note ? ` : ${note}` : ''}`
      : `dispute resolved (${answer.reason})${note ? `: ${note}` : ''}`;
    const text = noteText(org.locale, { what, date: answer.resolvedAt.slice(0, 10) }, ledger.writes.noteMaxLength);
    await ledger.addNote(connectionOf(org), invoice.externalId, text, `relance-answer-${answer.id}-resolved-${invoice.id}`);
    await deps.store.recordEvent(orgId, {
      kind: 'note-written',
      invoiceId: invoice.id,
      detail: { text },
      at: deps.clock.now().toISOString(),
    });
  }
}

/**
 * The owner's action, noted on one invoice. The job names the 'owner-action' event (detail.key); its words are rebuilt
 * from it, found in the invoice's history, or the customer's for an action on the customer. Written once per event and
 * invoice (the idempotency key); an event no longer there (purged) writes nothing.
 */
async function ownerNote(deps: ServiceDeps, orgId: string, job: Extract<WritebackJob, { action: 'owner-note' }>): Promise<void> {
  const org = (await deps.store.getOrganisation(orgId))!;
  const events = job.contactId
    ? await deps.store.contactHistory(orgId, job.contactId, 500)
    : await deps.store.history(orgId, job.invoiceId);
  const event = events.find((e) => e.kind === 'owner-action' && e.detail.key === job.eventKey);
  const [invoice] = await deps.store.invoicesById(orgId, [job.invoiceId]);
  if (!event || !invoice) {
    deps.log.warn({ orgId, invoiceId: job.invoiceId, eventKey: job.eventKey }, "owner's action not found: no note written");
    return;
  }
  const ledger = deps.ledger(org);
  const text = noteText(
    org.locale,
    { what: ownerActionWords(event.detail, org.locale), date: event.at.slice(0, 10) },
    ledger.writes.noteMaxLength,
  );
  await ledger.addNote(connectionOf(org), invoice.externalId, text, `relance-owner-${job.eventKey}-${invoice.id}`);
  await deps.store.recordEvent(orgId, {
    kind: 'note-written',
    invoiceId: invoice.id,
    detail: { text },
    at: deps.clock.now().toISOString(),
  });
}
