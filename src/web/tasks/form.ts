import { type CalendarDate, isCalendarDate } from '../../core/calendar.ts';
import { type CallOutcome, NOTE_MAX, RETRY_DAYS, type TaskOutcome } from '../../services/index.ts';
import { taskWords } from './words.ts';

/** The outcome form's fields: one radio and the value that goes with the choice. */
export const OUTCOMES = ['promise', 'dispute', 'no-answer', 'wrong-number', 'done'] as const;

export type OutcomeRead = { ok: true; outcome: CallOutcome } | { ok: false; errors: Record<string, string> };

/** Reads what the owner typed; only the field that goes with the chosen outcome is looked at. */
export function readOutcome(values: Record<string, string>, locale: string): OutcomeRead {
  const w = taskWords(locale);
  const fail = (field: string, error: string): OutcomeRead => ({ ok: false, errors: { [field]: error } });
  const text = (name: string) => (values[name] ?? '').trim();
  switch (values.outcome) {
    case 'promise': {
      const date = text('promisedDate');
      return isCalendarDate(date)
        ? { ok: true, outcome: { kind: 'promise', promisedDate: date as CalendarDate } }
        : fail('promisedDate', w.errDate);
    }
    case 'dispute': {
      const reason = text('reason');
      if (!reason) return fail('reason', w.errReason);
      return reason.length > NOTE_MAX ? fail('reason', w.errTooLong(NOTE_MAX)) : { ok: true, outcome: { kind: 'dispute', reason } };
    }
    case 'no-answer': {
      const days = text('retryInDays');
      const n = /^\d{1,3}$/.test(days) ? Number(days) : Number.NaN;
      return n >= RETRY_DAYS.min && n <= RETRY_DAYS.max
        ? { ok: true, outcome: { kind: 'no-answer', retryInDays: n } }
        : fail('retryInDays', w.errRetry(RETRY_DAYS.min, RETRY_DAYS.max));
    }
    case 'wrong-number':
      return { ok: true, outcome: { kind: 'wrong-number' } };
    case 'done': {
      const note = text('note');
      return note.length > NOTE_MAX ? fail('note', w.errTooLong(NOTE_MAX)) : { ok: true, outcome: { kind: 'done', note: note || null } };
    }
    default:
      return fail('outcome', w.errOutcome);
  }
}

/** The service's refusal of a value, said in the page's language beside the field it names. */
export function refusalErrors(refusal: Extract<TaskOutcome, { ok: false }>, locale: string): Record<string, string> {
  const w = taskWords(locale);
  switch (refusal.field) {
    case 'promisedDate':
      return { promisedDate: w.errPast };
    case 'reason':
      return { reason: refusal.error.startsWith('at most') ? w.errTooLong(NOTE_MAX) : w.errReason };
    case 'retryInDays':
      return { retryInDays: w.errRetry(RETRY_DAYS.min, RETRY_DAYS.max) };
    case 'note':
      return { note: w.errTooLong(NOTE_MAX) };
    case 'outcome':
      return { outcome: w.errLetter };
    default:
      return { outcome: refusal.error };
  }
}
