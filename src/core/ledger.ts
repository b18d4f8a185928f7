import type { CalendarDate } from './calendar.ts';

/**
 * Mirrors of what the ledger holds, as every connector's mapper must produce them. Amounts are integer minor units in
 * the invoice's currency. `externalId` is the vendor's id; `updatedAt` the vendor's modification stamp (ISO instant).
 */
/** A registered connector's id (`ConnectorDefinition.id`): core and the services never branch on its value. */
export type Vendor = string;

export type LedgerContact = {
  externalId: string;
  name: string;
  /** Where reminders go; empty when the ledger has no address (the reminder is then blocked, with that reason). */
  emails: string[];
  /** Marked as a consumer (B2C) in the ledger or by the owner; drives the charges regime. */
  isConsumer?: boolean;
  countryCode?: string | null;
  /** A number to call the customer on (the call steps' tasks show it); null when the ledger has none. */
  phone?: string | null;
  updatedAt: string;
};

/** DRAFT and SUBMITTED invoices are not approved: never chased. */
export type LedgerInvoiceStatus = 'draft' | 'open' | 'paid' | 'voided' | 'deleted';

export type LedgerInvoice = {
  externalId: string;
  number: string;
  contactExternalId: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  currency: string;
  /** Total including tax. */
  totalMinor: number;
  /** What the ledger says is still owed, after payments and credit notes. */
  amountDueMinor: number;
  amountPaidMinor: number;
  amountCreditedMinor: number;
  status: LedgerInvoiceStatus;
  reference?: string | null;
  /** Customer-facing page where the invoice can be paid, when the ledger has one. */
  paymentUrl?: string | null;
  /**
   * The invoice's own addresses, when the ledger keeps some apart from its customer's (an invoice billed to a
   * department): its reminders go there. Empty or absent: to the contact's.
   */
  emails?: string[];
  updatedAt: string;
};

export type LedgerPayment = {
  externalId: string;
  /** The invoices this payment pays and how much of it each (one or several, depending on the ledger). */
  allocations: { invoiceExternalId: string; amountMinor: number }[];
  date: CalendarDate;
  currency: string;
  status: 'active' | 'deleted';
  updatedAt: string;
};

export type LedgerCreditNote = {
  externalId: string;
  contactExternalId: string;
  /** Allocations to invoices. */
  allocations: { invoiceExternalId: string; amountMinor: number; date: CalendarDate }[];
  currency: string;
  status: 'active' | 'voided' | 'deleted';
  updatedAt: string;
};

/** One page of changes read from a ledger, and the cursor to resume after it once it is stored. */
export type ChangePage = {
  entity: 'contacts' | 'invoices' | 'payments' | 'creditNotes';
  contacts: LedgerContact[];
  invoices: LedgerInvoice[];
  payments: LedgerPayment[];
  creditNotes: LedgerCreditNote[];
  /** Records the mapper refused, with the reason (logged and shown; the rest of the page goes on). */
  rejected: { entity: string; externalId: string | null; reason: string }[];
  /** Opaque cursor to pass back to resume after this page. */
  cursor: string;
  progress?: { done: number; total: number | null };
  /**
   * Present on the pages of a FULL read of `entity`: on the page with `complete: true`, every record of that entity
   * not delivered by a page of snapshot `id` is gone from the ledger (the mirror marks it deleted). Absent: an
   * incremental page (only what changed).
   */
  snapshot?: { id: string; complete: boolean };
  /**
   * Records an incremental read reports as deleted, with the ledger's stamp of the deletion (a change feed that says
   * what went, not only what changed). Applied like every change: an older deletion never undoes a newer state.
   */
  deleted?: LedgerDeletion[];
};

/** A record the ledger says it deleted: nothing of it is left to read but its id and when. */
export type LedgerDeletion = { entity: 'invoices' | 'payments' | 'creditNotes'; externalId: string; updatedAt: string };
