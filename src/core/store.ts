import type { CustomerAnswer } from './answers.ts';
import type { CalendarDate } from './calendar.ts';
import type { ChangePage, LedgerInvoice, Vendor } from './ledger.ts';
import type { Organisation } from './organisation.ts';
import type { PolicySet, Step } from './policy.ts';
import type { WrittenCharge } from './ports.ts';
import type { ReminderRecord, ReminderState, ScheduleContact, ScheduleInvoice } from './reminder.ts';

/** The store port: the system of record. Redis only ever holds work that can be rebuilt from here. */

export type StoredInvoice = ScheduleInvoice & {
  orgId: string;
  externalId: string;
  contactExternalId: string;
  paymentUrl: string | null;
  amountPaidMinor: number;
  reference: string | null;
  nextActionOn: CalendarDate | null;
  /** The step the next action date is for (null: none, or a skip/hold). */
  nextActionStep?: string | null;
};

export type StoredReminder = {
  id: string;
  orgId: string;
  invoiceId: string;
  contactId: string;
  stepKey: string;
  channel: Step['channel'];
  step: Step;
  dueOn: CalendarDate;
  state: ReminderState;
  reason: string | null;
  batchId: string;
  messageId: string | null;
  attempts: number;
  plannedAt: string;
  claimedAt: string | null;
  /** The worker holding the claim (`host:pid`), while claimed or sending. */
  claimedBy?: string | null;
  sentAt: string | null;
  noteWrittenAt: string | null;
  /** An open task (call, letter) is listed for the owner from this local date; null or absent: from dueOn. */
  taskDueOn?: CalendarDate | null;
};

export type NewReminder = {
  invoiceId: string;
  contactId: string;
  step: Step;
  dueOn: CalendarDate;
  state: 'planned' | 'skipped' | 'awaiting-approval' | 'failed';
  reason: string | null;
  batchId: string;
};

export type HistoryEvent = {
  /** Set on events about a customer rather than one invoice (a pause of the customer, a wrong number). */
  contactId?: string | null;
  kind:
    | 'email-sent'
    | 'task-created'
    | 'task-done'
    | 'approved'
    | 'note-written'
    | 'charge-written'
    | 'charge-waived'
    | 'answer'
    | 'cancelled'
    | 'skipped'
    | 'failed'
    | 'uncertain'
    | 'sync'
    | 'connection'
    | 'rejected-record'
    /** The owner steered: paused, resumed, skipped a step, sent the next step now, wrote off, restarted at a step. */
    | 'owner-action'
    /** The owner turned sending on, or back to preview. */
    | 'sending';
  invoiceId: string | null;
  detail: Record<string, unknown>;
  at: string;
};

export type ScheduleInputs = {
  invoices: StoredInvoice[];
  contacts: ScheduleContact[];
  answers: CustomerAnswer[];
  history: ReminderRecord[];
};

export type StoredCharge = {
  invoiceId: string;
  state: 'claiming' | 'written' | 'waived' | 'failed';
  currency: string;
  interestMinor: number;
  compensationMinor: number;
  totalMinor: number;
  breakdown: unknown;
  /** What was written to the ledger (null until written), enough for waiveCharges to take it back exactly. */
  written: WrittenCharge | null;
  /** The ledger's id of the credit note that waived the charges. */
  waivedBy: string | null;
};

export type SyncState = {
  cursor: string | null;
  progressDone: number;
  progressTotal: number | null;
  lastSyncAt: string | null;
  lastError: string | null;
  /** The sync running now, page by page (the first sync's live progress); null or absent: none running. */
  running?: SyncProgress | null;
};

/** Where a running sync is: the entity it reads, how many pages and records so far. */
export type SyncProgress = { entity: string; pages: number; records: number; startedAt: string };

/** An email exactly as it left (the invoice page links to it); kept as long as the invoice's history. */
export type SentMessage = {
  messageId: string;
  orgId: string;
  invoiceIds: string[];
  to: string[];
  subject: string;
  html: string;
  text: string;
  sentAt: string;
};

/** What the worker's maintenance removes: rows older than these instants (see services/retention.ts for the ages). */
export type RetentionCutoffs = {
  /** Webhook dedupe receipts: vendors stop redelivering after a day or two. */
  receipts: string;
  /** Consents started and never finished. */
  oauthStates: string;
  /** Organisation-level events (syncs, connection changes, rejected records): operational, stale once old. */
  orgEvents: string;
  /**
   * Invoices closed in the ledger (paid, voided, deleted) and not synced since: their reminders, history and the
   * customer answers about them go; an invoice deleted from the ledger goes too; deleted payments and voided or deleted
   * credit notes last changed before it go.
   */
  closedInvoices: string;
};

/** How many rows each kind of retention removed. */
export type Purged = {
  receipts: number;
  oauthStates: number;
  orgEvents: number;
  reminders: number;
  invoiceEvents: number;
  answers: number;
  deletedInvoices: number;
  tombstones: number;
};

/** A customer as the owner's pages show it. */
export type StoredContact = ScheduleContact & {
  orgId: string;
  externalId: string;
  phone: string | null;
  countryCode: string | null;
};

/**
 * Age of an open invoice on a day: by whole days past its due date (today - due date). Due today or later: 'not-due';
 * 1 to 30 days: '1-30'; 31-60; 61-90; 91 and more: '90+'.
 */
export const AGE_BUCKETS = ['not-due', '1-30', '31-60', '61-90', '90+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/**
 * What is owed to an organisation in one currency on `today` (its local date), from open invoices with a balance
 * (relance's own charges invoices excluded): never summed across currencies.
 */
export type CurrencyReceivables = {
  currency: string;
  invoices: number;
  openMinor: number;
  overdueMinor: number;
  buckets: Record<AgeBucket, number>;
  /**
   * Balances of invoices under a promise still running: the invoice's latest promise, with no "paid" or dispute answered
   * after it, whose promised date + the default policy's promiseGraceDays is today or later (after that: a broken promise).
   */
  promisedMinor: number;
  /** Balances of invoices with an unresolved dispute. */
  disputedMinor: number;
  /** Totals of invoices issued in the 90 days up to today (DSO's denominator), draft/voided/deleted excluded. */
  billedLast90Minor: number;
};

/**
 * Why a customer or invoice is listed: the cockpit's filters, on open invoices (a customer matches when one of their open
 * invoices does). 'paused': paused on `today` (a pause until a date ends on that date), the invoice or its customer;
 * a customer also matches when they are paused themselves.
 */
export type ListFilter = 'overdue' | 'promised' | 'disputed' | 'paused' | 'broken-promise';

/**
 * Customers listed: those with at least one invoice (relance's charges invoices aside). Sorts: 'name' (default, asc),
 * 'owed' (largest open balance in one currency), 'overdue' (largest overdue part in one currency), 'next-action'
 * (soonest first, none last); amounts default to desc, the others to asc.
 */
export type CustomerQuery = {
  today: CalendarDate;
  /** Matched case-insensitively against the name and the email addresses. */
  search?: string | null;
  filter?: ListFilter | null;
  sort?: 'name' | 'owed' | 'overdue' | 'next-action';
  direction?: 'asc' | 'desc';
  limit: number;
  offset?: number;
};

export type CustomerRow = {
  contact: StoredContact;
  /** Open balance and overdue part, per currency (most owed first). */
  owed: { currency: string; openMinor: number; overdueMinor: number }[];
  openInvoices: number;
  /**
   * The earliest next action date of their open invoices, and that invoice's next step. May be before today: work the
   * next plan does (an invoice not planned yet carries a date a year back until it is).
   */
  nextActionOn: CalendarDate | null;
  nextActionStep: string | null;
  promised: boolean;
  disputed: boolean;
};

/**
 * Invoices listed (charges invoices aside); default sort 'overdue' desc (the oldest due date first); 'name' sorts by
 * customer then number; 'owed' by balance. The search matches number, reference, customer name and addresses.
 */
export type InvoiceQuery = CustomerQuery & {
  contactId?: string | null;
  /** Only open invoices (default true); false lists paid and closed ones too. */
  openOnly?: boolean;
};

export type InvoiceRow = {
  invoice: StoredInvoice;
  contactName: string;
  promised: boolean;
  disputed: boolean;
};

/** One invoice's next action, for "what relance will do in the next 14 days". */
export type UpcomingAction = {
  invoice: StoredInvoice;
  contactName: string;
  on: CalendarDate;
  stepKey: string | null;
};

export type NewOrganisation = Omit<Organisation, 'id' | 'createdAt' | 'connectionStatus' | 'tokenKey'> & {
  id?: string;
  tokenKey?: string | null;
};

export interface Store {
  // organisations
  createOrganisation(input: NewOrganisation): Promise<Organisation>;
  getOrganisation(id: string): Promise<Organisation | null>;
  findOrganisation(vendor: Vendor, externalId: string): Promise<Organisation | null>;
  listOrganisations(): Promise<Organisation[]>;
  updateOrganisation(
    id: string,
    patch: Partial<
      Pick<
        Organisation,
        | 'name'
        | 'timeZone'
        | 'locale'
        | 'countryCode'
        | 'ledgerPlace'
        | 'ledgerPlaceReadAt'
        | 'sender'
        | 'branding'
        | 'policy'
        | 'smtp'
        | 'notifications'
      >
    >,
  ): Promise<Organisation>;
  setConnectionStatus(id: string, status: Organisation['connectionStatus'], reason: string | null): Promise<void>;

  // ledger mirror
  /** Stores one page and its cursor in one transaction; returns the ids of the invoices it touched. */
  applyChanges(orgId: string, page: ChangePage, syncedAt: string): Promise<{ invoiceIds: string[] }>;
  /** Fresh states read just before a send, without moving the sync cursor. */
  applyInvoices(orgId: string, invoices: LedgerInvoice[], syncedAt: string): Promise<{ invoiceIds: string[] }>;
  getSyncState(orgId: string): Promise<SyncState>;
  /** What the running sync has done so far (null when it ends); read by the first-sync progress page. */
  recordSyncProgress(orgId: string, progress: SyncProgress | null): Promise<void>;
  recordSyncError(orgId: string, message: string | null): Promise<void>;
  invoicesById(orgId: string, ids: string[]): Promise<StoredInvoice[]>;
  invoicesByExternalId(orgId: string, externalIds: string[]): Promise<StoredInvoice[]>;
  /** `until`: the local date chasing resumes by itself (null or absent: until the owner resumes). */
  setInvoicePaused(orgId: string, invoiceId: string, paused: boolean, until?: CalendarDate | null): Promise<void>;
  setContactPaused(orgId: string, contactId: string, paused: boolean, until?: CalendarDate | null): Promise<void>;
  /** Restarts these invoices' steps from `from` (catch-up at a gentler step); null: back to the due date. */
  setScheduleFrom(orgId: string, invoiceIds: string[], from: CalendarDate | null): Promise<void>;
  /** Turns sending on (an instant) or back to preview (null). */
  setSendingOnSince(orgId: string, at: string | null): Promise<void>;
  setPaymentUrl(orgId: string, invoiceId: string, url: string): Promise<void>;

  // planning
  /** Invoices whose next action date is on or before `today`: the work due, found through an index. */
  dueInvoiceIds(orgId: string, today: CalendarDate, limit: number): Promise<string[]>;
  /** Everything the schedule needs for these invoices, plus their customers' recent contacts. */
  scheduleInputs(orgId: string, invoiceIds: string[]): Promise<ScheduleInputs>;
  setNextActionOn(orgId: string, updates: { invoiceId: string; on: CalendarDate | null; stepKey?: string | null }[]): Promise<void>;
  /** All open invoice ids of an organisation (after a policy change every next action date is recomputed). */
  openInvoiceIds(orgId: string): Promise<string[]>;

  // reminders
  /** Inserts what is new; a (invoice, step) already there is left alone unless it had failed or been cancelled. */
  recordReminders(orgId: string, rows: NewReminder[], at: string): Promise<StoredReminder[]>;
  /** Atomically moves planned → claimed; returns only the reminders this caller won. */
  claimReminders(orgId: string, ids: string[], worker: string, at: string): Promise<StoredReminder[]>;
  /** Moves reminders from one of `from` states to `to`; returns those that moved. */
  transitionReminders(
    orgId: string,
    ids: string[],
    from: ReminderState[],
    to: ReminderState,
    detail: { reason?: string | null; at: string; messageId?: string | null },
  ): Promise<StoredReminder[]>;
  markNoteWritten(orgId: string, reminderId: string, at: string): Promise<void>;
  getReminders(orgId: string, ids: string[]): Promise<StoredReminder[]>;
  remindersOfInvoices(orgId: string, invoiceIds: string[]): Promise<StoredReminder[]>;
  remindersInState(orgId: string, states: ReminderState[], olderThan?: string): Promise<StoredReminder[]>;
  /**
   * How many reminders are in each state (a state with none is absent): one grouped, indexed count, not the rows.
   * With `dueBy`, only those listed for the owner by that day (task due day, else due day).
   */
  reminderCounts(
    orgId: string,
    states: ReminderState[],
    options?: { dueBy?: CalendarDate },
  ): Promise<Partial<Record<ReminderState, number>>>;
  /** The latest `limit` reminders in one state, newest first (sent, else planned): what a page lists beside the count. */
  latestInState(orgId: string, state: ReminderState, limit: number): Promise<StoredReminder[]>;
  /** The planned reminders grouped by batch (one send job each), without loading them. */
  plannedBatches(orgId: string): Promise<{ batchId: string; reminderIds: string[] }[]>;

  /** Payments and credit-note allocations received on these invoices, for charges (interest stops as they arrive). */
  receiptsOf(
    orgId: string,
    invoiceExternalIds: string[],
  ): Promise<{ invoiceExternalId: string; date: CalendarDate; amountMinor: number }[]>;

  // late-payment charges, written to the ledger once per invoice
  chargeOf(orgId: string, invoiceId: string): Promise<StoredCharge | null>;
  /** Opens the claim for an invoice; false when one exists already (written, waived or in progress). */
  openChargeClaim(orgId: string, charge: Omit<StoredCharge, 'state' | 'written' | 'waivedBy'>, at: string): Promise<boolean>;
  finishChargeClaim(
    orgId: string,
    invoiceId: string,
    patch: { state: StoredCharge['state']; written?: WrittenCharge; waivedBy?: string },
    at: string,
  ): Promise<void>;
  /** The open late-payment charges invoices relance wrote for these invoices (`chargesFor` one of them). */
  chargesInvoicesOf(orgId: string, invoiceIds: string[]): Promise<StoredInvoice[]>;

  // the owner's cockpit: reads of what the store already knows, never a plan
  receivables(orgId: string, today: CalendarDate): Promise<CurrencyReceivables[]>;
  listCustomers(orgId: string, query: CustomerQuery): Promise<{ rows: CustomerRow[]; total: number }>;
  listInvoices(orgId: string, query: InvoiceQuery): Promise<{ rows: InvoiceRow[]; total: number }>;
  getContact(orgId: string, contactId: string): Promise<StoredContact | null>;
  /** Open invoices whose next action date is within [from, to], soonest first. */
  upcomingActions(orgId: string, from: CalendarDate, to: CalendarDate, limit: number): Promise<UpcomingAction[]>;
  /** A customer's history: the events of their invoices and those recorded on them, newest first. */
  contactHistory(orgId: string, contactId: string, limit: number): Promise<HistoryEvent[]>;
  recordSentMessage(message: SentMessage): Promise<void>;
  sentMessage(orgId: string, messageId: string): Promise<SentMessage | null>;
  /** The answers naming this invoice, oldest first. */
  answersOf(orgId: string, invoiceId: string): Promise<CustomerAnswer[]>;
  /**
   * Keeps an open task (call or letter) off today's list until `on` (a call with no answer, tried again later);
   * null: shown from its due date.
   */
  setTaskDueOn(orgId: string, reminderId: string, on: CalendarDate | null): Promise<void>;

  // customer answers
  recordAnswer(orgId: string, answer: CustomerAnswer): Promise<void>;
  getAnswer(orgId: string, id: string): Promise<CustomerAnswer | null>;
  resolveDispute(orgId: string, answerId: string, at: string): Promise<void>;
  markAnswerNoted(orgId: string, answerId: string, at: string): Promise<void>;

  // history (promise 6)
  recordEvent(orgId: string, event: HistoryEvent): Promise<void>;
  history(orgId: string, invoiceId: string): Promise<HistoryEvent[]>;
  /** The organisation's latest events of these kinds, newest first (the outbox page). */
  recentEvents(orgId: string, kinds: HistoryEvent['kind'][], limit: number): Promise<HistoryEvent[]>;

  // webhooks and OAuth
  /** True the first time a key is seen: duplicates of a webhook event are dropped. */
  firstReceipt(dedupeKey: string, at: string): Promise<boolean>;
  /** The keys among these already recorded: their events were turned into work before. */
  seenReceipts(dedupeKeys: string[]): Promise<Set<string>>;
  /** Records the keys once their work is queued (never before: a failed enqueue must let the redelivery through). */
  recordReceipts(dedupeKeys: string[], at: string): Promise<void>;
  /** Forgets receipts older than `before` (vendors stop redelivering after a day or two); returns how many. */
  purgeReceipts(before: string): Promise<number>;
  /** Removes what every growing table keeps past its retention (the worker's hourly maintenance). */
  purgeExpired(cutoffs: RetentionCutoffs): Promise<Purged>;
  saveOAuthState(state: string, vendor: string, verifier: string, at: string): Promise<void>;
  /** Deletes the states of consents started before `before` and never finished; how many went. */
  expireOAuthStates(before: string): Promise<number>;
  takeOAuthState(state: string, notBefore: string): Promise<{ vendor: string; verifier: string } | null>;
}

export type { PolicySet };
