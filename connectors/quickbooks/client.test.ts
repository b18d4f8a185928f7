import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/core/calendar.ts';
import { LedgerError } from '../../src/core/ports.ts';
import { MemoryTokenVault } from '../shared/memory-vault.ts';
import { createQuickBooksRuntime, faultOf, quickbooksError, requestUrl } from './client.ts';
import { quickbooksConfig } from './config.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT, manualClock, seedQuickBooks } from './sandbox/index.ts';
import { quickbooksSandboxHandlers } from './sandbox/msw.ts';
import { connect } from './sandbox/testing.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const AT = '2026-03-15T18:00:00Z';

/** The emulator on a movable clock, one company connected, its tokens in a vault; the connector's waits move the clock. */
async function setup() {
  const clock = manualClock(AT);
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 5, today: calendarDate(AT.slice(0, 10)), now: clock.now() }),
  });
  server.use(...quickbooksSandboxHandlers(sandbox));
  const session = await connect(sandbox);
  const vault = new MemoryTokenVault();
  await vault.save('org-1', {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
  });
  const runtime = createQuickBooksRuntime(quickbooksConfig(), {
    vault,
    credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
    clock,
    sleep: clock.sleep,
  });
  const conn = { orgId: 'org-1', externalId: session.realmId };
  return { clock, sandbox, vault, runtime, conn, realmId: session.realmId };
}

async function rejection(promise: Promise<unknown>): Promise<LedgerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof LedgerError)) throw new Error(`expected a LedgerError, got ${String(error)}`);
  return error;
}

describe('QuickBooks client over the emulator', () => {
  it('reads a company with its bearer token, minorversion and JSON', async () => {
    const { runtime, conn, realmId } = await setup();
    const body = (await runtime.call(conn, 'read company', { method: 'GET', path: `companyinfo/${realmId}` })) as {
      CompanyInfo: { CompanyName: string };
    };
    expect(body.CompanyInfo.CompanyName).toBeTruthy();
  });

  it('puts minorversion and requestid on the URL, and refuses a requestid QuickBooks would not keep', () => {
    const config = quickbooksConfig();
    const url = new URL(
      requestUrl(config, '123', { method: 'POST', path: '/invoice', query: { include: 'invoiceLink' }, requestId: 'r-1' }),
    );
    expect(url.origin + url.pathname).toBe('https://quickbooks.api.intuit.com/v3/company/123/invoice');
    expect(url.searchParams.get('minorversion')).toBe('75');
    expect(url.searchParams.get('requestid')).toBe('r-1');
    expect(url.searchParams.get('include')).toBe('invoiceLink');
    expect(() => requestUrl(config, '123', { method: 'POST', path: 'invoice', requestId: 'x'.repeat(51) })).toThrow(/longer than 50/);
  });

  it('a query QuickBooks cannot parse is refused, the message naming what was done and what QuickBooks said', async () => {
    const { runtime, conn } = await setup();
    const error = await rejection(runtime.call(conn, 'read invoices', { method: 'GET', path: 'query', query: { query: 'select from' } }));
    expect(error.kind).toBe('refused');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^read invoices: refused \(400\): Error parsing query.*\(4000\)/);
  });

  it('a record that does not exist is not-found (Fault 610)', async () => {
    const { runtime, conn } = await setup();
    const error = await rejection(runtime.call(conn, 'read invoice 999999', { method: 'GET', path: 'invoice/999999' }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toMatch(/^read invoice 999999: not found: Object Not Found/);
  });

  it('a stale SyncToken is a retryable conflict (Fault 5010), handed up at once for the writer to re-read', async () => {
    const { runtime, conn, clock } = await setup();
    const read = (await runtime.call(conn, 'read invoices', {
      method: 'GET',
      path: 'query',
      query: { query: 'select * from Invoice maxresults 1' },
    })) as { QueryResponse: { Invoice: { Id: string; SyncToken: string }[] } };
    const invoice = read.QueryResponse.Invoice[0]!;
    const stale = String(Number(invoice.SyncToken) + 7);
    const error = await rejection(
      runtime.call(conn, 'add a note', {
        method: 'POST',
        path: 'invoice',
        body: { Id: invoice.Id, SyncToken: stale, sparse: true, PrivateNote: 'x' },
      }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^add a note: the record changed in QuickBooks meanwhile: Stale Object Error/);
    expect(clock.waits).toEqual([]);
  });

  it('a dead access token is refreshed once and the call retried; the vault keeps the refresh token expiry', async () => {
    const { runtime, conn, sandbox, vault, realmId } = await setup();
    const before = await vault.read('org-1');
    expect(sandbox.control.killAccessTokens(realmId)).toBeGreaterThan(0);
    const body = (await runtime.call(conn, 'read preferences', { method: 'GET', path: 'preferences' })) as { Preferences: unknown };
    expect(body.Preferences).toBeTruthy();
    const after = await vault.read('org-1');
    expect(after?.accessToken).not.toBe(before?.accessToken);
    // the rolling 100 days are sooner than the hard 5 years
    expect(after?.refreshExpiresAt).toBe(new Date(Date.parse(AT) + 100 * 86_400_000).toISOString());
  });

  it('a ThrottlingFault waits what Retry-After says, then the call goes through', async () => {
    const { runtime, conn, sandbox, clock } = await setup();
    sandbox.control.failNext(2, 429);
    await runtime.call(conn, 'read preferences', { method: 'GET', path: 'preferences' });
    expect(clock.waits).toEqual([1_000, 1_000]);
  });

  it('QuickBooks down is unavailable once the attempts are spent', async () => {
    const { runtime, conn, sandbox } = await setup();
    sandbox.control.failNext(5, 503);
    const error = await rejection(runtime.call(conn, 'read preferences', { method: 'GET', path: 'preferences' }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/^read preferences: ledger unavailable \(503\)/);
  });

  it('a write repeated with the same requestid lands once', async () => {
    const { runtime, conn, sandbox, realmId } = await setup();
    const realm = sandbox.state.realms.get(realmId)!;
    const customer = [...realm.entities.Customer.values()][0] as { Id: string };
    const note = { Note: 'reminder sent', AttachableRef: [{ EntityRef: { type: 'Customer', value: customer.Id } }] };
    const before = realm.entities.Attachable.size;
    const first = await runtime.call(conn, 'add a note', { method: 'POST', path: 'attachable', body: note, requestId: 'note-1' });
    const again = await runtime.call(conn, 'add a note', { method: 'POST', path: 'attachable', body: note, requestId: 'note-1' });
    expect(again).toEqual(first);
    expect(realm.entities.Attachable.size).toBe(before + 1);
  });
});

describe('QuickBooks faults', () => {
  const config = quickbooksConfig();
  const fail = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    quickbooksError({ status, headers, body }, config, 'sync');

  it('reads the gateway lower-case fault as an authentication failure worth a refresh', () => {
    const body = {
      fault: { error: [{ message: 'message=AuthenticationFailed', detail: 'Token expired', code: '3200' }], type: 'AUTHENTICATION' },
    };
    expect(faultOf(body)?.errors[0]?.code).toBe('3200');
    const error = fail(401, body);
    expect([error.kind, error.status]).toEqual(['auth', 401]);
  });

  it('a ThrottlingFault without Retry-After waits the default minute', () => {
    const error = fail(429, { Fault: { Error: [{ Message: 'ThrottleExceeded', code: '3001' }], type: 'ThrottlingFault' } });
    expect([error.kind, error.retryAfterMs]).toEqual(['rate-limited', 60_000]);
  });

  it('a 403 AuthorizationFault is auth, not refreshed; a validation fault is refused; a 502 page is unavailable', () => {
    expect(
      fail(403, { Fault: { Error: [{ Message: 'ApplicationAuthorizationFailed', code: '3100' }], type: 'AuthorizationFault' } }),
    ).toMatchObject({
      kind: 'auth',
      status: 403,
    });
    expect(
      fail(400, { Fault: { Error: [{ Message: 'Business Validation Error', Detail: 'Amount', code: '6000' }], type: 'ValidationFault' } })
        .message,
    ).toBe('sync: refused (400): Business Validation Error: Amount (6000)');
    expect(fail(502, '<html>Bad gateway</html>')).toMatchObject({ kind: 'unavailable' });
  });
});
