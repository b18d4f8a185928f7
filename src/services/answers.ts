import { randomUUID } from 'node:crypto';
import type { CustomerAnswer } from '../core/answers.ts';
import type { CalendarDate } from '../core/calendar.ts';
import type { StoredInvoice } from '../core/store.ts';
import { NotFoundError, type ServiceDeps } from './deps.ts';
import { refreshNextActions } from './next-actions.ts';
import { cancelHeld } from './sync.ts';

export type AnswerInput =
  | { kind: 'promise'; promisedDate: CalendarDate }
  | { kind: 'paid'; reference?: string | null }
  | { kind: 'dispute'; reason: string };

/**
 * A customer's answer (from a signed link) or the owner's note of one: recorded, shown in the invoice history, the
 * reminders waiting for these invoices cancelled, their next dates recomputed, and a note queued for the ledger.
 */
export async function recordCustomerAnswer(
  deps: ServiceDeps,
  orgId: string,
  invoiceIds: string[],
  input: AnswerInput,
  source: 'customer' | 'owner',
): Promise<CustomerAnswer> {
  const org = await deps.store.getOrganisation(orgId);
  if (!org) throw new NotFoundError(`no organisation with id ${orgId}`);
  const invoices = await deps.store.invoicesById(orgId, invoiceIds);
  if (invoices.length === 0) throw new NotFoundError('none of these invoices belongs to this organisation');
  const at = deps.clock.now().toISOString();
  // a link may be posted again (a double click, the back button, a forwarded email): the same answer is kept once
  const previous =
    source === 'customer'
      ? await lastCustomerAnswer(
          deps,
          orgId,
          invoices.map((i) => i.id),
        )
      : null;
  if (previous && sameAnswer(previous, input)) return previous;
  const base = { id: randomUUID(), invoiceIds: invoices.map((i) => i.id), at, source };
  const answer: CustomerAnswer =
    input.kind === 'promise'
      ? { ...base, kind: 'promise', promisedDate: input.promisedDate }
      : input.kind === 'paid'
        ? { ...base, kind: 'paid', reference: input.reference ?? null }
        : { ...base, kind: 'dispute', reason: input.reason, resolvedAt: null };
  await deps.store.recordAnswer(orgId, answer);
  // a changed answer supersedes the last: a later promise already wins (latestPromise); a dispute it replaces ends
  if (previous?.kind === 'dispute' && !previous.resolvedAt) await deps.store.resolveDispute(orgId, previous.id, at);
  const supersedes = previous ? { supersedes: previous.id } : {};
  for (const invoice of invoices) {
    await deps.store.recordEvent(orgId, {
      kind: 'answer',
      invoiceId: invoice.id,
      detail: { answer: answer.kind, source, ...input, ...supersedes },
      at,
    });
  }
  await cancelHeld(deps, org, answer.invoiceIds);
  await refreshNextActions(deps, org, answer.invoiceIds);
  await deps.queue.enqueue({ type: 'writeback', orgId, action: 'answer-note', answerId: answer.id }, { jobId: `answer-${answer.id}` });
  return answer;
}

/** The customer's latest answer about exactly these invoices (what one answer link names), if any. */
async function lastCustomerAnswer(deps: ServiceDeps, orgId: string, invoiceIds: string[]): Promise<CustomerAnswer | null> {
  const key = [...invoiceIds].sort().join(',');
  const { answers } = await deps.store.scheduleInputs(orgId, invoiceIds);
  const same = answers.filter((a) => a.source === 'customer' && [...a.invoiceIds].sort().join(',') === key);
  return same.reduce<CustomerAnswer | null>((last, a) => (!last || a.at >= last.at ? a : last), null);
}

function sameAnswer(previous: CustomerAnswer, input: AnswerInput): boolean {
  if (previous.kind === 'promise' && input.kind === 'promise') return previous.promisedDate === input.promisedDate;
  if (previous.kind === 'paid' && input.kind === 'paid') return (previous.reference ?? null) === (input.reference ?? null);
  // a dispute the owner has resolved is over: the same words again open a new one
  if (previous.kind === 'dispute' && input.kind === 'dispute') return !previous.resolvedAt && previous.reason === input.reason;
  return false;
}

/**
 * The owner ends a dispute (settled by phone, credit note agreed…): recorded in each invoice's history with the owner's
 * note, the invoices' next dates recomputed (reminders resume), and a note queued for the ledger. False when it was
 * resolved already: resolving twice records nothing twice.
 */
export async function resolveDispute(
  deps: ServiceDeps,
  orgId: string,
  answerId: string,
  options: { note?: string | null } = {},
): Promise<boolean> {
  const org = await deps.store.getOrganisation(orgId);
  const answer = await deps.store.getAnswer(orgId, answerId);
  if (!org || !answer || answer.kind !== 'dispute') throw new NotFoundError(`no dispute ${answerId}`);
  if (answer.resolvedAt) return false;
  const at = deps.clock.now().toISOString();
  await deps.store.resolveDispute(orgId, answerId, at);
  for (const invoiceId of answer.invoiceIds) {
    await deps.store.recordEvent(orgId, {
      kind: 'answer',
      invoiceId,
      at,
      detail: {
        answer: 'dispute-resolved',
        answerId,
        reason: answer.reason,
        source: 'owner',
        ...(options.note ? { note: options.note } : {}),
      },
    });
  }
  await refreshNextActions(deps, org, answer.invoiceIds);
  await deps.queue.enqueue(
    { type: 'writeback', orgId, action: 'dispute-resolved-note', answerId },
    { jobId: `answer-${answerId}-resolved` },
  );
  return true;
}

export type OpenDispute = {
  answerId: string;
  reason: string;
  at: string;
  source: 'customer' | 'owner';
  invoices: { id: string; number: string }[];
  customer: string;
};

/** The disputes not resolved yet on the organisation's open invoices, oldest first: each one pauses its invoices. */
export async function openDisputes(deps: ServiceDeps, orgId: string): Promise<OpenDispute[]> {
  const inputs = await deps.store.scheduleInputs(orgId, await deps.store.openInvoiceIds(orgId));
  const invoices = new Map(inputs.invoices.map((i) => [i.id, i]));
  const contacts = new Map(inputs.contacts.map((c) => [c.id, c.name]));
  const disputes = inputs.answers.filter((a) => a.kind === 'dispute' && !a.resolvedAt).sort((a, b) => a.at.localeCompare(b.at));
  return disputes.map((a) => {
    const own = a.invoiceIds.flatMap((id) => (invoices.has(id) ? [invoices.get(id)!] : []));
    return {
      answerId: a.id,
      reason: a.kind === 'dispute' ? a.reason : '',
      at: a.at,
      source: a.source,
      invoices: own.map((i) => ({ id: i.id, number: i.number })),
      customer: [...new Set(own.map((i) => contacts.get(i.contactId) ?? i.contactId))].join(', '),
    };
  });
}

/** An invoice named by its number (as the owner reads it) or by relance's id; open invoices are searched by number. */
export async function findInvoice(deps: ServiceDeps, orgId: string, numberOrId: string): Promise<StoredInvoice> {
  const [byId] = await deps.store.invoicesById(orgId, [numberOrId]);
  if (byId) return byId;
  const open = await deps.store.invoicesById(orgId, await deps.store.openInvoiceIds(orgId));
  const matches = open.filter((i) => i.number === numberOrId);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new NotFoundError(
      `${matches.length} open invoices are numbered "${numberOrId}": name one by its id (${matches.map((i) => i.id).join(', ')})`,
    );
  throw new NotFoundError(`no open invoice numbered "${numberOrId}" in this organisation`);
}

/** Resolves every open dispute on one invoice; returns how many were resolved. */
export async function resolveDisputesOn(deps: ServiceDeps, orgId: string, invoiceId: string, note: string | null): Promise<number> {
  const open = (await openDisputes(deps, orgId)).filter((d) => d.invoices.some((i) => i.id === invoiceId));
  let resolved = 0;
  for (const d of open) if (await resolveDispute(deps, orgId, d.answerId, { note })) resolved++;
  return resolved;
}
