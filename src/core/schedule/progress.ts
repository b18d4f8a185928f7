import { addDays, type CalendarDate, localDate, maxDate } from '../calendar.ts';
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
  /**
   * (scheduleFrom ?? dueDate) + offsetDays on the calendar: a daylight-saving change cannot move it. A repetition of
   * the last step: the previous one's send day (or due day when it did not go out) + repeatLast.everyDays.
   */
  dueOn: CalendarDate;
  state: StepState;
  /** The record that settled the state (the latest one), when there is one. */
  record: ReminderRecord | null;
  /** For a repetition of the last step (policy.repeatLast): its number n (key `<last>~<n>`) and how many there may be. */
  repeat?: { n: number; of: number };
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

/** The key of the n-th repetition of the last step: its own reminder, so the store keeps it to at most once. */
export const repeatKey = (lastKey: string, n: number): string => `${lastKey}~${n}`;

/** States in which a reminder reached the customer (or the owner's task list): a repetition counts from that day. */
const WENT_OUT: readonly ReminderState[] = ['sent', 'uncertain', 'task-open'];

/**
 * The repetitions of the last step (policy.repeatLast), each made only once the one before it is done: the last step
 * must have gone out (a skipped last step is not repeated); each comes `everyDays` after the local day the previous one
 * went out, or after its due day when it was recorded otherwise (skipped by the owner) or its stamp cannot be read.
 */
function repetitions(progress: readonly StepProgress[], policy: Policy, mine: readonly ReminderRecord[], zone: string): StepProgress[] {
  const repeat = policy.repeatLast ?? null;
  const last = progress[progress.length - 1];
  if (!repeat || !last || last.state !== 'done' || !last.record || !WENT_OUT.includes(last.record.state)) return [];
  const out: StepProgress[] = [];
  let prev: StepProgress = last;
  for (let n = 1; n <= repeat.max && prev.state === 'done'; n++) {
    const at = prev.record && WENT_OUT.includes(prev.record.state) ? Date.parse(prev.record.at) : Number.NaN;
    const from = Number.isNaN(at) ? prev.dueOn : maxDate(prev.dueOn, localDate(new Date(at), zone));
    const key = repeatKey(last.step.key, n);
    prev = {
      step: { ...last.step, key },
      index: last.index + n,
      dueOn: addDays(from, repeat.everyDays),
      repeat: { n, of: repeat.max },
      ...stateOf(mine.filter((r) => r.stepKey === key)),
    };
    out.push(prev);
  }
  return out;
}

/**
 * `records` may hold other invoices' records; only this invoice's count. `zone` (the organisation's) reads the day a
 * reminder went out, from which the next repetition of the last step counts.
 */
export function stepProgress(invoice: ScheduleInvoice, policy: Policy, records: readonly ReminderRecord[], zone = 'UTC'): StepProgress[] {
  const mine = records.filter((r) => r.invoiceId === invoice.id);
  // a gentler restart counts the steps from another day; the real due date still decides what is too late (agenda)
  const from = invoice.scheduleFrom ?? invoice.dueDate;
  const steps: StepProgress[] = policy.steps.map((step, index) => ({
    step,
    index,
    dueOn: addDays(from, step.offsetDays),
    ...stateOf(mine.filter((r) => r.stepKey === step.key)),
  }));
  return [...steps, ...repetitions(steps, policy, mine, zone)];
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
