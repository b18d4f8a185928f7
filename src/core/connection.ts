import type { LedgerPlace } from './place.ts';

/**
 * How an organisation is connected to its ledger: tokens, the OAuth code flow, and what the ledger's webhooks say.
 * Declared here, with the other ports, so that the store, the web app and every connector share one vocabulary and
 * nothing outside `connectors/` needs a vendor's types.
 */

export type TokenSet = {
  accessToken: string;
  refreshToken: string;
  /** ISO instant when the access token stops working. */
  expiresAt: string;
  /** ISO instant after which the refresh token dies whatever happens (some ledgers say when; absent when the ledger does not). */
  refreshExpiresAt?: string | null;
  scope?: string | null;
  idToken?: string | null;
};

/**
 * Where tokens live. The production one keeps them encrypted in PostgreSQL and takes an advisory lock in
 * `refreshExclusive`; it MUST hand the callback the tokens as stored AFTER the lock is taken, store what the callback
 * returns before releasing, and store nothing when it throws.
 */
export interface TokenVault {
  read(orgId: string): Promise<TokenSet | null>;
  refreshExclusive(orgId: string, refresh: (current: TokenSet) => Promise<TokenSet>): Promise<TokenSet>;
  markNeedsReconnect(orgId: string, reason: string): Promise<void>;
}

/** Why a token-endpoint call failed: `invalid-grant` means the user must reconnect, `transient` may be retried. */
export class OAuthFailure extends Error {
  readonly kind: 'invalid-grant' | 'transient' | 'refused';
  constructor(kind: OAuthFailure['kind'], message: string) {
    super(message);
    this.name = 'OAuthFailure';
    this.kind = kind;
  }
}

export type AuthorizationStart = {
  url: string;
  /** Keep both in the user's session until the callback. */
  state: string;
  codeVerifier: string;
};

/**
 * A tenant one consent reached. `place`: where the organisation is, read from the ledger at connect; null when that
 * read failed (the connector logs why), absent when the connector does not read it.
 */
export type ConnectedTenant = { externalId: string; name: string; connectionId: string | null; place?: LedgerPlace | null };

/** The OAuth code flow as a user sees it: consent, callback, disconnect. */
export type ConnectFlow = {
  start(redirectUri: string): Promise<AuthorizationStart>;
  complete(input: { callbackUrl: string | URL; state: string; codeVerifier: string; redirectUri: string }): Promise<{
    tokens: TokenSet;
    tenants: ConnectedTenant[];
    identity: { subject: string; email: string | null; name: string | null } | null;
  }>;
  /** Disconnects one tenant at the vendor; revokes the grant when it was the last tenant on it. */
  disconnect(conn: { orgId: string; externalId: string }): Promise<void>;
};

/** The kinds of record a ledger mirrors, as a webhook names them. */
export type LedgerEntity = 'invoice' | 'payment' | 'creditNote' | 'contact';

/**
 * One fact a webhook delivery carries, in no vendor's words: in this tenant, this record changed (or, `entity:
 * 'tenant'`, something did and the vendor does not say what: sync the tenant). One delivery may carry several tenants.
 */
export type WebhookChange = {
  tenantId: string;
  entity: LedgerEntity | 'tenant';
  externalId: string | null;
  /** As the vendor said it (create, update, delete, void…), for the logs. */
  operation: string;
  /** ISO instant. */
  occurredAt: string;
  /** Stable across redeliveries of the same event: a repeat does nothing. */
  dedupeKey: string;
};

export type WebhookResult =
  | { ok: true; changes: WebhookChange[]; rejected: { index: number; reason: string }[] }
  | { ok: false; status: 401 | 400; reason: string };

/**
 * A ledger as the web app sees it once `src/main` has built it from its definition: its name for people, its consent
 * flow, and its webhook check (the signing key already bound; null when webhooks are not set up, and refused).
 */
export type LedgerApp = {
  id: string;
  displayName: string;
  flow: ConnectFlow;
  /** Checks the signature over the raw bytes BEFORE anything is parsed, then reads the changes. */
  webhook: ((rawBody: Uint8Array, headers: Headers) => WebhookResult) | null;
};
