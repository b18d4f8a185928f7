import type { Clock, LedgerConnector, LedgerLimits, LedgerWrites } from '../../src/core/ports.ts';
import type { Vendor } from '../../src/core/ledger.ts';
import type { ConnectFlow, WebhookResult } from '../../src/core/connection.ts';
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

export type ConnectorDefinition<C extends ConnectorConfig = ConnectorConfig, M = unknown> = {
  id: Vendor;
  config: C;
  connect: (deps: ConnectorDeps) => ConnectFlow;
  /** Vendor JSON → core types. */
  mappers: M;
  /** Checks the signature over the raw body BEFORE anything is parsed, then validates the events. */
  webhook(rawBody: string | Uint8Array, headers: Headers, webhookKey: string): WebhookResult;
  create(deps: ConnectorDeps): LedgerConnector;
};
