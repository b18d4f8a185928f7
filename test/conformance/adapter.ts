import type { HttpHandler } from 'msw';
import type { ClientCredentials, ConnectorDefinition, WebhookResult } from '../../connectors/shared/definition.ts';
import type { CalendarDate } from '../../src/core/calendar.ts';

/**
 * What the conformance suite needs from a ledger's sandbox, and nothing of the ledger's own words. Each ledger
 * implements it in `connectors/<vendor>/sandbox/conformance.ts` (structurally: a connector may not import from test/,
 * so the list in conformance.test.ts is where the shape is checked). Everything here acts on or reads the SANDBOX, as
 * the business or the vendor would; relance itself is only ever reached through its web app, services and store.
 */

/** The one clock of a world: the sandbox, the connector and the services read it; waits move it. */
export type WorldClock = {
  now(): Date;
  set(to: Date | string): void;
  advance(ms: number): void;
  sleep(ms: number): Promise<void>;
  waits: number[];
};

/** A seeded company, with where its ledger says it is (what relance must read at connect). */
export type SeededTenant = {
  externalId: string;
  name: string;
  place: { countryCode: string; baseCurrency: string; timeZone: string; locale: string };
};

/** A sales invoice as the ledger's API answers it, in minor units. */
export type LedgerTruth = { externalId: string; number: string; dueDate: CalendarDate | null; totalMinor: number; dueMinor: number };

/** A webhook delivery as it left the sandbox: the exact bytes and the headers (signature included). */
export type WebhookDelivery = { body: string; headers: Record<string, string> };

export type SandboxOptions = {
  clock: WorldClock;
  /** The business's today when the sandbox is seeded. */
  today: CalendarDate;
  seed: number;
  /** A small seed: the suite's wall time grows with it. */
  invoices: number;
  /** Records per page the connector asks for: small, so that a sync spans several calls. */
  pageSize: number;
};

export type ConformanceSandbox = {
  /** msw handlers answering the vendor's hosts from the sandbox (and catching the webhooks it posts, if it posts). */
  handlers: HttpHandler[];
  /** The connector, configured for the small pages asked for. */
  definition: Pick<ConnectorDefinition, 'connect' | 'create'>;
  credentials: ClientCredentials;
  /** The connector's webhook check, with the key this sandbox signs with. */
  webhook(raw: Uint8Array, headers: Headers): WebhookResult;
  /** The header carrying the signature (a badly signed delivery replaces it). */
  signatureHeader: string;
  /** The seeded companies; the first is the one the consent screen offers first, where the scenarios act. */
  tenants: SeededTenant[];
  /**
   * The owner on the vendor's consent screen: approves, and returns the callback URL the browser is sent to. `tenant`:
   * the company to pick where the screen asks for one (one company a consent); ignored where a consent covers all.
   */
  approveConsent(authorizeUrl: string, tenant?: string): Promise<string>;
  /** Every sales invoice of the tenant, as the API answers it now. */
  invoices(tenant: string): LedgerTruth[];
  /**
   * The business raises an invoice today, one line of `amountMinor`, no tax. `fresh`: to a new customer with an email
   * address no other invoice was sent to (its reminders are the scenario's alone); otherwise to any customer.
   * `sameCustomerAs`: to the customer of that invoice.
   */
  raiseInvoice(
    tenant: string,
    input: { issueDate: CalendarDate; dueDate: CalendarDate; amountMinor: number; fresh: boolean; sameCustomerAs?: string },
  ): Promise<{ externalId: string; number: string }>;
  /** A customer pays (all that is due, or `amountMinor`). */
  payInvoice(tenant: string, invoiceId: string, amountMinor?: number): Promise<void>;
  /**
   * One customer settles several of its invoices at once, each in full: one payment where the ledger has payments
   * spanning invoices, else one payment each.
   */
  payTogether(tenant: string, invoiceIds: string[]): Promise<void>;
  /** The owner voids the invoice in the ledger (it stays, owing nothing). */
  voidInvoice(tenant: string, invoiceId: string): Promise<void>;
  /** The owner deletes the (approved, unpaid) invoice; false where the ledger only lets such an invoice be voided. */
  deleteInvoice(tenant: string, invoiceId: string): Promise<boolean>;
  /** The owner moves the invoice's due date in the ledger. */
  moveDueDate(tenant: string, invoiceId: string, dueDate: CalendarDate): Promise<void>;
  /**
   * A race: the owner moves the invoice's due date just before relance's next update of that invoice reaches the
   * ledger (after relance read it), so the update is made on a version older than the ledger's.
   */
  moveDueDateBeforeNextUpdate(tenant: string, invoiceId: string, dueDate: CalendarDate): void;
  /** Subscribe relance's app to the sandbox's webhooks in one of the ledger's `webhookFormats` (on), or stop (off). */
  subscribeWebhooks(on: boolean, format?: string): void;
  /** Sends what the sandbox has to send, and returns the deliveries made since the last call, in order. */
  deliveries(): Promise<WebhookDelivery[]>;
  /** A share of the API calls answer 429 or 503, drawn from a seed (null: none). */
  faults(options: { rate: number; seed: number } | null): void;
  /** Every access token issued so far dies (401); the refresh token still works. */
  killAccessTokens(): void;
  /**
   * The access tokens die on their own in the middle of what relance is doing: the next `calls` API calls are answered,
   * the one after answers 401 and every access token issued so far is dead (the refresh token still works).
   */
  killAccessTokensAfter(calls: number): void;
  /** Token refreshes the sandbox has granted so far, all consents together. */
  refreshes(): number;
  /** Whether the consent for this tenant is still live at the vendor (false once relance revoked it). */
  connected(tenant: string): boolean;
  /** The notes relance wrote on the invoice, oldest first, wherever this ledger keeps them. */
  notes(tenant: string, invoiceId: string): string[];
  /** The charges written for the invoice: separate invoices or added lines, each with its amount. */
  charges(tenant: string, invoiceId: string): { externalId: string; amountMinor: number }[];
  /** Where the tenant's charges may be booked (an income account code, or a service item's id). */
  chargeTarget(tenant: string): string;
};

export type ConformanceLedger = {
  /** The connector's id: /connect/:id, /webhooks/:id, Organisation.vendor. */
  id: string;
  displayName: string;
  /** The payload formats the vendor's webhooks come in (the webhook scenarios run once for each). */
  webhookFormats: string[];
  create(options: SandboxOptions): ConformanceSandbox;
};
