import type { CustomerAnswer } from './answers.ts';
import type { CalendarDate } from './calendar.ts';
import type { ChangePage, LedgerInvoice, Vendor } from './ledger.ts';
import type { Money } from './money.ts';
import type { LedgerPlace } from './place.ts';

/**
 * The ports the services call. Concrete adapters (ledger connectors, PGlite/PostgreSQL, Bull, SMTP…) are built and wired only in
 * src/main.
 */

export interface Clock {
  now(): Date;
}

/** Which tenant a connector call is for. The connector finds (and refreshes) its tokens itself. */
export type ConnectionRef = {
  orgId: string;
  externalId: string /** Whose stored tokens to use (see Organisation.tokenKey). */;
  tokenKey?: string;
};

export type ChargeClaim = {
  invoiceExternalId: string;
  invoiceNumber: string;
  contactExternalId: string;
  /** Lines to write, each amount without tax (charges carry no VAT). */
  lines: { description: string; amount: Money }[];
  /** separate-invoice: a new sales invoice referencing the original; line-on-original: lines added to it. */
  writeAs: 'separate-invoice' | 'line-on-original';
  /** What the charge lines are booked to: an account code or an item id, per `LedgerWrites.chargesBookedTo`. */
  bookTo: string | null;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
};

/** What a charges write produced, enough to take it back (waiveCharges) exactly. */
export type WrittenCharge =
  | { writtenAs: 'separate-invoice'; invoiceExternalId: string }
  | { writtenAs: 'line-on-original'; invoiceExternalId: string; lineIds: string[] };

/** Errors a connector throws so services can tell what to do next without knowing the vendor. */
export class LedgerError extends Error {
  /** conflict: the record changed under us (a stale version stamp) and the connector's own re-read and retries did not settle it. */
  readonly kind: 'rate-limited' | 'unavailable' | 'auth' | 'refused' | 'not-found' | 'conflict';
  readonly retryAfterMs: number | null;
  constructor(kind: LedgerError['kind'], message: string, retryAfterMs: number | null = null) {
    super(message);
    this.name = 'LedgerError';
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable' || this.kind === 'conflict';
  }
}

/** At most `max` calls in any `windowMs`, per tenant. */
export type CallWindow = { max: number; windowMs: number };

/**
 * What a ledger allows per tenant, as its connector declares it (for example 60 calls a minute and 5,000 a day, 5 at
 * once, 50 invoice ids a read). The queue's per-tenant limiter and the batch sizes of the send and sync paths read these.
 */
export type LedgerLimits = {
  /** Every window the ledger enforces; each holds at once. */
  calls: readonly CallWindow[];
  /** Calls in flight at once. */
  concurrency: number;
  /** Ids one `invoicesByIds` call can carry: a job's re-check is sized to fit one read. */
  idsPerRead: number;
};

/** What the ledger's writes accept. */
export type LedgerWrites = {
  /** Longest note the ledger keeps; longer notes are cut by the writer before they are sent. */
  noteMaxLength: number;
  /**
   * Where a reminder's note lands: the invoice's history, a note attached to the invoice, or a text field read,
   * appended to and written back.
   */
  note: 'history' | 'attachment' | 'field';
  /** Charges can be added as lines on the original invoice (otherwise only as a separate invoice). */
  chargesAsLine: boolean;
  /** What charges are booked to: an income account or a service item, as the ledger books it. */
  chargesBookedTo: 'account' | 'item';
};

export interface LedgerConnector {
  readonly vendor: Vendor;
  readonly limits: LedgerLimits;
  readonly writes: LedgerWrites;
  /** Pages of changes since `cursor` (null: everything). Store a page, then keep its cursor. */
  changes(conn: ConnectionRef, cursor: string | null): AsyncIterable<ChangePage>;
  /** The current state of these invoices, in as few calls as the vendor allows (one per batch). */
  invoicesByIds(conn: ConnectionRef, externalIds: string[]): Promise<LedgerInvoice[]>;
  /** A note in the invoice's history. `idempotencyKey` makes a retried write land once. */
  addNote(conn: ConnectionRef, invoiceExternalId: string, text: string, idempotencyKey: string): Promise<void>;
  writeCharges(conn: ConnectionRef, claim: ChargeClaim, idempotencyKey: string): Promise<WrittenCharge>;
  /** Cancel charges written earlier (a credit note against the charges invoice). */
  waiveCharges(conn: ConnectionRef, written: WrittenCharge, reason: string, idempotencyKey: string): Promise<{ externalId: string }>;
  /** The accounts or items charges can be booked to, for the settings page to offer real choices. */
  chargeTargets(conn: ConnectionRef): Promise<{ id: string; name: string }[]>;
  /** The customer-facing page where this invoice can be paid, if the ledger has one. */
  paymentUrl(conn: ConnectionRef, invoiceExternalId: string): Promise<string | null>;
  /** Where the organisation is, as the ledger says now (re-read on each sync). Absent: the ledger does not say. */
  place?(conn: ConnectionRef): Promise<LedgerPlace>;
}

export type EmailAddress = { name?: string; address: string };

export type OutgoingEmail = {
  from: EmailAddress;
  replyTo?: EmailAddress;
  to: EmailAddress[];
  subject: string;
  html: string;
  text: string;
  /** Derived from the reminder: the same reminder always has the same Message-ID. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
};

/** A transport refused a message: `permanent` (5xx) fails the reminder, otherwise it is retried with backoff. */
export class MailError extends Error {
  readonly permanent: boolean;
  /** The SMTP reply code when a server answered (535, 550…); null when none was reached. */
  readonly replyCode: number | null;
  constructor(message: string, permanent: boolean, replyCode: number | null = null) {
    super(message);
    this.name = 'MailError';
    this.permanent = permanent;
    this.replyCode = replyCode;
  }
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ response: string }>;
}

/** Thrown by a use case or a job handler: run this job again in `ms`, without counting a try (a vendor said 429, a window is closed). */
export class RetryLater extends Error {
  readonly ms: number;
  readonly reason: string;
  constructor(ms: number, reason: string) {
    super(`retry in ${ms} ms: ${reason}`);
    this.name = 'RetryLater';
    this.ms = Math.max(0, Math.round(ms));
    this.reason = reason;
  }
}

export type { CustomerAnswer };
