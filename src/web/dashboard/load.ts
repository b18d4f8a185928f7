import { addDays, type CalendarDate, localDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { HistoryEvent, InvoiceRow, StoredInvoice, StoredReminder, SyncState, UpcomingAction } from '../../core/store.ts';
import type { ServiceDeps } from '../../services/index.ts';
import { owedByCurrency, type OwedByCurrency } from './figures.ts';

export const UPCOMING_DAYS = 14;
export const UPCOMING_LIMIT = 50;
/** How many rows of each "needs you" list the page shows (the count says how many there are). */
export const NEEDS_SHOWN = 5;
export const ACTIVITY_SHOWN = 12;

/** What the activity list shows: what the owner and relance did, not the routine syncs and plans. */
export const ACTIVITY_KINDS: HistoryEvent['kind'][] = [
  'email-sent',
  'task-created',
  'task-done',
  'approved',
  'answer',
  'charge-written',
  'charge-waived',
  'owner-action',
  'sending',
  'failed',
  'uncertain',
  'connection',
];

export type ReminderRow = { reminder: StoredReminder; invoice: StoredInvoice | undefined };
export type ListedRows = { rows: InvoiceRow[]; total: number };

export type DashboardData = {
  today: CalendarDate;
  owed: OwedByCurrency;
  upcoming: UpcomingAction[];
  activity: { event: HistoryEvent; invoice: StoredInvoice | undefined }[];
  disputes: ListedRows & { reasons: Map<string, string> };
  broken: ListedRows;
  uncertain: ReminderRow[];
  failed: ReminderRow[];
  approvals: ReminderRow[];
  /** Open calls and letters due today or before (the tasks page lists them). */
  tasksDue: number;
  sync: SyncState;
};

const newestFirst = (a: StoredReminder, b: StoredReminder) => (b.sentAt ?? b.plannedAt).localeCompare(a.sentAt ?? a.plannedAt);

/**
 * Everything the dashboard shows, read from what the store already keeps (aggregates, next action dates, reminders'
 * states): a handful of indexed reads, never a plan.
 */
/** The reminders the "needs you" card counts and lists: uncertain, failed, awaiting approval, tasks open. */
export const readReminders = (deps: ServiceDeps, org: Organisation): Promise<StoredReminder[]> =>
  deps.store.remindersInState(org.id, ['uncertain', 'failed', 'awaiting-approval', 'task-open']);

export type LoadOptions = {
  /**
   * Where the reminders come from (default: the store, now). A demo-sized organisation has thousands of open tasks
   * and letters waiting, the heaviest read here: the dashboard's route keeps them a little longer than the rest.
   */
  reminders?: () => Promise<StoredReminder[]>;
};

export async function loadDashboard(deps: ServiceDeps, org: Organisation, options: LoadOptions = {}): Promise<DashboardData> {
  const { store } = deps;
  const today = localDate(deps.clock.now(), org.timeZone);
  const list = (filter: 'disputed' | 'broken-promise') =>
    store.listInvoices(org.id, { today, filter, sort: 'overdue', direction: 'desc', limit: NEEDS_SHOWN });
  // one read after the other: the embedded database runs one statement at a time, and a request waiting for its own
  // (the organisation, a list) then waits for one of these, not for all of them
  const receivables = await store.receivables(org.id, today);
  const upcoming = await store.upcomingActions(org.id, today, addDays(today, UPCOMING_DAYS), UPCOMING_LIMIT);
  const events = await store.recentEvents(org.id, ACTIVITY_KINDS, ACTIVITY_SHOWN);
  const disputes = await list('disputed');
  const broken = await list('broken-promise');
  const reminders = await (options.reminders ?? (() => readReminders(deps, org)))();
  const sync = await store.getSyncState(org.id);
  const inState = (state: StoredReminder['state']) => reminders.filter((r) => r.state === state).sort(newestFirst);
  // only the rows the page lists need their invoice (the counts come from the reminders themselves)
  const shown = (['uncertain', 'failed', 'awaiting-approval'] as const).flatMap((s) => inState(s).slice(0, NEEDS_SHOWN));
  const invoiceIds = new Set([...shown.map((r) => r.invoiceId), ...events.flatMap((e) => (e.invoiceId ? [e.invoiceId] : []))]);
  const invoices = await store.invoicesById(org.id, [...invoiceIds]);
  const reasons = await disputeReasons(deps, org.id, disputes.rows);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const rows = (state: StoredReminder['state']) => inState(state).map((reminder) => ({ reminder, invoice: byId.get(reminder.invoiceId) }));
  return {
    today,
    owed: owedByCurrency(receivables, org.ledgerPlace?.baseCurrency),
    upcoming,
    activity: events.map((event) => ({ event, invoice: event.invoiceId ? byId.get(event.invoiceId) : undefined })),
    disputes: { ...disputes, reasons },
    broken,
    uncertain: rows('uncertain'),
    failed: rows('failed'),
    approvals: rows('awaiting-approval'),
    tasksDue: inState('task-open').filter((r) => (r.taskDueOn ?? r.dueOn) <= today).length,
    sync,
  };
}

/** The reason of each shown invoice's open dispute (its latest): a few small reads, only for the rows on the page. */
async function disputeReasons(deps: ServiceDeps, orgId: string, rows: InvoiceRow[]): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  for (const { invoice } of rows) {
    const open = (await deps.store.answersOf(orgId, invoice.id)).filter((a) => a.kind === 'dispute' && !a.resolvedAt);
    const latest = open.at(-1);
    if (latest?.kind === 'dispute') reasons.set(invoice.id, latest.reason);
  }
  return reasons;
}
