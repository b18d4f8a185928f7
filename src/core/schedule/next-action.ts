import type { CustomerAnswer } from '../answers.ts';
import { maxDate, type CalendarDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { ReminderRecord, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { pauseEndsOn, promiseResumesOn, standingHold } from './holds.ts';
import { earliestOpenDate, stepProgress } from './progress.ts';

/**
 * The earliest local date on which `dueSteps` could send, skip, ask approval or report a block for this invoice, or
 * null when it never will while these inputs stay as they are. The store indexes it so that planning reads only the
 * invoices with work due; it must be recomputed whenever the invoice, its contact, an answer naming it or one of its
 * reminder records changes. It may be earlier than the real first send (the send window and the rest between contacts
 * only delay), never later.
 */
export function nextActionOn(
  invoice: ScheduleInvoice,
  contact: ScheduleContact,
  answers: readonly CustomerAnswer[],
  history: readonly ReminderRecord[],
  policy: Policy,
  /** The organisation's zone: the next repetition of the last step counts from the local day the previous went out. */
  zone = 'UTC',
): CalendarDate | null {
  if (standingHold(invoice, answers, contact)) return null;
  const open = earliestOpenDate(stepProgress(invoice, policy, history, zone));
  if (!open) return null;
  // a promise and a pause with an end each push it to the day chasing resumes; an open-ended pause is a standing hold
  return [promiseResumesOn(invoice, answers, policy), pauseEndsOn(invoice, contact)].reduce<CalendarDate>(
    (on, resumes) => (resumes ? maxDate(on, resumes) : on),
    open,
  );
}
