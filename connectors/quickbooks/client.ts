import { z } from 'zod';
import type { ConnectionRef } from '../../src/core/ports.ts';
import type { ConnectorDeps } from '../shared/definition.ts';
import { toLedgerError, VendorHttpError, type VendorFailure } from '../shared/http-errors.ts';
import { type CallPipeline, createCallPipeline, responseFailure } from '../shared/pipeline.ts';
import type { QuickBooksConfig } from './config.ts';

/** One Accounting API call. `path` comes after `/v3/company/{realmId}/` (`query`, `invoice`, `companyinfo/123`…). */
export type QuickBooksRequest = {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as `requestid`: QuickBooks answers a repeat with the first answer instead of writing twice (≤ 50 chars). */
  requestId?: string;
};

/**
 * Calls QuickBooks for one company (`conn.externalId` is the realm id) and resolves with the parsed JSON body.
 * Rejects with a LedgerError whose message starts with `what` (e.g. "read invoices").
 */
export type QuickBooksCall = (conn: ConnectionRef, what: string, request: QuickBooksRequest) => Promise<unknown>;
/** Short name for sync and write-back. */
export type QbCall = QuickBooksCall;

/**
 * QuickBooks' error body: `Fault.Error[]{Message, Detail, code}` and a `type`. The gateway answers a bad token in lower
 * case (`fault.error[]{message, detail, code}`), so both spellings are read.
 */
const faultError = z
  .object({
    Message: z.string().optional(),
    message: z.string().optional(),
    Detail: z.string().optional(),
    detail: z.string().optional(),
    code: z.union([z.string(), z.number()]).optional(),
  })
  .loose();
const faultBody = z.union([
  z.object({ Fault: z.object({ Error: z.array(faultError).default([]), type: z.string().optional() }) }),
  z.object({ fault: z.object({ error: z.array(faultError).default([]), type: z.string().optional() }) }),
]);

export type QuickBooksFault = { type: string | null; errors: { code: string | null; message: string; detail: string | null }[] };

/** The Fault in a body, or null when the body is no Fault (a gateway's page, an empty 503). */
export function faultOf(body: unknown): QuickBooksFault | null {
  const parsed = faultBody.safeParse(body);
  if (!parsed.success) return null;
  const f =
    'Fault' in parsed.data
      ? { type: parsed.data.Fault.type, errors: parsed.data.Fault.Error }
      : { type: parsed.data.fault.type, errors: parsed.data.fault.error };
  return {
    type: f.type ?? null,
    errors: f.errors.map((e) => ({
      code: e.code === undefined ? null : String(e.code),
      message: e.Message ?? e.message ?? 'error',
      detail: e.Detail ?? e.detail ?? null,
    })),
  };
}

/** What QuickBooks said, for messages: "Stale Object Error: You and … (5010)". */
export function quickbooksErrorMessages(body: unknown): string[] {
  const fault = faultOf(body);
  if (!fault) return [];
  return fault.errors.map((e) => `${e.message}${e.detail && e.detail !== e.message ? `: ${e.detail}` : ''}${e.code ? ` (${e.code})` : ''}`);
}

// Intuit's documented codes: 610 object not found, 3001 throttled, 3200 authentication, 5010 stale object
const NOT_FOUND = '610';
const THROTTLED = '3001';
const AUTHENTICATION = '3200';
const STALE_OBJECT = '5010';

/**
 * A QuickBooks failure → the LedgerError the services understand. The Fault decides before the status does: a 400
 * carrying 5010 is a conflict (re-read and retry), a 400 carrying 610 a missing record, a ThrottlingFault rate-limited
 * whatever its status, an AuthenticationFault a 401 (worth one token refresh).
 */
export function quickbooksError(failure: VendorFailure, config: QuickBooksConfig, what: string): VendorHttpError {
  const fault = faultOf(failure.body);
  const codes = new Set(fault?.errors.map((e) => e.code) ?? []);
  const type = fault?.type?.toLowerCase() ?? '';
  const said = quickbooksErrorMessages(failure.body);
  const detail = said.length > 0 ? `: ${said.join('; ')}` : '';
  if (codes.has(THROTTLED) || type === 'throttlingfault') {
    return toLedgerError({ ...failure, status: 429 }, config.errors, quickbooksErrorMessages, what);
  }
  if (failure.status === 401 || codes.has(AUTHENTICATION) || type === 'authenticationfault' || type === 'authentication') {
    return new VendorHttpError(401, 'auth', `${what}: not authorised (401)${detail}`);
  }
  if (codes.has(STALE_OBJECT)) {
    return new VendorHttpError(failure.status, 'conflict', `${what}: the record changed in QuickBooks meanwhile${detail}`);
  }
  if (codes.has(NOT_FOUND) && failure.status < 500) return new VendorHttpError(failure.status, 'not-found', `${what}: not found${detail}`);
  return toLedgerError(failure, config.errors, quickbooksErrorMessages, what);
}

/** The URL of one request: the company's base, the path, `minorversion` and `requestid`. */
export function requestUrl(config: QuickBooksConfig, realmId: string, request: QuickBooksRequest): string {
  const url = new URL(`${config.api.companyBase}/${encodeURIComponent(realmId)}/${request.path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  url.searchParams.set('minorversion', String(config.api.minorVersion));
  if (request.requestId !== undefined) {
    if (request.requestId.length > config.write.idempotencyKeyMax) {
      throw new RangeError(`requestid "${request.requestId}" is longer than ${config.write.idempotencyKeyMax} characters`);
    }
    url.searchParams.set(config.api.requestIdParam, request.requestId);
  }
  return url.href;
}

/** How long one attempt may take before it counts as no answer (then retried like a 5xx). */
const ATTEMPT_TIMEOUT_MS = 60_000;

/**
 * ONE attempt with a given access token, no retry: what the pipeline repeats, and what connecting uses with the
 * consent's fresh token (no organisation, hence no stored tokens, exists yet).
 */
export async function quickbooksAttempt(
  config: QuickBooksConfig,
  accessToken: string,
  realmId: string,
  what: string,
  request: QuickBooksRequest,
): Promise<unknown> {
  const url = requestUrl(config, realmId, request);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new VendorHttpError(0, 'unavailable', `${what}: ledger unavailable (no answer: ${(error as Error).message})`);
  }
  if (!response.ok) throw quickbooksError(await responseFailure(response), config, what);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new VendorHttpError(response.status, 'unavailable', `${what}: QuickBooks answered ${response.status} with no JSON`);
  }
  // a 200 can still carry a Fault (batch items, some gateways): it is a failure all the same
  if (faultOf(body)) throw quickbooksError({ status: 400, headers: Object.fromEntries(response.headers), body }, config, what);
  return body;
}

export type QuickBooksRuntime = CallPipeline & { call: QuickBooksCall };

/** The pipeline (limiter, tokens, refresh-and-retry after a 401, retries) around one attempt. */
export function createQuickBooksRuntime(config: QuickBooksConfig, deps: ConnectorDeps): QuickBooksRuntime {
  const pipeline = createCallPipeline(config, deps, { tokenRequestHeaders: config.tokenRequestHeaders });
  const call: QuickBooksCall = (conn, what, request) =>
    pipeline.run(conn, (token) => quickbooksAttempt(config, token, conn.externalId, what, request));
  return { ...pipeline, call };
}
