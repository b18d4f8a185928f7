import type { CustomerAnswer } from '../answers.ts';
import { addDays, type CalendarDate } from '../calendar.ts';
import { formatMoney, money } from '../money.ts';
import type { Policy } from '../policy.ts';
import type { HoldReason, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { formatDay } from './words.ts';

/** Why an invoice gets nothing at all, whatever step is due: the fears of promise 2. */
export type InvoiceHold = { reason: HoldReason; until: CalendarDate | null; why: string };

type PromiseAnswer = Extract<CustomerAnswer, { kind: 'promise' }>;

/** An unparseable stamp counts as "later": when unsure, hold rather than remind someone who says they paid. */
function isAfter(a: string, b: string): boolean {
  return !(Date.parse(a) <= Date.parse(b));
}

function answersFor(invoice: ScheduleInvoice, answers: readonly CustomerAnswer[]): CustomerAnswer[] {
  return answers.filter((a) => a.invoiceIds.includes(invoice.id));
}

/** A later promise replaces an earlier one (the customer renegotiated); ties go to the one listed last. */
export function latestPromise(invoice: ScheduleInvoice, answers: readonly CustomerAnswer[]): PromiseAnswer | null {
  let latest: PromiseAnswer | null = null;
  for (const a of answersFor(invoice, answers)) {
    if (a.kind === 'promise' && (!latest || !isAfter(latest.at, a.at))) latest = a;
  }
  return latest;
}

/** The first day chasing may resume after the customer's promise, or null when there is none. */
export function promiseResumesOn(invoice: ScheduleInvoice, answers: readonly CustomerAnswer[], policy: Policy): CalendarDate | null {
  const promise = latestPromise(invoice, answers);
  return promise ? addDays(promise.promisedDate, policy.promiseGraceDays + 1) : null;
}

function settledHold(invoice: ScheduleInvoice): InvoiceHold | null {
  if (invoice.status !== 'paid' && invoice.amountDueMinor > 0) return null;
  const credited = invoice.amountCreditedMinor > 0 && (invoice.amountDueMinor <= 0 || invoice.amountCreditedMinor >= invoice.totalMinor);
  if (credited) {
    const amount = formatMoney(money(invoice.amountCreditedMinor, invoice.currency), 'en-GB');
    return { reason: 'credited', until: null, why: `${invoice.number}: settled by a credit note (${amount} credited); nothing more will be sent.` };
  }
  return { reason: 'paid', until: null, why: `${invoice.number}: paid in full; nothing more will be sent.` };
}

/**
 * Holds that do not depend on the day: the ledger's state, a dispute, an "already paid" awaiting a sync, a pause.
 * Each lasts until some record changes, so none has an `until`.
 */
export function standingHold(invoice: ScheduleInvoice, answers: readonly CustomerAnswer[], contact: ScheduleContact): InvoiceHold | null {
  const n = invoice.number;
  if (invoice.status === 'deleted') return { reason: 'deleted', until: null, why: `${n}: deleted from the ledger; nothing will be sent.` };
  if (invoice.status === 'voided') return { reason: 'voided', until: null, why: `${n}: voided in the ledger; nothing will be sent.` };
  if (invoice.status === 'draft')
    return { reason: 'draft', until: null, why: `${n}: still a draft in the ledger; reminders start once it is approved.` };
  const settled = settledHold(invoice);
  if (settled) return settled;
  const mine = answersFor(invoice, answers);
  const dispute = mine.find((a) => a.kind === 'dispute' && !a.resolvedAt);
  if (dispute && dispute.kind === 'dispute') {
    const who = dispute.source === 'customer' ? `${contact.name} disputes it` : 'you marked it as disputed';
    return { reason: 'disputed', until: null, why: `${n}: ${who} ("${dispute.reason}"); no reminder goes out until the dispute is resolved.` };
  }
  if (mine.some((a) => a.kind === 'paid' && isAfter(a.at, invoice.syncedAt))) {
    const who = contact.name;
    return {
      reason: 'reported-paid',
      until: null,
      why: `${n}: ${who} says it is already paid; reminders wait until the next sync with the ledger shows the payment (or shows it still unpaid).`,
    };
  }
  if (invoice.paused) return { reason: 'paused', until: null, why: `${n}: you paused reminders for this invoice.` };
  if (contact.paused) return { reason: 'paused', until: null, why: `${n}: you paused reminders for ${contact.name}.` };
  return null;
}

function promiseHold(invoice: ScheduleInvoice, answers: readonly CustomerAnswer[], today: CalendarDate, policy: Policy): InvoiceHold | null {
  const promise = latestPromise(invoice, answers);
  const resumesOn = promiseResumesOn(invoice, answers, policy);
  if (!promise || !resumesOn || resumesOn <= today) return null;
  const grace = policy.promiseGraceDays;
  const graceText = grace === 0 ? '' : ` (${grace} day${grace > 1 ? 's' : ''} of grace)`;
  return {
    reason: 'promised',
    until: resumesOn,
    why: `${invoice.number}: payment promised for ${formatDay(promise.promisedDate)}; reminders resume on ${formatDay(resumesOn)} if it is still unpaid${graceText}.`,
  };
}

/** Why nothing at all may go out for this invoice today, or null when the schedule decides. */
export function invoiceHold(
  invoice: ScheduleInvoice,
  answers: readonly CustomerAnswer[],
  contact: ScheduleContact,
  today: CalendarDate,
  policy: Policy,
): InvoiceHold | null {
  return standingHold(invoice, answers, contact) ?? promiseHold(invoice, answers, today, policy);
}
