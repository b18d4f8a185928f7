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
    | 'rejected-record';
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
        'name' | 'timeZone' | 'locale' | 'countryCode' | 'ledgerPlace' | 'ledgerPlaceReadAt' | 'sender' | 'branding' | 'policy' | 'smtp'
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
  recordSyncError(orgId: string, message: string | null): Promise<void>;
  invoicesById(orgId: string, ids: string[]): Promise<StoredInvoice[]>;
  invoicesByExternalId(orgId: string, externalIds: string[]): Promise<StoredInvoice[]>;
  setInvoicePaused(orgId: string, invoiceId: string, paused: boolean): Promise<void>;
  setContactPaused(orgId: string, contactId: string, paused: boolean): Promise<void>;
  setPaymentUrl(orgId: string, invoiceId: string, url: string): Promise<void>;

  // planning
  /** Invoices whose next action date is on or before `today`: the work due, found through an index. */
  dueInvoiceIds(orgId: string, today: CalendarDate, limit: number): Promise<string[]>;
  /** Everything the schedule needs for these invoices, plus their customers' recent contacts. */
  scheduleInputs(orgId: string, invoiceIds: string[]): Promise<ScheduleInputs>;
  setNextActionOn(orgId: string, updates: { invoiceId: string; on: CalendarDate | null }[]): Promise<void>;
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
