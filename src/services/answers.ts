import { randomUUID } from 'node:crypto';
import type { CustomerAnswer } from '../core/answers.ts';
import type { CalendarDate } from '../core/calendar.ts';
import { NotFoundError, type ServiceDeps } from './deps.ts';
import { refreshNextActions } from './next-actions.ts';
import { cancelHeld } from './sync.ts';

type AnswerInput =
  | { kind: 'promise'; promisedDate: CalendarDate }
  | { kind: 'paid'; reference?: string | null }
  | { kind: 'dispute'; reason: string };

/**
 * A customer's answer (from a signed link) or the owner's note of one: recorded, shown in the invoice history, the
 * reminders waiting for these invoices cancelled, their next dates recomputed, and a note queued for the ledger.
 */
export async function recordCustomerAnswer(
  deps: ServiceDeps, orgId: string, invoiceIds: string[], input: AnswerInput, source: 'customer' | 'owner',
): Promise<CustomerAnswer> {
  const org = await deps.store.getOrganisation(orgId);
  if (!org) throw new NotFoundError(`no organisation with id ${orgId}`);
  const invoices = await deps.store.invoicesById(orgId, invoiceIds);
  if (invoices.length === 0) throw new NotFoundError('none of these invoices belongs to this organisation');
  const at = deps.clock.now().toISOString();
  const base = { id: randomUUID(), invoiceIds: invoices.map((i) => i.id), at, source };
  const answer: CustomerAnswer = input.kind === 'promise'
    ? { ...base, kind: 'promise', promisedDate: input.promisedDate }
    : input.kind === 'paid'
      ? { ...base, kind: 'paid', reference: input.reference ?? null }
      : { ...base, kind: 'dispute', reason: input.reason, resolvedAt: null };
  await deps.store.recordAnswer(orgId, answer);
  for (const invoice of invoices) {
    await deps.store.recordEvent(orgId, { kind: 'answer', invoiceId: invoice.id, detail: { answer: answer.kind, source, ...input }, at });
  }
  await cancelHeld(deps, org, answer.invoiceIds);
  await refreshNextActions(deps, org, answer.invoiceIds);
  await deps.queue.enqueue({ type: 'writeback', orgId, action: 'answer-note', answerId: answer.id }, { jobId: `answer-${answer.id}` });
  return answer;
}

export async function resolveDispute(deps: ServiceDeps, orgId: string, answerId: string): Promise<void> {
  const org = await deps.store.getOrganisation(orgId);
  const answer = await deps.store.getAnswer(orgId, answerId);
  if (!org || !answer || answer.kind !== 'dispute') throw new NotFoundError(`no dispute ${answerId}`);
  await deps.store.resolveDispute(orgId, answerId, deps.clock.now().toISOString());
  await refreshNextActions(deps, org, answer.invoiceIds);
}
