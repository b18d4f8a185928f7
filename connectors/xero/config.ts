import type { ConnectorConfig, ErrorHeadersConfig, LimitsConfig, RetryConfig } from '../shared/definition.ts';

/** Everything about Xero that is data: URLs, scopes, limits, headers. Facts: shared/reference/ledgers.md. */
export type XeroConfig = ConnectorConfig & {
  api: {
    /** Accounting API base, handed to xero-node as its basePath. */
    accountingBase: string;
    connections: string;
  };
  /** Tax type of charge lines: late-payment charges carry no VAT. */
  chargeTaxType: string;
};

export const XERO_SCOPES = [
  'offline_access',
  'accounting.invoices',
  'accounting.payments.read',
  'accounting.contacts.read',
  // GET /Organisation: the organisation's country, currency and time zone
  'accounting.settings.read',
  'openid',
  'profile',
  'email',
] as const;

const PRODUCTION = {
  login: 'https://login.xero.com',
  identity: 'https://identity.xero.com',
  api: 'https://api.xero.com',
};

export type XeroConfigOptions = {
  /**
   * One origin serving every Xero host's paths (the sandbox server, e.g. http://127.0.0.1:4010). Unset: the real
   * hosts, which is also what the sandbox answers as msw handlers in tests.
   */
  origin?: string;
  scopes?: readonly string[];
  overrides?: {
    limits?: Partial<LimitsConfig>;
    retry?: Partial<RetryConfig>;
    errors?: Partial<ErrorHeadersConfig>;
    chargeTaxType?: string;
  };
};

export function xeroConfig(options: XeroConfigOptions = {}): XeroConfig {
  const origin = options.origin?.replace(/\/+$/, '');
  const host = origin ? { login: origin, identity: origin, api: origin } : PRODUCTION;
  const base: XeroConfig = {
    id: 'xero',
    oauth: {
      issuer: origin ?? PRODUCTION.identity,
      authorizationEndpoint: `${host.login}/identity/connect/authorize`,
      tokenEndpoint: `${host.identity}/connect/token`,
      revocationEndpoint: `${host.identity}/connect/revocation`,
      scopes: options.scopes ?? XERO_SCOPES,
      clientAuth: 'basic',
      refreshGraceMs: 30 * 60_000,
      accessTokenSkewMs: 60_000,
      idTokenSigningAlgs: ['RS256'],
    },
    api: {
      accountingBase: `${host.api}/api.xro/2.0`,
      connections: `${host.api}/connections`,
    },
    limits: {
      // per tenant: 60 calls a minute and 5,000 a day, 5 at once (1,000 a day on the Starter tier)
      calls: [
        { max: 60, windowMs: 60_000 },
        { max: 5_000, windowMs: 24 * 60 * 60_000 },
      ],
      concurrency: 5,
      // ids one GET /Invoices?IDs=… carries: the reference sets no cap; 50 keeps the URL short
      idsPerRead: 50,
      pageSize: 1_000,
      fallbackPageSize: 100,
    },
    retry: { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxWaitMs: 65_000 },
    errors: { retryAfter: ['retry-after'], problem: 'x-rate-limit-problem', defaultRetryAfterMs: 60_000 },
    webhook: { signatureHeader: 'x-xero-signature' },
    // a history note's Details holds at most 250 characters
    write: {
      idempotencyHeader: 'Idempotency-Key',
      idempotencyKeyMax: 128,
      noteMaxLength: 250,
      // notes go to the invoice's history; charge lines can go on the original while nothing is allocated to it,
      // booked to an income account code
      note: 'history',
      chargesAsLine: true,
      chargesBookedTo: 'account',
    },
    chargeTaxType: 'NONE',
  };
  const o = options.overrides ?? {};
  return {
    ...base,
    chargeTaxType: o.chargeTaxType ?? base.chargeTaxType,
    limits: { ...base.limits, ...o.limits },
    retry: { ...base.retry, ...o.retry },
    errors: { ...base.errors, ...o.errors },
  };
}
