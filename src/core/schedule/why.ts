import type { CalendarDate } from '../calendar.ts';
import type { Policy, SendWindow } from '../policy.ts';
import type { ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { PHRASES } from './phrases.ts';
import type { StepProgress } from './progress.ts';
import { describeWindow } from './window.ts';
import { describeOffset, describeStep, formatDay, type ScheduleLocale } from './words.ts';

/**
 * The sentences an owner reads next to each decision. Each names the invoice, the step and its dates, and says what
 * happens next or what to do.
 */

/** "friendly reminder due today (1 day after the due date, 3 Mar 2026)" */
function stepDue(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, l: ScheduleLocale): string {
  return PHRASES[l].stepDue(
    describeStep(p.step, l),
    p.dueOn === today,
    formatDay(p.dueOn, l),
    describeOffset(p.step.offsetDays, l),
    formatDay(invoice.dueDate, l),
  );
}

export function whySend(
  invoice: ScheduleInvoice,
  p: StepProgress,
  today: CalendarDate,
  contact: ScheduleContact,
  l: ScheduleLocale,
): string {
  const due = stepDue(invoice, p, today, l);
  if (p.step.channel === 'call') return PHRASES[l].call(invoice.number, due, contact.name);
  if (p.step.channel === 'letter') return PHRASES[l].letter(invoice.number, due, contact.name);
  return PHRASES[l].send(invoice.number, due);
}

export function whyApprove(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, l: ScheduleLocale): string {
  return PHRASES[l].approve(invoice.number, stepDue(invoice, p, today, l));
}

export function whyNoEmail(
  invoice: ScheduleInvoice,
  p: StepProgress,
  today: CalendarDate,
  contact: ScheduleContact,
  l: ScheduleLocale,
): string {
  return PHRASES[l].noEmail(invoice.number, stepDue(invoice, p, today, l), contact.name);
}

export function whyOutsideWindow(
  invoice: ScheduleInvoice,
  p: StepProgress,
  today: CalendarDate,
  w: SendWindow,
  until: CalendarDate,
  l: ScheduleLocale,
): string {
  const start = `${String(w.startHour).padStart(2, '0')}:00`;
  return PHRASES[l].outsideWindow(
    invoice.number,
    stepDue(invoice, p, today, l),
    describeWindow(w, l),
    until === today,
    start,
    formatDay(until, l),
  );
}

export function whyHoliday(
  invoice: ScheduleInvoice,
  p: StepProgress,
  today: CalendarDate,
  holiday: string,
  until: CalendarDate,
  l: ScheduleLocale,
): string {
  return PHRASES[l].holiday(invoice.number, stepDue(invoice, p, today, l), formatDay(today, l), holiday, formatDay(until, l));
}

export function whyContactedRecently(
  invoice: ScheduleInvoice,
  p: StepProgress,
  today: CalendarDate,
  contact: ScheduleContact,
  last: CalendarDate,
  policy: Policy,
  until: CalendarDate,
  l: ScheduleLocale,
): string {
  return PHRASES[l].contactedRecently(
    invoice.number,
    stepDue(invoice, p, today, l),
    contact.name,
    formatDay(last, l),
    policy.minDaysBetweenContacts,
    formatDay(until, l),
  );
}

export function whyNotYetDue(invoice: ScheduleInvoice, next: StepProgress, l: ScheduleLocale): string {
  return PHRASES[l].notYetDue(
    invoice.number,
    describeStep(next.step, l),
    formatDay(next.dueOn, l),
    describeOffset(next.step.offsetDays, l),
    formatDay(invoice.dueDate, l),
  );
}

export function whyAllDone(invoice: ScheduleInvoice, policy: Policy, l: ScheduleLocale): string {
  return PHRASES[l].allDone(invoice.number, policy.steps.length, policy.name);
}

export function whyInProgress(invoice: ScheduleInvoice, p: StepProgress, l: ScheduleLocale): string {
  return PHRASES[l].inProgress(invoice.number, describeStep(p.step, l), formatDay(p.dueOn, l), p.record?.state ?? 'planned');
}

export function whySuperseded(
  invoice: ScheduleInvoice,
  skipped: StepProgress,
  by: StepProgress,
  byIsDueNow: boolean,
  l: ScheduleLocale,
): string {
  return PHRASES[l].superseded(
    invoice.number,
    describeStep(skipped.step, l),
    formatDay(skipped.dueOn, l),
    describeStep(by.step, l),
    byIsDueNow,
    by.record?.state ?? null,
  );
}

export function whyPastDue(invoice: ScheduleInvoice, skipped: StepProgress, next: StepProgress | null, l: ScheduleLocale): string {
  const then = next ? { label: describeStep(next.step, l), on: formatDay(next.dueOn, l) } : null;
  return PHRASES[l].pastDue(
    invoice.number,
    describeStep(skipped.step, l),
    describeOffset(skipped.step.offsetDays, l),
    formatDay(invoice.dueDate, l),
    then,
  );
}
