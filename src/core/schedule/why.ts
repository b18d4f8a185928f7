import type { CalendarDate } from '../calendar.ts';
import type { Policy, SendWindow } from '../policy.ts';
import type { ReminderState, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import type { StepProgress } from './progress.ts';
import { describeWindow } from './window.ts';
import { describeOffset, describeStep, formatDay } from './words.ts';

/**
 * The sentences an owner reads next to each decision. Each names the invoice, the step and its dates, and says what
 * happens next or what to do.
 */

/** "friendly reminder due today (1 day after the due date, 3 Mar 2026)" */
function stepDue(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate): string {
  const when = p.dueOn === today ? 'due today' : `due since ${formatDay(p.dueOn)}`;
  return `${describeStep(p.step)} ${when} (${describeOffset(p.step.offsetDays)}, ${formatDay(invoice.dueDate)})`;
}

export function whySend(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, contact: ScheduleContact): string {
  const base = `${invoice.number}: ${stepDue(invoice, p, today)}`;
  if (p.step.channel === 'call') return `${base}: call ${contact.name} and ask for a payment date.`;
  if (p.step.channel === 'letter') return `${base}: send it to ${contact.name} by registered letter.`;
  return `${base}.`;
}

export function whyApprove(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate): string {
  return `${invoice.number}: ${stepDue(invoice, p, today)}; it waits for your approval before it goes out.`;
}

export function whyNoEmail(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, contact: ScheduleContact): string {
  return `${invoice.number}: ${stepDue(invoice, p, today)}, but ${contact.name} has no email address; add one to the contact in the ledger and it goes out on the next run.`;
}

export function whyOutsideWindow(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, w: SendWindow, until: CalendarDate): string {
  const at = until === today ? `today at ${String(w.startHour).padStart(2, '0')}:00` : `on ${formatDay(until)}`;
  return `${invoice.number}: ${stepDue(invoice, p, today)}; it waits for the send window (${describeWindow(w)}) and goes out ${at}.`;
}

export function whyContactedRecently(
  invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, contact: ScheduleContact, last: CalendarDate, policy: Policy, until: CalendarDate,
): string {
  const n = policy.minDaysBetweenContacts;
  return `${invoice.number}: ${stepDue(invoice, p, today)}; ${contact.name} was last contacted on ${formatDay(last)} and the policy leaves ${n} day${n > 1 ? 's' : ''} between contacts, so it waits until ${formatDay(until)}.`;
}

export function whyNotYetDue(invoice: ScheduleInvoice, next: StepProgress): string {
  return `${invoice.number}: nothing due yet; next is the ${describeStep(next.step)} on ${formatDay(next.dueOn)} (${describeOffset(next.step.offsetDays)}, ${formatDay(invoice.dueDate)}).`;
}

export function whyAllDone(invoice: ScheduleInvoice, policy: Policy): string {
  const n = policy.steps.length;
  return `${invoice.number}: all ${n} step${n > 1 ? 's' : ''} of the "${policy.name}" policy are done; nothing more goes out by itself.`;
}

const IN_PROGRESS_TEXT: Partial<Record<ReminderState, string>> = {
  planned: 'is planned and about to go out',
  claimed: 'is being sent',
  sending: 'is being sent',
  'awaiting-approval': 'waits for your approval',
};

export function whyInProgress(invoice: ScheduleInvoice, p: StepProgress): string {
  const state = (p.record && IN_PROGRESS_TEXT[p.record.state]) ?? 'is under way';
  return `${invoice.number}: the ${describeStep(p.step)} (due ${formatDay(p.dueOn)}) ${state}; nothing else goes out for this invoice until it is done.`;
}

const RECORDED_TEXT: Partial<Record<ReminderState, string>> = {
  sent: 'which already went out',
  skipped: 'which was recorded as skipped',
  uncertain: 'which may already have gone out',
  planned: 'which is planned',
  claimed: 'which is being sent',
  sending: 'which is being sent',
  'awaiting-approval': 'which waits for your approval',
};

export function whySuperseded(invoice: ScheduleInvoice, skipped: StepProgress, by: StepProgress, byIsDueNow: boolean): string {
  const byText = byIsDueNow ? 'which is due now' : ((by.record && RECORDED_TEXT[by.record.state]) ?? 'which is already recorded');
  return `${invoice.number}: skipped: the ${describeStep(skipped.step)} (due ${formatDay(skipped.dueOn)}) was superseded by the ${describeStep(by.step)}, ${byText}.`;
}
