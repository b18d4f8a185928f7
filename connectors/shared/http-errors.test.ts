import { describe, expect, it } from 'vitest';
import type { LedgerError } from '../../src/core/ports.ts';
import { xeroConfig } from '../xero/config.ts';
import { xeroErrorMessages } from '../xero/mappers.ts';
import { toLedgerError } from './http-errors.ts';
import { withRetries } from './retry.ts';

const { errors, retry } = xeroConfig();
const map = (status: number, headers: Record<string, string> = {}, body: unknown = null) =>
  toLedgerError({ status, headers, body }, errors, xeroErrorMessages, 'list invoices');

describe('vendor error mapping', () => {
  it('429 becomes rate-limited with the wait Xero asked for', () => {
    const e = map(429, { 'Retry-After': '17', 'X-Rate-Limit-Problem': 'minute' });
    expect(e).toMatchObject({ kind: 'rate-limited', retryAfterMs: 17_000, retryable: true });
    expect(e.message).toMatch(/minute limit/);
  });

  it('429 with an HTTP date, or with no header, still says how long to wait', () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    expect(map(429, { 'retry-after': at }).retryAfterMs).toBeGreaterThan(25_000);
    expect(map(429).retryAfterMs).toBe(errors.defaultRetryAfterMs);
  });

  it('5xx and no answer become unavailable; 401/403 auth; 404 not-found', () => {
    expect(map(503)).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(map(0)).toMatchObject({ kind: 'unavailable' });
    expect(map(401)).toMatchObject({ kind: 'auth', retryable: false });
    expect(map(403, {}, { Type: 'AuthenticationUnsuccessful', Title: 'Forbidden' })).toMatchObject({ kind: 'auth' });
    expect(map(404)).toMatchObject({ kind: 'not-found' });
  });

  it("400 ValidationException is refused with Xero's own messages", () => {
    const e = map(
      400,
      {},
      {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Account code 999 is not a valid code' }, { Message: 'Due date is required' }] }],
      },
    );
    expect(e).toMatchObject({ kind: 'refused', retryable: false });
    expect(e.message).toContain('Account code 999 is not a valid code; Due date is required');
  });
});

describe('withRetries', () => {
  const run = async (failures: LedgerError[], overrides = {}) => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        const f = failures[calls++];
        if (f) throw f;
        return 'done';
      },
      { ...retry, ...overrides, sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    ).catch((e: unknown) => e);
    return { result, waits, calls };
  };

  it('waits exactly what Retry-After said before trying again (no busy loop)', async () => {
    const { result, waits, calls } = await run([map(429, { 'Retry-After': '3' }), map(429, { 'Retry-After': '2' })]);
    expect(result).toBe('done');
    expect(waits).toEqual([3000, 2000]);
    expect(calls).toBe(3);
  });

  it('backs off exponentially on 503 and gives up after the configured attempts', async () => {
    const { result, waits, calls } = await run(
      Array.from({ length: 9 }, () => map(503)),
      { attempts: 4 },
    );
    expect(result).toMatchObject({ kind: 'unavailable' });
    expect(calls).toBe(4);
    expect(waits).toEqual([375, 750, 1500]);
  });

  it('leaves a long wait (daily limit) to the job queue and never retries a refusal', async () => {
    const day = await run([map(429, { 'Retry-After': '3600', 'X-Rate-Limit-Problem': 'day' })]);
    expect(day.result).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3_600_000 });
    expect(day.calls).toBe(1);
    expect(day.waits).toEqual([]);
    const refused = await run([map(400)]);
    expect(refused.calls).toBe(1);
  });
});
