import { LedgerError } from '../../src/core/ports.ts';
import type { ErrorHeadersConfig } from './definition.ts';

/** A vendor's HTTP failure, whatever client produced it. Status 0: no answer at all (network). */
export type VendorFailure = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

function header(headers: VendorFailure['headers'], name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted && v !== undefined) return Array.isArray(v) ? (v[0] ?? null) : String(v);
  }
  return null;
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(headers: VendorFailure['headers'], config: ErrorHeadersConfig, now: number = Date.now()): number | null {
  for (const name of config.retryAfter) {
    const value = header(headers, name)?.trim();
    if (!value) continue;
    if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return null;
}

/** A LedgerError that remembers the HTTP status it came from (a 401 is worth one token refresh, a 403 is not). */
export class VendorHttpError extends LedgerError {
  readonly status: number;
  constructor(status: number, kind: LedgerError['kind'], message: string, retryAfterMs: number | null = null) {
    super(kind, message, retryAfterMs);
    this.status = status;
  }
}

/**
 * Maps a vendor failure to the LedgerError the services understand. `messagesOf` extracts the vendor's own
 * validation messages from its error body (zod-parsed by the connector), so a refusal says what the ledger said.
 */
export function toLedgerError(
  failure: VendorFailure,
  config: ErrorHeadersConfig,
  messagesOf: (body: unknown) => string[],
  what = 'ledger call',
): VendorHttpError {
  const { status, headers } = failure;
  const said = messagesOf(failure.body);
  const detail = said.length > 0 ? `: ${said.join('; ')}` : '';
  if (status === 429) {
    const problem = config.problem ? header(headers, config.problem) : null;
    const wait = retryAfterMs(headers, config) ?? config.defaultRetryAfterMs;
    return new VendorHttpError(status, 'rate-limited', `${what}: rate limited${problem ? ` (${problem} limit)` : ''}`, wait);
  }
  if (status === 0 || status >= 500) {
    return new VendorHttpError(
      status,
      'unavailable',
      `${what}: ledger unavailable (${status || 'no answer'})${detail}`,
      retryAfterMs(headers, config),
    );
  }
  if (status === 401 || status === 403) return new VendorHttpError(status, 'auth', `${what}: not authorised (${status})${detail}`);
  if (status === 404) return new VendorHttpError(status, 'not-found', `${what}: not found${detail}`);
  return new VendorHttpError(status, 'refused', `${what}: refused (${status})${detail}`);
}
