import { AccountingApi } from 'xero-node';
import type { ConnectionRef } from '../../src/core/ports.ts';
import type { ConnectorDeps } from '../shared/definition.ts';
import { toLedgerError, type VendorFailure } from '../shared/http-errors.ts';
import { parseJson } from '../shared/json.ts';
import { type CallPipeline, createCallPipeline } from '../shared/pipeline.ts';
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
 * One place where Xero is called: the shared pipeline (the tenant's concurrency slot, a fresh access token refreshed
 * once per tenant, one more try after a 401, retries that wait what Xero asked) around one xero-node attempt whose
 * failure is mapped to a LedgerError. A fresh AccountingApi per attempt keeps tokens of different tenants apart.
 */
export type XeroRuntime = CallPipeline & { call: XeroCall };

export function createXeroRuntime(config: XeroConfig, deps: ConnectorDeps): XeroRuntime {
  const pipeline = createCallPipeline(config, deps);

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

  const call: XeroCall = (conn, what, op) => pipeline.run(conn, (token) => attempt(conn, what, op, token));
  return { ...pipeline, call };
}
