import { addDays, type CalendarDate, localDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type {
  CurrencyReceivables,
  HistoryEvent,
  InvoiceRow,
  StoredInvoice,
  StoredReminder,
  SyncState,
  UpcomingAction,
} from '../../core/store.ts';
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
/** A state's latest reminders and how many it holds in all. */
export type CountedRows = { rows: ReminderRow[]; total: number };

export type DashboardData = {
  today: CalendarDate;
  owed: OwedByCurrency;
  upcoming: UpcomingAction[];
  activity: { event: HistoryEvent; invoice: StoredInvoice | undefined }[];
  disputes: ListedRows & { reasons: Map<string, string> };
  broken: ListedRows;
  /** How many there are, and the latest NEEDS_SHOWN (at most). */
  uncertain: CountedRows;
  failed: CountedRows;
  approvals: CountedRows;
  /** Open calls and letters due today or before (the tasks page lists them). */
  tasksDue: number;
  sync: SyncState;
};

const LISTED = ['uncertain', 'failed', 'awaiting-approval'] as const;
type Listed = (typeof LISTED)[number];

/**
 * The reminders behind "needs you": how many are in each listed state and the latest few of each, and how many open
 * calls and letters are due by today. Counts, not rows: a demo-sized organisation has thousands of open tasks.
 */
export type NeedsReminders = { counts: Partial<Record<Listed, number>>; latest: Record<Listed, StoredReminder[]>; tasksDue: number };

/** The reminders behind "needs you", from the store: two grouped counts and at most NEEDS_SHOWN rows a listed state. */
export async function readReminders(deps: ServiceDeps, org: Organisation): Promise<NeedsReminders> {
  const { store } = deps;
  const today = localDate(deps.clock.now(), org.timeZone);
  const counts = await store.reminderCounts(org.id, [...LISTED]);
  const due = await store.reminderCounts(org.id, ['task-open'], { dueBy: today });
  const latest = {} as Record<Listed, StoredReminder[]>;
  for (const state of LISTED) latest[state] = counts[state] ? await store.latestInState(org.id, state, NEEDS_SHOWN) : [];
  return { counts, latest, tasksDue: due['task-open'] ?? 0 };
}

/** Fewer rows than NEEDS_SHOWN are all there is, whatever the count read a moment before said. */
function counted(rows: ReminderRow[], count: number): CountedRows {
  return { rows, total: rows.length < NEEDS_SHOWN ? rows.length : Math.max(count, rows.length) };
}

export type LoadOptions = {
  /**
   * Where the reminders come from (default: the store, now). The dashboard's route keeps them a little longer than the
   * rest of the page.
   */
  reminders?: () => Promise<NeedsReminders>;
  /**
   * Where what is owed comes from (default: the store, now): an aggregate over every open invoice (~35 ms at 10,000 on
   * PGlite, the page's heaviest read), changed only by a sync or a payment: the route keeps it as long as the reminders.
   */
  receivables?: () => Promise<CurrencyReceivables[]>;
};

/** Everything the dashboard shows, read from what the store already keeps: a handful of indexed reads, never a plan. */
export async function loadDashboard(deps: ServiceDeps, org: Organisation, options: LoadOptions = {}): Promise<DashboardData> {
  const { store } = deps;
  const today = localDate(deps.clock.now(), org.timeZone);
  const list = (filter: 'disputed' | 'broken-promise') =>
    store.listInvoices(org.id, { today, filter, sort: 'overdue', direction: 'desc', limit: NEEDS_SHOWN });
  // one read after the other: the embedded database runs one statement at a time, and a request waiting for its own
  // (the organisation, a list) then waits for one of these, not for all of them
  const receivables = await (options.receivables ?? (() => store.receivables(org.id, today)))();
  const upcoming = await store.upcomingActions(org.id, today, addDays(today, UPCOMING_DAYS), UPCOMING_LIMIT);
  const events = await store.recentEvents(org.id, ACTIVITY_KINDS, ACTIVITY_SHOWN);
  const disputes = await list('disputed');
  const broken = await list('broken-promise');
  const reminders = await (options.reminders ?? (() => readReminders(deps, org)))();
  const sync = await store.getSyncState(org.id);
  // only the rows the page lists need their invoice (the counts come from the store's count)
  const shown = LISTED.flatMap((s) => reminders.latest[s]);
  const invoiceIds = new Set([...shown.map((r) => r.invoiceId), ...events.flatMap((e) => (e.invoiceId ? [e.invoiceId] : []))]);
  const invoices = await store.invoicesById(org.id, [...invoiceIds]);
  const reasons = await disputeReasons(deps, org.id, disputes.rows);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const rows = (state: Listed) =>
    counted(
      reminders.latest[state].map((reminder) => ({ reminder, invoice: byId.get(reminder.invoiceId) })),
      reminders.counts[state] ?? 0,
    );
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
    tasksDue: reminders.tasksDue,
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
