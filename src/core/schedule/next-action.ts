import type { CustomerAnswer } from '../answers.ts';
import { maxDate, type CalendarDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { ReminderRecord, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { pauseEndsOn, promiseResumesOn, standingHold } from './holds.ts';
import { agenda, earliestOpenDate, type StepProgress, stepProgress } from './progress.ts';

/** The next action date and the step it is for (null when on that day only earlier steps are recorded as skipped). */
export type NextAction = { on: CalendarDate | null; stepKey: string | null };

function nextOf(
  invoice: ScheduleInvoice,
  contact: ScheduleContact,
  answers: readonly CustomerAnswer[],
  history: readonly ReminderRecord[],
  policy: Policy,
  zone: string,
): { on: CalendarDate | null; progress: StepProgress[] } {
  if (standingHold(invoice, answers, contact)) return { on: null, progress: [] };
  const progress = stepProgress(invoice, policy, history, zone);
  const open = earliestOpenDate(progress);
  if (!open) return { on: null, progress };
  // a promise and a pause with an end each push it to the day chasing resumes; an open-ended pause is a standing hold
  const on = [promiseResumesOn(invoice, answers, policy), pauseEndsOn(invoice, contact)].reduce<CalendarDate>(
    (day, resumes) => (resumes ? maxDate(day, resumes) : day),
    open,
  );
  return { on, progress };
}

/**
 * The earliest local date on which `dueSteps` could send, skip, ask approval or report a block for this invoice, or
 * null when it never will while these inputs stay as they are. The store indexes it so that planning reads only the
 * invoices with work due; it must be recomputed whenever the invoice, its contact, an answer naming it or one of its
 * reminder records changes. It may be earlier than the real first send (the send window and the rest between contacts
 * only delay), never later. `zone` (the organisation's) reads the day a repetition of the last step counts from.
 */
export function nextActionOn(
  invoice: ScheduleInvoice,
  contact: ScheduleContact,
  answers: readonly CustomerAnswer[],
  history: readonly ReminderRecord[],
  policy: Policy,
  zone = 'UTC',
): CalendarDate | null {
  return nextOf(invoice, contact, answers, history, policy, zone).on;
}

/**
 * `nextActionOn` and the step the schedule acts on that day (sends, asks approval for, reports blocked), as `dueSteps`
 * would pick it then: the latest due open step. Null when that day only records earlier steps as skipped (the step
 * after them has a later date of its own) or when there is no date.
 */
export function nextStepOf(
  invoice: ScheduleInvoice,
  contact: ScheduleContact,
  answers: readonly CustomerAnswer[],
  history: readonly ReminderRecord[],
  policy: Policy,
  zone = 'UTC',
): NextAction {
  const { on, progress } = nextOf(invoice, contact, answers, history, policy, zone);
  if (!on) return { on: null, stepKey: null };
  return { on, stepKey: agenda(progress, on, invoice.dueDate).current?.step.key ?? null };
}
