import type { ConnectorConfig, ErrorHeadersConfig, LimitsConfig, RetryConfig, WriteConfig } from '../shared/definition.ts';

/** Everything about QuickBooks Online that is data: URLs, scopes, limits, headers. Facts: shared/reference/ledgers.md. */
export type QuickBooksConfig = ConnectorConfig & {
  /** Intuit's OpenID discovery document (its path has an underscore: `openid_configuration`). */
  discoveryUrl: string;
  api: {
    /** `…/v3/company`: a call's path goes after `/{realmId}/`. */
    companyBase: string;
    /** Sent as `minorversion` on every call: the field set the mappers were written against. */
    minorVersion: number;
    /** The query parameter that makes a write idempotent: a repeat answers what the first one did. */
    requestIdParam: string;
  };
  /**
   * Token requests send this header so Intuit answers the refresh token's hard expiry (5 years) too, besides its
   * rolling one (100 days).
   */
  tokenRequestHeaders: Record<string, string>;
};

export const QUICKBOOKS_SCOPES = [
  'com.intuit.quickbooks.accounting',
  // the ID token names who consented (the connection page shows it)
  'openid',
  'profile',
  'email',
] as const;

/** Intuit's hosts; the development keys' companies answer on their own API host. */
const PRODUCTION = {
  appcenter: 'https://appcenter.intuit.com',
  oauth: 'https://oauth.platform.intuit.com',
  developer: 'https://developer.api.intuit.com',
  api: 'https://quickbooks.api.intuit.com',
};
export const QUICKBOOKS_DEVELOPMENT_API = 'https://sandbox-quickbooks.api.intuit.com';

/**
 * Where notes can go and how long each may be (Intuit's API reference: PrivateNote holds 4,000 characters, an
 * Attachable's Note 2,000; the XSD states no length). Which place is used is H-B's write-back choice.
 */
export const NOTE_PLACES = {
  attachment: { note: 'attachment', noteMaxLength: 2_000 },
  field: { note: 'field', noteMaxLength: 4_000 },
} as const;

export type QuickBooksConfigOptions = {
  /**
   * One origin serving every Intuit host's paths (our emulator as a server, e.g. http://127.0.0.1:4020). Unset: the
   * real hosts, which is also what the emulator answers as msw handlers in tests.
   */
  origin?: string;
  /** `development`: a developer account's sandbox companies (sandbox-quickbooks.api.intuit.com). */
  environment?: 'production' | 'development';
  scopes?: readonly string[];
  overrides?: {
    limits?: Partial<LimitsConfig>;
    retry?: Partial<RetryConfig>;
    errors?: Partial<ErrorHeadersConfig>;
    write?: Partial<WriteConfig>;
  };
};

export function quickbooksConfig(options: QuickBooksConfigOptions = {}): QuickBooksConfig {
  const origin = options.origin?.replace(/\/+$/, '');
  const host = origin ? { appcenter: origin, oauth: origin, developer: origin, api: origin } : PRODUCTION;
  const api = origin ?? (options.environment === 'development' ? QUICKBOOKS_DEVELOPMENT_API : PRODUCTION.api);
  const base: QuickBooksConfig = {
    id: 'quickbooks',
    // development keys have their own document (same issuer and endpoints as of 2026, another userinfo host)
    discoveryUrl: `${host.developer}/.well-known/${options.environment === 'development' ? 'openid_sandbox_configuration' : 'openid_configuration'}`,
    oauth: {
      issuer: `${host.oauth}/op/v1`,
      authorizationEndpoint: `${host.appcenter}/connect/oauth2`,
      tokenEndpoint: `${host.oauth}/oauth2/v1/tokens/bearer`,
      revocationEndpoint: `${host.developer}/v2/oauth2/tokens/revoke`,
      scopes: options.scopes ?? QUICKBOOKS_SCOPES,
      clientAuth: 'basic',
      // a refresh token superseded by a rotation keeps working a while (24 h as far as we know, unconfirmed): a lost
      // refresh answer is retried with it for at most 30 minutes, as for Xero
      refreshGraceMs: 30 * 60_000,
      accessTokenSkewMs: 60_000,
      idTokenSigningAlgs: ['RS256'],
    },
    api: { companyBase: `${api}/v3/company`, minorVersion: 75, requestIdParam: 'requestid' },
    tokenRequestHeaders: { 'x-include-refresh-token-hard-expires-in': 'true' },
    limits: {
      // per company (realm): 500 requests a minute, 10 at once
      calls: [{ max: 500, windowMs: 60_000 }],
      concurrency: 10,
      // ids one `select * from Invoice where Id in (…)` carries: Intuit sets no cap; 100 keeps the query URL short
      idsPerRead: 100,
      // MAXRESULTS is 1,000 at most
      pageSize: 1_000,
      fallbackPageSize: 100,
    },
    retry: { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxWaitMs: 65_000 },
    // QuickBooks documents no Retry-After on its 429 ThrottlingFault: without one, wait out a minute window
    errors: { retryAfter: ['retry-after'], problem: null, defaultRetryAfterMs: 60_000 },
    webhook: { signatureHeader: 'intuit-signature' },
    write: {
      // idempotency is the `requestid` query parameter (api.requestIdParam), not a header: 50 characters at most
      idempotencyHeader: 'requestid',
      idempotencyKeyMax: 50,
      ...NOTE_PLACES.attachment,
      // charges go on the original invoice as lines (a sparse update keeping every line) or on a separate invoice,
      // booked to a service item
      chargesAsLine: true,
      chargesBookedTo: 'item',
    },
  };
  const o = options.overrides ?? {};
  return {
    ...base,
    limits: { ...base.limits, ...o.limits },
    retry: { ...base.retry, ...o.retry },
    errors: { ...base.errors, ...o.errors },
    write: { ...base.write, ...o.write },
  };
}
