import type { ConnectionRef } from '../../src/core/ports.ts';
import type { ConnectorConfig, ConnectorDeps } from './definition.ts';
import { VendorHttpError, type VendorFailure } from './http-errors.ts';
import { createKeyedLimiter } from './limiter.ts';
import { createOAuthClient, type OAuthClient } from './oauth.ts';
import { withRetries } from './retry.ts';
import { createTokenKeeper, type TokenKeeper, type TokenVault } from './tokens.ts';

/**
 * What every call to a ledger goes through, whoever the vendor: the tenant's concurrency slot, a fresh access token
 * (one refresh per token key however many calls wait), one more try with a refreshed token after a 401, and retries
 * that wait what the vendor asked (Retry-After) or back off. A connector's client only says how to make ONE attempt
 * with a given token and turns the vendor's failure into a VendorHttpError (http-errors.ts), keeping its HTTP status.
 */
export type CallPipeline = {
  run<T>(conn: ConnectionRef, attempt: (accessToken: string) => Promise<T>): Promise<T>;
  tokens: TokenKeeper;
  oauth: OAuthClient;
  tokenKey: (conn: ConnectionRef) => string;
  vault: TokenVault;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
};

export type CallPipelineOptions = {
  /** Headers the vendor wants on token requests (QuickBooks: ask for the refresh token's hard expiry). */
  tokenRequestHeaders?: Record<string, string>;
  /** Pins the retry jitter in tests. */
  random?: () => number;
};

export function createCallPipeline(config: ConnectorConfig, deps: ConnectorDeps, options: CallPipelineOptions = {}): CallPipeline {
  const now = () => (deps.clock ? deps.clock.now().getTime() : Date.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const oauth = createOAuthClient(config.oauth, deps.credentials, now, { tokenRequestHeaders: options.tokenRequestHeaders });
  const tokens = createTokenKeeper({
    vault: deps.vault,
    refresh: (rt) => oauth.refresh(rt),
    now,
    sleep,
    skewMs: config.oauth.accessTokenSkewMs,
    graceMs: config.oauth.refreshGraceMs,
  });
  const limiter = createKeyedLimiter(config.limits.concurrency);
  const tokenKey = deps.tokenKey ?? ((c: ConnectionRef) => c.orgId);

  function run<T>(conn: ConnectionRef, attempt: (accessToken: string) => Promise<T>): Promise<T> {
    return withRetries(
      () =>
        limiter.run(conn.externalId, async () => {
          const key = tokenKey(conn);
          const token = await tokens.accessToken(key);
          try {
            return await attempt(token);
          } catch (error) {
            // an access token can die before its announced expiry (revoked, clock skew): refresh once and retry
            if (!(error instanceof VendorHttpError) || error.status !== 401) throw error;
            return attempt(await tokens.accessToken(key, { rejected: token }));
          }
        }),
      { ...config.retry, sleep, random: options.random },
    );
  }

  return { run, tokens, oauth, tokenKey, vault: deps.vault, sleep, now };
}

/** A fetch Response that failed, as a VendorFailure (the body parsed as JSON when it is, else its text). */
export async function responseFailure(response: Response): Promise<VendorFailure> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a gateway's HTML page): keep the text
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), body };
}
