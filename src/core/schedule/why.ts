import { type CalendarDate, daysBetween } from '../calendar.ts';
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

/** "final reminder", or "final reminder (repeat 2 of 3)" for a repetition of the last step. */
function label(p: StepProgress, l: ScheduleLocale): string {
  const step = describeStep(p.step, l);
  return p.repeat ? `${step} (${PHRASES[l].repeat(p.repeat.n, p.repeat.of)})` : step;
}

/**
 * Where a step falls from the real due date: the policy's offset, unless the steps count from a gentler restart
 * (scheduleFrom) or it is a repetition, when it is the days between the due date and the step's day.
 */
const offsetOf = (invoice: ScheduleInvoice, p: StepProgress, l: ScheduleLocale): string =>
  describeOffset(daysBetween(invoice.dueDate, p.dueOn), l);

/** "friendly reminder due today (1 day after the due date, 3 Mar 2026)" */
function stepDue(invoice: ScheduleInvoice, p: StepProgress, today: CalendarDate, l: ScheduleLocale): string {
  return PHRASES[l].stepDue(label(p, l), p.dueOn === today, formatDay(p.dueOn, l), offsetOf(invoice, p, l), formatDay(invoice.dueDate, l));
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
    label(next, l),
    formatDay(next.dueOn, l),
    offsetOf(invoice, next, l),
    formatDay(invoice.dueDate, l),
  );
}

export function whyAllDone(invoice: ScheduleInvoice, policy: Policy, l: ScheduleLocale): string {
  return PHRASES[l].allDone(invoice.number, policy.steps.length, policy.name);
}

export function whyInProgress(invoice: ScheduleInvoice, p: StepProgress, l: ScheduleLocale): string {
  return PHRASES[l].inProgress(invoice.number, label(p, l), formatDay(p.dueOn, l), p.record?.state ?? 'planned');
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
    label(skipped, l),
    formatDay(skipped.dueOn, l),
    label(by, l),
    byIsDueNow,
    by.record?.state ?? null,
  );
}

export function whyPastDue(invoice: ScheduleInvoice, skipped: StepProgress, next: StepProgress | null, l: ScheduleLocale): string {
  const then = next ? { label: label(next, l), on: formatDay(next.dueOn, l) } : null;
  return PHRASES[l].pastDue(
    invoice.number,
    describeStep(skipped.step, l),
    describeOffset(skipped.step.offsetDays, l),
    formatDay(invoice.dueDate, l),
    then,
  );
}
