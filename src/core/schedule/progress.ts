import { addDays, type CalendarDate } from '../calendar.ts';
import type { Policy, Step } from '../policy.ts';
import type { ReminderRecord, ReminderState, ScheduleInvoice } from '../reminder.ts';

/**
 * Where one invoice stands in its policy. A step is `done` once any record of it reached a state other than
 * cancelled or failed (those may be planned again), `in-progress` while planned, awaiting approval, claimed or sending. A state
 * this list does not know counts as done: better a step missed than sent twice.
 */
export type StepState = 'open' | 'in-progress' | 'done';

export type StepProgress = {
  step: Step;
  index: number;
  /** dueDate + offsetDays on the calendar: a daylight-saving change cannot move it. */
  dueOn: CalendarDate;
  state: StepState;
  /** The record that settled the state (the latest one), when there is one. */
  record: ReminderRecord | null;
};

const IN_PROGRESS: readonly ReminderState[] = ['planned', 'awaiting-approval', 'claimed', 'sending'];
const REOPENING: readonly ReminderState[] = ['cancelled', 'failed'];

function stateOf(records: readonly ReminderRecord[]): { state: StepState; record: ReminderRecord | null } {
  const done = records.filter((r) => !IN_PROGRESS.includes(r.state) && !REOPENING.includes(r.state));
  if (done.length > 0) return { state: 'done', record: done[done.length - 1] ?? null };
  const busy = records.filter((r) => IN_PROGRESS.includes(r.state));
  if (busy.length > 0) return { state: 'in-progress', record: busy[busy.length - 1] ?? null };
  return { state: 'open', record: null };
}

/** `records` may hold other invoices' records; only this invoice's count. */
export function stepProgress(invoice: ScheduleInvoice, policy: Policy, records: readonly ReminderRecord[]): StepProgress[] {
  const mine = records.filter((r) => r.invoiceId === invoice.id);
  return policy.steps.map((step, index) => ({
    step,
    index,
    dueOn: addDays(invoice.dueDate, step.offsetDays),
    ...stateOf(mine.filter((r) => r.stepKey === step.key)),
  }));
}

/**
 * What the schedule can still do for an invoice. Open steps before the most advanced recorded one will never go out:
 * they are skipped once due. After it, the latest due open step is the one to send and the earlier ones are skipped
 * (promise 3: no burst after an outage, nothing silently dropped).
 */
export type Agenda = {
  /** The most advanced step with a record (done or in progress). */
  lastRecorded: StepProgress | null;
  inProgress: StepProgress | null;
  /** Open steps that will never go out, each with the step that supersedes it; only those already due. */
  superseded: { skipped: StepProgress; by: StepProgress; byIsDueNow: boolean }[];
  /**
   * Steps meant for before the due date ("due on …, ignore this if payment is scheduled") that would act now though
   * the due date has passed: they would read wrong, so they are skipped and the invoice waits for `next`.
   */
  pastDue: StepProgress[];
  /** The step to act on now. */
  current: StepProgress | null;
  /** The first open step after the last recorded one that is not due yet. */
  next: StepProgress | null;
  /** Open steps that will be skipped on their date but are not due yet (only after a policy change). */
  laterSkips: StepProgress[];
};

/** `invoiceDue` is the invoice's due date: on it a step set before it may still go out, after it never. */
export function agenda(progress: readonly StepProgress[], today: CalendarDate, invoiceDue: CalendarDate): Agenda {
  const recorded = progress.filter((p) => p.state !== 'open');
  const lastRecorded = recorded[recorded.length - 1] ?? null;
  const inProgress = progress.find((p) => p.state === 'in-progress') ?? null;
  const cut = lastRecorded?.index ?? -1;
  const behind = progress.filter((p) => p.state === 'open' && p.index < cut);
  const ahead = inProgress ? [] : progress.filter((p) => p.state === 'open' && p.index > cut);
  const dueAhead = ahead.filter((p) => p.dueOn <= today);
  const latest = dueAhead[dueAhead.length - 1] ?? null;
  // steps are in order of days, so when the latest due one is set before the due date, every due one is
  const tooLate = latest !== null && latest.step.offsetDays < 0 && today > invoiceDue;
  const current = tooLate ? null : latest;
  const superseded: Agenda['superseded'] = [];
  for (const p of behind) if (p.dueOn <= today && lastRecorded) superseded.push({ skipped: p, by: lastRecorded, byIsDueNow: false });
  for (const p of dueAhead) if (current && p !== current) superseded.push({ skipped: p, by: current, byIsDueNow: true });
  return {
    lastRecorded,
    inProgress,
    superseded,
    pastDue: tooLate ? dueAhead : [],
    current,
    next: ahead.find((p) => p.dueOn > today) ?? null,
    laterSkips: behind.filter((p) => p.dueOn > today),
  };
}

/** The earliest date on which `agenda` would yield a skip or a step to act on, ignoring holds; null when never. */
export function earliestOpenDate(progress: readonly StepProgress[]): CalendarDate | null {
  const recorded = progress.filter((p) => p.state !== 'open');
  const cut = recorded[recorded.length - 1]?.index ?? -1;
  const busy = progress.some((p) => p.state === 'in-progress');
  const dates = progress.filter((p) => p.state === 'open' && (p.index < cut || !busy)).map((p) => p.dueOn);
  return dates.length === 0 ? null : dates.reduce((a, b) => (a <= b ? a : b));
}
