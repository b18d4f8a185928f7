import { AccountingApi } from 'xero-node';
import type { ConnectionRef } from '../../src/core/ports.ts';
import type { ConnectorDeps } from '../shared/definition.ts';
import { toLedgerError, VendorHttpError, type VendorFailure } from '../shared/http-errors.ts';
import { parseJson } from '../shared/json.ts';
import { createKeyedLimiter } from '../shared/limiter.ts';
import { createOAuthClient, type OAuthClient } from '../shared/oauth.ts';
import { withRetries } from '../shared/retry.ts';
import { createTokenKeeper, type TokenKeeper, type TokenVault } from '../shared/tokens.ts';
import type { XeroConfig } from './config.ts';
import { xeroErrorMessages } from './mappers.ts';

/** What every xero-node call resolves with; we read the raw JSON (`response.data`), not the SDK's models. */
type SdkResult = { response: { data?: unknown; status?: number } };

export type XeroCall = <R extends SdkResult>(
  conn: ConnectionRef,
  what: string,
  op: (api: AccountingApi, tenantId: string) => Promise<R>,
) => Promise<unknown>;

/**
 * xero-node rejects with a JSON string `{response:{statusCode, body, headers}, body}` (or, for a non-2xx it did not
 * throw on, the object itself). Anything else is a programming error and is rethrown as is.
 */
export function sdkFailure(rejection: unknown): VendorFailure | null {
  const value = typeof rejection === 'string' ? parseJson(rejection) : rejection;
  if (!value || typeof value !== 'object' || !('response' in value)) return null;
  const response = (value as { response: Record<string, unknown> }).response;
  if (!response || typeof response !== 'object') return null;
  const status = Number(response.statusCode ?? response.status ?? 0);
  const headers = (response.headers ?? {}) as VendorFailure['headers'];
  return {
    status: Number.isFinite(status) ? status : 0,
    headers,
    body: response.body ?? response.data ?? (value as { body?: unknown }).body,
  };
}

/**
 * One place where Xero is called: the tenant's concurrency slot, a fresh access token (refreshed once per tenant),
 * one more try with a refreshed token after a 401, vendor errors mapped to LedgerError, and retries that wait what
 * Xero asked. A fresh AccountingApi per call keeps tokens of different tenants apart.
 */
export type XeroRuntime = {
  call: XeroCall;
  tokens: TokenKeeper;
  oauth: OAuthClient;
  tokenKey: (conn: ConnectionRef) => string;
  vault: TokenVault;
  sleep: (ms: number) => Promise<void>;
};

export function createXeroRuntime(config: XeroConfig, deps: ConnectorDeps): XeroRuntime {
  const now = () => (deps.clock ? deps.clock.now().getTime() : Date.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const oauth = createOAuthClient(config.oauth, deps.credentials, now);
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

  async function attempt(conn: ConnectionRef, what: string, op: (api: AccountingApi, t: string) => Promise<SdkResult>, token: string) {
    const api = new AccountingApi(config.api.accountingBase);
    api.accessToken = token;
    try {
      return (await op(api, conn.externalId)).response.data;
    } catch (rejection) {
      const failure = sdkFailure(rejection);
      if (!failure) throw rejection;
      throw toLedgerError(failure, config.errors, xeroErrorMessages, what);
    }
  }

  const call: XeroCall = (conn, what, op) =>
    withRetries(
      () =>
        limiter.run(conn.externalId, async () => {
          const key = tokenKey(conn);
          const token = await tokens.accessToken(key);
          try {
            return await attempt(conn, what, op, token);
          } catch (error) {
            // an access token can die before its announced expiry (revoked, clock skew): refresh once and retry
            if (!(error instanceof VendorHttpError) || error.status !== 401) throw error;
            return attempt(conn, what, op, await tokens.accessToken(key, { rejected: token }));
          }
        }),
      { ...config.retry, sleep },
    );
  return { call, tokens, oauth, tokenKey, vault: deps.vault, sleep };
}
