import { addDays, type CalendarDate, localDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import type { HistoryEvent, InvoiceRow, StoredContact, StoredInvoice, StoredReminder } from '../core/store.ts';
import { recordCustomerAnswer } from './answers.ts';
import type { ServiceDeps } from './deps.ts';
import type { SteerOutcome } from './owner-action.ts';

/**
 * Call and letter steps are the owner's to do: the sender opens a task (`task-open`) instead of pretending something
 * went out. The owner closes it once the call is made or the letter posted; only then is the step `sent`, noted in
 * the ledger and in the history. A call with no answer stays open and comes back on the list a few days later.
 */

export type OpenTask = { reminder: StoredReminder; invoiceNumber: string; customer: string };

/**
 * One thing for the owner to do by hand: a call, a letter, or a step waiting for approval. A customer's invoices
 * reminded together (one batch) are one call: `reminders` and `invoices` hold the whole batch, `reminder` and `invoice`
 * its first. For a call, `owed`: the customer's open invoices (what to mention on the phone) and `events`: their latest
 * history; empty for letters and approvals.
 */
export type CallTask = {
  reminder: StoredReminder;
  invoice: StoredInvoice;
  contact: StoredContact | null;
  events: HistoryEvent[];
  reminders: StoredReminder[];
  invoices: StoredInvoice[];
  owed: InvoiceRow[];
};
export type TaskList = { calls: CallTask[]; letters: CallTask[]; approvals: CallTask[] };

export type CallOutcome =
  | { kind: 'promise'; promisedDate: CalendarDate }
  | { kind: 'dispute'; reason: string }
  | { kind: 'no-answer'; retryInDays: number }
  | { kind: 'wrong-number' }
  | { kind: 'done'; note: string | null };

/** The steering actions' outcome (services/steer.ts): the pages handle both alike. */
export type TaskOutcome = SteerOutcome;

/** A call not answered is tried again after 1 to 30 days: further than a month, it is a new plan, not a retry. */
export const RETRY_DAYS = { min: 1, max: 30, default: 2 } as const;
/** A dispute's reason or a note goes into the ledger's history: a few sentences, not a letter. */
export const NOTE_MAX = 500;
const HISTORY_SHOWN = 6;
/** What the owner wants to know before calling: what was sent, said and done; not the plan's own bookkeeping (skips, syncs). */
const CALL_HISTORY: ReadonlySet<HistoryEvent['kind']> = new Set([
  'email-sent',
  'task-done',
  'answer',
  'owner-action',
  'approved',
  'failed',
  'uncertain',
  'charge-written',
  'charge-waived',
]);
/** Read this many of the customer's latest events to find HISTORY_SHOWN of those kinds. */
const HISTORY_READ = 50;
const OWED_SHOWN = 20;

/** When an open task is on the owner's list: from its own date once a call went unanswered, else from the step's. */
export const taskDueOn = (r: StoredReminder): CalendarDate => r.taskDueOn ?? r.dueOn;

/**
 * What the owner has to do by hand today: calls (open call tasks due by `today`), letters (to print and post, or
 * waiting for approval) and the other steps waiting for approval. Reads the store only, never a plan.
 */
export async function tasksDue(deps: ServiceDeps, org: Organisation, today: CalendarDate): Promise<TaskList> {
  const waiting = await deps.store.remindersInState(org.id, ['task-open', 'awaiting-approval']);
  const shown = waiting.filter((r) => r.state === 'awaiting-approval' || taskDueOn(r) <= today);
  if (shown.length === 0) return { calls: [], letters: [], approvals: [] };
  const invoices = new Map((await deps.store.invoicesById(org.id, [...new Set(shown.map((r) => r.invoiceId))])).map((i) => [i.id, i]));
  const batches = new Map<string, StoredReminder[]>();
  for (const r of shown) {
    if (!invoices.has(r.invoiceId)) continue;
    const key = `${r.state}\u0000${r.batchId}`;
    batches.set(key, [...(batches.get(key) ?? []), r]);
  }
  type Customer = { contact: StoredContact | null; owed: InvoiceRow[]; events: HistoryEvent[] };
  const customers = new Map<string, Promise<Customer>>();
  // what they owe and their history are read for the calls only: a letter or an approval names its customer
  const customer = (contactId: string, calling: boolean): Promise<Customer> => {
    const key = `${calling ? 'call' : 'name'}:${contactId}`;
    let found = customers.get(key);
    if (!found) {
      found = calling
        ? customerOf(deps, org, contactId, today)
        : deps.store.getContact(org.id, contactId).then((contact) => ({ contact, owed: [], events: [] }));
      customers.set(key, found);
    }
    return found;
  };
  const tasks = await Promise.all(
    [...batches.values()].map(async (reminders): Promise<CallTask> => {
      const sorted = [...reminders].sort((a, b) => taskDueOn(a).localeCompare(taskDueOn(b)) || a.id.localeCompare(b.id));
      const first = sorted[0]!;
      return {
        reminder: first,
        invoice: invoices.get(first.invoiceId)!,
        reminders: sorted,
        invoices: sorted.map((r) => invoices.get(r.invoiceId)!),
        ...(await customer(first.contactId, first.state === 'task-open' && first.channel === 'call')),
      };
    }),
  );
  // the longest waiting first
  tasks.sort((a, b) => taskDueOn(a.reminder).localeCompare(taskDueOn(b.reminder)) || a.reminder.id.localeCompare(b.reminder.id));
  return {
    calls: tasks.filter((t) => t.reminder.state === 'task-open' && t.reminder.channel === 'call'),
    letters: tasks.filter((t) => t.reminder.channel === 'letter'),
    approvals: tasks.filter((t) => t.reminder.state === 'awaiting-approval' && t.reminder.channel !== 'letter'),
  };
}

async function customerOf(deps: ServiceDeps, org: Organisation, contactId: string, today: CalendarDate) {
  const [contact, owed, events] = await Promise.all([
    deps.store.getContact(org.id, contactId),
    deps.store.listInvoices(org.id, { today, contactId, openOnly: true, sort: 'overdue', direction: 'desc', limit: OWED_SHOWN }),
    deps.store.contactHistory(org.id, contactId, HISTORY_READ),
  ]);
  return { contact, owed: owed.rows, events: events.filter((e) => CALL_HISTORY.has(e.kind)).slice(0, HISTORY_SHOWN) };
}

/** The open call and letter tasks, for `relance tasks` (whatever their date). */
export async function openTasks(deps: ServiceDeps, orgId: string): Promise<OpenTask[]> {
  const tasks = await deps.store.remindersInState(orgId, ['task-open']);
  if (tasks.length === 0) return [];
  const inputs = await deps.store.scheduleInputs(orgId, [...new Set(tasks.map((r) => r.invoiceId))]);
  const numbers = new Map(inputs.invoices.map((i) => [i.id, i.number]));
  const names = new Map(inputs.contacts.map((c) => [c.id, c.name]));
  return tasks.map((reminder) => ({
    reminder,
    invoiceNumber: numbers.get(reminder.invoiceId) ?? reminder.invoiceId,
    customer: names.get(reminder.contactId) ?? reminder.contactId,
  }));
}

/** Closes the open tasks of one invoice; returns those closed (none when there was none, or another hand closed it). */
export async function completeTasks(
  deps: ServiceDeps,
  org: Organisation,
  invoiceId: string,
  note: string | null,
): Promise<StoredReminder[]> {
  const open = (await deps.store.remindersOfInvoices(org.id, [invoiceId])).filter((r) => r.state === 'task-open');
  return closeTasks(deps, org, open, note);
}

/** Task done: `sent`, a 'task-done' event on each invoice and a note queued for the ledger. */
async function closeTasks(deps: ServiceDeps, org: Organisation, open: StoredReminder[], note: string | null): Promise<StoredReminder[]> {
  if (open.length === 0) return [];
  const at = deps.clock.now().toISOString();
  const done = await deps.store.transitionReminders(
    org.id,
    open.map((r) => r.id),
    ['task-open'],
    'sent',
    {
      at,
      reason: `${open[0]!.channel === 'letter' ? 'letter posted' : 'call made'} by the owner${note ? `: ${note}` : ''}`,
    },
  );
  for (const r of done) {
    await deps.store.recordEvent(org.id, {
      kind: 'task-done',
      invoiceId: r.invoiceId,
      detail: { step: r.stepKey, channel: r.channel, ...(note ? { note } : {}) },
      at,
    });
    await deps.queue.enqueue({ type: 'writeback', orgId: org.id, action: 'note', reminderId: r.id }, { jobId: `note-${r.id}` });
  }
  return done;
}

const refused = (status: 400 | 404 | 409, error: string, field?: string): TaskOutcome => ({
  ok: false,
  status,
  error,
  ...(field ? { field } : {}),
});

/** Checks an outcome before anything is written: a bad value saves nothing. */
function invalid(outcome: CallOutcome, today: CalendarDate): TaskOutcome | null {
  switch (outcome.kind) {
    case 'promise':
      return outcome.promisedDate < today ? refused(400, 'the promised date is in the past', 'promisedDate') : null;
    case 'dispute': {
      const reason = outcome.reason.trim();
      if (!reason) return refused(400, 'say what the customer disputes', 'reason');
      return reason.length > NOTE_MAX ? refused(400, `at most ${NOTE_MAX} characters`, 'reason') : null;
    }
    case 'no-answer': {
      const n = outcome.retryInDays;
      return Number.isInteger(n) && n >= RETRY_DAYS.min && n <= RETRY_DAYS.max
        ? null
        : refused(400, `a whole number of days from ${RETRY_DAYS.min} to ${RETRY_DAYS.max}`, 'retryInDays');
    }
    case 'done':
      return (outcome.note?.length ?? 0) > NOTE_MAX ? refused(400, `at most ${NOTE_MAX} characters`, 'note') : null;
    case 'wrong-number':
      return null;
  }
}

/**
 * What came of a call (or a letter task, which only takes `done`). The whole batch the task belongs to (the customer's
 * invoices reminded together) gets the outcome:
 * - promise, dispute: the task is done (noted in the ledger), then the answer is recorded as the owner's, which holds
 *   chasing for those invoices (a promise until its date, a dispute until resolved) and is noted in the ledger too;
 * - no answer: the task stays open and leaves the list for `retryInDays` days;
 * - wrong number: the step is skipped (the schedule moves on) and the customer's history says the number is wrong, so
 *   the owner fixes it in the ledger;
 * - done: the task is done, with the owner's note.
 */
export async function recordCallOutcome(
  deps: ServiceDeps,
  org: Organisation,
  reminderId: string,
  outcome: CallOutcome,
): Promise<TaskOutcome> {
  const [task] = await deps.store.getReminders(org.id, [reminderId]);
  if (!task) return refused(404, 'no such task');
  if (task.state !== 'task-open')
    return refused(409, 'this task is no longer open: it was done already, or the invoice no longer needs it');
  if (task.channel !== 'call' && outcome.kind !== 'done') return refused(400, 'a letter is only marked posted', 'outcome');
  const now = deps.clock.now();
  const today = localDate(now, org.timeZone);
  const bad = invalid(outcome, today);
  if (bad) return bad;
  const batch = (await deps.store.remindersInState(org.id, ['task-open'])).filter(
    (r) => r.batchId === task.batchId && r.contactId === task.contactId,
  );
  const invoiceIds = [...new Set(batch.map((r) => r.invoiceId))];
  const gone = refused(409, 'this task was closed meanwhile (another tab or person)');

  switch (outcome.kind) {
    case 'promise': {
      // the task closes first: the answer holds the invoices, which would cancel a task still open
      const done = await closeTasks(deps, org, batch, `promised to pay by ${outcome.promisedDate}`);
      if (done.length === 0) return gone;
      await recordCustomerAnswer(deps, org.id, invoiceIds, { kind: 'promise', promisedDate: outcome.promisedDate }, 'owner');
      return { ok: true, message: `Promise to pay by ${outcome.promisedDate} recorded; reminders wait until then.` };
    }
    case 'dispute': {
      const reason = outcome.reason.trim();
      const done = await closeTasks(deps, org, batch, `disputed: ${reason}`);
      if (done.length === 0) return gone;
      await recordCustomerAnswer(deps, org.id, invoiceIds, { kind: 'dispute', reason }, 'owner');
      return { ok: true, message: 'Dispute recorded; reminders stop until you resolve it.' };
    }
    case 'no-answer': {
      const retryOn = addDays(today, outcome.retryInDays);
      const at = now.toISOString();
      for (const r of batch) {
        await deps.store.setTaskDueOn(org.id, r.id, retryOn);
        await deps.store.recordEvent(org.id, {
          kind: 'owner-action',
          invoiceId: r.invoiceId,
          contactId: r.contactId,
          detail: { action: 'call-no-answer', step: r.stepKey, retryOn },
          at,
        });
      }
      return { ok: true, message: `No answer: the call is back on your list on ${retryOn}.` };
    }
    case 'wrong-number': {
      const at = now.toISOString();
      const skipped = await deps.store.transitionReminders(
        org.id,
        batch.map((r) => r.id),
        ['task-open'],
        'skipped',
        { at, reason: 'call not made: the phone number in the ledger is wrong' },
      );
      if (skipped.length === 0) return gone;
      for (const r of skipped)
        await deps.store.recordEvent(org.id, {
          kind: 'skipped',
          invoiceId: r.invoiceId,
          detail: { step: r.stepKey, reason: 'wrong phone number' },
          at,
        });
      const contact = await deps.store.getContact(org.id, task.contactId);
      await deps.store.recordEvent(org.id, {
        kind: 'owner-action',
        invoiceId: null,
        contactId: task.contactId,
        detail: { action: 'wrong-number', phone: contact?.phone ?? null, step: task.stepKey },
        at,
      });
      return { ok: true, message: 'Wrong number noted on the customer: correct it in your ledger.' };
    }
    case 'done': {
      const note = outcome.note?.trim() || null;
      const done = await closeTasks(deps, org, batch, note);
      if (done.length === 0) return gone;
      return { ok: true, message: task.channel === 'letter' ? 'Letter marked posted.' : 'Call marked done.' };
    }
  }
}
