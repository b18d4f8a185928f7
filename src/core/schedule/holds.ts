import type { CustomerAnswer } from '../answers.ts';
import { addDays, maxDate, type CalendarDate } from '../calendar.ts';
import { formatMoney, money } from '../money.ts';
import type { Policy } from '../policy.ts';
import type { HoldReason, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { PHRASES } from './phrases.ts';
import { formatDay, scheduleLocale, type ScheduleLocale } from './words.ts';

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

function settledHold(invoice: ScheduleInvoice, l: ScheduleLocale): InvoiceHold | null {
  if (invoice.status !== 'paid' && invoice.amountDueMinor > 0) return null;
  const credited = invoice.amountCreditedMinor > 0 && (invoice.amountDueMinor <= 0 || invoice.amountCreditedMinor >= invoice.totalMinor);
  if (credited) {
    const amount = formatMoney(money(invoice.amountCreditedMinor, invoice.currency), l === 'fr' ? 'fr-FR' : 'en-GB');
    return { reason: 'credited', until: null, why: PHRASES[l].credited(invoice.number, amount) };
  }
  return { reason: 'paid', until: null, why: PHRASES[l].paid(invoice.number) };
}

/**
 * Holds that do not depend on the day: the ledger's state, a dispute, an "already paid" awaiting a sync, a pause
 * without an end.
 * Each lasts until some record changes, so none has an `until`.
 */
export function standingHold(
  invoice: ScheduleInvoice,
  answers: readonly CustomerAnswer[],
  contact: ScheduleContact,
  locale: string = 'en',
): InvoiceHold | null {
  const l = scheduleLocale(locale);
  const say = PHRASES[l];
  const n = invoice.number;
  // relance's own charges invoice: chased only as a line of the invoice it belongs to, never on its own
  if (invoice.chargesFor) return { reason: 'charges-invoice', until: null, why: say.chargesInvoice(n) };
  if (invoice.status === 'deleted') return { reason: 'deleted', until: null, why: say.deleted(n) };
  if (invoice.status === 'voided') return { reason: 'voided', until: null, why: say.voided(n) };
  if (invoice.status === 'draft') return { reason: 'draft', until: null, why: say.draft(n) };
  const settled = settledHold(invoice, l);
  if (settled) return settled;
  const mine = answersFor(invoice, answers);
  const dispute = mine.find((a) => a.kind === 'dispute' && !a.resolvedAt);
  if (dispute && dispute.kind === 'dispute') {
    return { reason: 'disputed', until: null, why: say.disputed(n, contact.name, dispute.source === 'customer', dispute.reason) };
  }
  if (mine.some((a) => a.kind === 'paid' && isAfter(a.at, invoice.syncedAt)))
    return { reason: 'reported-paid', until: null, why: say.reportedPaid(n, contact.name) };
  // a pause with an end depends on the day: pauseHold has it
  if (invoice.paused && !invoice.pausedUntil) return { reason: 'paused', until: null, why: say.pausedInvoice(n) };
  if (contact.paused && !contact.pausedUntil) return { reason: 'paused', until: null, why: say.pausedContact(n, contact.name) };
  return null;
}

/**
 * The day chasing resumes by itself after the owner's pauses with an end (the invoice's, its customer's: the later
 * one), or null when neither is paused until a date. A pause with an end holds while today < that day.
 */
export function pauseEndsOn(invoice: ScheduleInvoice, contact: ScheduleContact): CalendarDate | null {
  const ends = [invoice.paused ? invoice.pausedUntil : null, contact.paused ? contact.pausedUntil : null].filter(
    (d): d is CalendarDate => !!d,
  );
  return ends.length === 0 ? null : ends.reduce(maxDate);
}

function pauseHold(invoice: ScheduleInvoice, contact: ScheduleContact, today: CalendarDate, l: ScheduleLocale): InvoiceHold | null {
  const ends = pauseEndsOn(invoice, contact);
  if (!ends || ends <= today) return null;
  const byInvoice = invoice.paused && invoice.pausedUntil === ends;
  const why = byInvoice
    ? PHRASES[l].pausedInvoiceUntil(invoice.number, formatDay(ends, l))
    : PHRASES[l].pausedContactUntil(invoice.number, contact.name, formatDay(ends, l));
  return { reason: 'paused', until: ends, why };
}

function promiseHold(
  invoice: ScheduleInvoice,
  answers: readonly CustomerAnswer[],
  today: CalendarDate,
  policy: Policy,
  l: ScheduleLocale,
): InvoiceHold | null {
  const promise = latestPromise(invoice, answers);
  const resumesOn = promiseResumesOn(invoice, answers, policy);
  if (!promise || !resumesOn || resumesOn <= today) return null;
  return {
    reason: 'promised',
    until: resumesOn,
    why: PHRASES[l].promised(invoice.number, formatDay(promise.promisedDate, l), formatDay(resumesOn, l), policy.promiseGraceDays),
  };
}

/** Why nothing at all may go out for this invoice today, or null when the schedule decides. `locale` words the why. */
export function invoiceHold(
  invoice: ScheduleInvoice,
  answers: readonly CustomerAnswer[],
  contact: ScheduleContact,
  today: CalendarDate,
  policy: Policy,
  locale: string = 'en',
): InvoiceHold | null {
  const l = scheduleLocale(locale);
  return (
    standingHold(invoice, answers, contact, locale) ??
    pauseHold(invoice, contact, today, l) ??
    promiseHold(invoice, answers, today, policy, l)
  );
}
