import type { CalendarDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import type { LedgerInvoice } from '../core/ledger.ts';
import type { Clock, ConnectionRef, LedgerConnector, Mailer, OutgoingEmail } from '../core/ports.ts';
import type { Step } from '../core/policy.ts';
import type { ScheduleContact } from '../core/reminder.ts';
import type { StoredInvoice, Store } from '../core/store.ts';
import type { Job } from '../jobs/payloads.ts';

/** What the use cases need from the outside world; src/main builds the concrete pieces. */

export interface WorkQueue {
  enqueue(job: Job, options?: { jobId?: string; delayMs?: number }): Promise<unknown>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything a reminder email says, before it is rendered. */
export type ReminderEmailInput = {
  org: Organisation;
  contact: ScheduleContact;
  step: Step;
  /**
   * Each invoice reminded, with `chargesInvoices`: the separate late-payment charges invoices relance wrote for it,
   * which are never reminded on their own but listed with the invoice they belong to.
   */
  invoices: { invoice: StoredInvoice; step: Step; charges: ChargesSummary | null; chargesInvoices?: StoredInvoice[] }[];
  /**
   * A link that pays every invoice of this email at once, when the ledger offers one; null otherwise (each invoice's
   * own link is `invoice.paymentUrl`). Answer links: promise, already paid, dispute.
   */
  paymentUrl: string | null;
  answerUrls: { promise: string; paid: string; dispute: string };
  /** Identifies this message: the same reminder attempt always gets the same Message-ID from it. */
  reminderKey: string;
  /** Message-IDs of earlier reminders of the same invoices, so the customer's mailbox threads them. */
  earlierMessageIds: string[];
  today: CalendarDate;
  /** The date to pay by, stated from the firm step on. */
  deadline: CalendarDate | null;
};

/** Charges accrued on one invoice, as the reminder states them (computed by the charges use case). */
export type ChargesSummary = {
  interestMinor: number;
  compensationMinor: number;
  totalMinor: number;
  currency: string;
  /** Sentences in the organisation's language: legal basis, rate and its source. */
  wording: string[];
};

export interface ReminderComposer {
  compose(input: ReminderEmailInput): Promise<OutgoingEmail>;
}

export type ServiceDeps = {
  store: Store;
  ledger(org: Organisation): LedgerConnector;
  clock: Clock;
  queue: WorkQueue;
  composer: ReminderComposer;
  mailer(org: Organisation): Mailer;
  log: Logger;
  /** Identifies this process in claims, for the owner's audit trail. */
  worker: string;
  /** Public base URL of the web app: answer links point there. */
  publicUrl: string;
  /** Secret that signs answer links. */
  linkSecret: string;
  /** A claim older than this never reached the transport (or crashed in it): see recoverStaleClaims. */
  claimLeaseMs?: number;
};

export const connectionOf = (org: Organisation): ConnectionRef => ({
  orgId: org.id,
  externalId: org.externalId,
  tokenKey: org.tokenKey ?? org.id,
});

/** The current state of these invoices, read as many ids a call as the ledger declares (`limits.idsPerRead`). */
export async function readInvoices(
  connector: LedgerConnector,
  conn: ConnectionRef,
  externalIds: readonly string[],
): Promise<LedgerInvoice[]> {
  const ids = [...new Set(externalIds)];
  const size = connector.limits.idsPerRead;
  const out: LedgerInvoice[] = [];
  for (let at = 0; at < ids.length; at += size) out.push(...(await connector.invoicesByIds(conn, ids.slice(at, at + size))));
  return out;
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
