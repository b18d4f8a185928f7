import type { Clock, LedgerConnector, LedgerLimits, LedgerWrites } from '../../src/core/ports.ts';
import type { Vendor } from '../../src/core/ledger.ts';
import type { ConnectFlow, WebhookResult } from '../../src/core/connection.ts';
import type { z } from 'zod';
import type { CalendarDate } from '../../src/core/calendar.ts';
import type { TokenVault } from './tokens.ts';

/**
 * The shape every ledger connector shares. What differs between vendors is the DATA in `ConnectorConfig`; the
 * mechanisms (OAuth, token refresh, error mapping, retries, limits, webhook signatures) live in connectors/shared.
 */

export type OAuthConfig = {
  /** Expected `iss` of ID tokens. */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  scopes: readonly string[];
  clientAuth: 'basic' | 'post';
  /** How long a rotated-out refresh token still works (a lost refresh response is retried with it). */
  refreshGraceMs: number;
  /** Refresh this long before the access token expires. */
  accessTokenSkewMs: number;
  idTokenSigningAlgs: readonly string[];
};

/** The limits the services see (windows, concurrency, ids a read), plus what only the connector's paging uses. */
export type LimitsConfig = LedgerLimits & {
  pageSize: number;
  /** Used when the vendor refuses `pageSize`. */
  fallbackPageSize: number;
};

export type RetryConfig = {
  /** Attempts per call, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for in-process: the error goes up for the job queue to delay. */
  maxWaitMs: number;
};

export type ErrorHeadersConfig = {
  /** Headers giving seconds (or an HTTP date) to wait, first present wins. */
  retryAfter: readonly string[];
  /** Header naming which limit was hit, quoted in messages. */
  problem: string | null;
  /** Used when a 429 carries no retry header. */
  defaultRetryAfterMs: number;
};

export type WebhookConfig = {
  signatureHeader: string;
};

/** The write capabilities the services see, plus the idempotency header only the connector uses. */
export type WriteConfig = LedgerWrites & {
  idempotencyHeader: string;
  idempotencyKeyMax: number;
};

export type ConnectorConfig = {
  id: Vendor;
  oauth: OAuthConfig;
  limits: LimitsConfig;
  retry: RetryConfig;
  errors: ErrorHeadersConfig;
  webhook: WebhookConfig;
  write: WriteConfig;
};

export type ClientCredentials = { clientId: string; clientSecret: string };

export type ConnectorLogger = {
  warn(details: Record<string, unknown>, message: string): void;
};

/** What src/main gives a connector. */
export type ConnectorDeps = {
  vault: TokenVault;
  credentials: ClientCredentials;
  clock?: Clock;
  /** Waits between retries; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Which vault entry holds a tenant's tokens. One consent can cover several tenants with ONE rotating token set:
   * map them to the same key so they refresh together. Default: the organisation id.
   */
  tokenKey?: (conn: { orgId: string; externalId: string }) => string;
  logger?: ConnectorLogger;
};

export type { LedgerPlace } from '../../src/core/place.ts';
export type {
  AuthorizationStart,
  ConnectedTenant,
  ConnectFlow,
  LedgerEntity,
  WebhookChange,
  WebhookResult,
} from '../../src/core/connection.ts';

/** What a ledger's environment gives once complete: its OAuth app, its webhook key, and its config (e.g. an origin). */
export type LedgerSettings<C extends ConnectorConfig = ConnectorConfig> = {
  credentials: ClientCredentials;
  webhookKey: string;
  config: C;
};

export type LedgerSettingsResult<C extends ConnectorConfig = ConnectorConfig> =
  | { ok: true; settings: LedgerSettings<C> }
  /** One line per variable that is missing, starting with its name, so the operator fixes them all in one go. */
  | { ok: false; missing: string[] };

/**
 * The environment variables a ledger reads, its own (XERO_…, QUICKBOOKS_…): src/main validates them with `schema` and
 * knows no name. Every variable is optional to the schema: a ledger without them is off in production (serve says
 * why) and on its sandbox in the demo. A variable that is set but malformed is refused by the schema.
 */
export type LedgerEnvironment<C extends ConnectorConfig = ConnectorConfig, V = Record<string, unknown>> = {
  schema: z.ZodType<V>;
  settings(vars: V): LedgerSettingsResult<C>;
  /** The ledger on the config its environment gave (`settings(…).config`: an origin, the vendor's sandbox company…). */
  configure(config: C): ConnectorDefinition<C>;
};

/** How the demo runs a ledger's emulator: `relance demo`, `relance sandbox <ledger>` and the fast-forward. */
export type DemoSandboxOptions = {
  /** 0: any free port. */
  port: number;
  /** The emulator's clock (token expiry, "today" of its seed): the fast-forward's simulated one, else real time. */
  now?: () => Date;
  /** Open invoices to seed, per company where the vendor seeds several; default the vendor's demo size. */
  invoices?: number;
  /** Where its signed webhooks go (null: nowhere until `setWebhook`). */
  webhookUrl: string | null;
  /**
   * `lifted`: the fast-forward lives a day in one instant, and a vendor's per-minute limit would stretch it into real
   * minutes of waiting. Default `vendor`: the limits the vendor documents.
   */
  rateLimits?: 'vendor' | 'lifted';
};

export type DemoSandbox = {
  origin: string;
  /** The ledger's own variables pointing it at this emulator (origin, the emulator's client, its webhook key). */
  env: Record<string, string>;
  /** How many consents connect every seeded organisation (one for all of them, or one per company). */
  consents: number;
  /** What a person does on consent page number `round` (0-based): returns the callback URL the browser is sent to. */
  approveConsent(authorizeUrl: string, round: number): Promise<string>;
  /** Where signed webhooks go from now on (null: nowhere). */
  setWebhook(url: string | null): void;
  /** The demo's fast-forward: customers pay what their profile says on `day`, then the changes go out as webhooks. */
  simulateDay(day: CalendarDate): Promise<{ payments: number }>;
  /**
   * What charges are booked to in the organisations consent `round` connects: the seed's income account code or
   * service item id (per the connector's `chargesBookedTo`).
   */
  chargesBookTo(round: number): string;
  close(): Promise<void>;
};

export type DemoSandboxModule = { startSandbox(options: DemoSandboxOptions): Promise<DemoSandbox> };

export type ConnectorDefinition<C extends ConnectorConfig = ConnectorConfig, M = unknown> = {
  id: Vendor;
  /** How pages name the ledger ("Connect to Xero"). */
  displayName: string;
  config: C;
  connect: (deps: ConnectorDeps) => ConnectFlow;
  /** Vendor JSON → core types. */
  mappers: M;
  /** Checks the signature over the raw body BEFORE anything is parsed, then validates the events. */
  webhook(rawBody: string | Uint8Array, headers: Headers, webhookKey: string): WebhookResult;
  create(deps: ConnectorDeps): LedgerConnector;
  /**
   * The ledger's own environment variables. Optional to the type so that a connector can be built and tested before it
   * is registered; every definition in connectors/index.ts has one (test/architecture/registry.test.ts).
   */
  // biome-ignore lint/suspicious/noExplicitAny: each ledger parses its own variables; src/main only hands them back
  env?: LedgerEnvironment<C, any>;
  /**
   * Its emulator, loaded only when the demo asks: a dynamic import, so a production install (`npm ci --omit=dev`)
   * never reads an emulator, and `serve` never starts one. Every registered definition has one.
   */
  sandbox?: () => Promise<DemoSandboxModule>;
};
