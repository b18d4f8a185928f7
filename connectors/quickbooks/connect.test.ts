import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/core/calendar.ts';
import { LedgerError } from '../../src/core/ports.ts';
import { MemoryTokenVault } from '../shared/memory-vault.ts';
import { createQuickBooksRuntime } from './client.ts';
import { quickbooksConfig } from './config.ts';
import { createQuickBooksConnect } from './connect.ts';
import { approveConsent, createQuickBooksSandbox, DEFAULT_CLIENT, manualClock, seedQuickBooks } from './sandbox/index.ts';
import { quickbooksSandboxHandlers } from './sandbox/msw.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const AT = '2026-03-15T18:00:00Z';
const US = '9341453050071240';
const UK = '9341453050071241';
const REDIRECT = 'https://relance.example/connect/quickbooks/callback';

function setup() {
  const clock = manualClock(AT);
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 5, today: calendarDate(AT.slice(0, 10)), now: clock.now() }),
  });
  const warnings: string[] = [];
  const logger = { warn: (_: Record<string, unknown>, message: string) => warnings.push(message) };
  const config = quickbooksConfig();
  const vault = new MemoryTokenVault();
  const credentials = { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret };
  const runtime = createQuickBooksRuntime(config, { vault, credentials, clock, sleep: clock.sleep, logger });
  const flow = createQuickBooksConnect(config, runtime, credentials, logger);
  const handlers = quickbooksSandboxHandlers(sandbox);
  server.use(...handlers);
  const consent = async (realmId?: string) => {
    const start = await flow.start(REDIRECT);
    const callbackUrl = await approveConsent(start.url, (r) => Promise.resolve(sandbox.app.fetch(r)), realmId);
    return { start, callbackUrl };
  };
  return { clock, sandbox, warnings, vault, runtime, flow, consent };
}

describe('connecting a QuickBooks company', () => {
  it('asks for accounting with state and PKCE on Intuit authorize page', async () => {
    const { flow } = setup();
    const start = await flow.start(REDIRECT);
    const url = new URL(start.url);
    expect(url.origin + url.pathname).toBe('https://appcenter.intuit.com/connect/oauth2');
    expect(url.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting openid profile email');
    expect(url.searchParams.get('state')).toBe(start.state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
  });

  it('the company picked on the consent page becomes the tenant, named and placed from companyinfo and preferences', async () => {
    const { flow, consent } = setup();
    const { start, callbackUrl } = await consent(UK);
    const done = await flow.complete({ callbackUrl, state: start.state, codeVerifier: start.codeVerifier, redirectUri: REDIRECT });
    expect(done.tenants).toEqual([
      {
        externalId: UK,
        name: 'Harbour Print',
        connectionId: null,
        place: { legalName: expect.any(String), countryCode: 'GB', baseCurrency: 'GBP', timeZone: 'Europe/London', language: 'en' },
      },
    ]);
    // the refresh token's rolling 100 days, sooner than its hard 5 years
    expect(done.tokens.refreshExpiresAt).toBe(new Date(Date.parse(AT) + 100 * 86_400_000).toISOString());
  });

  it('a callback whose state is not the one started is refused, and so is one naming no company', async () => {
    const { flow, consent } = setup();
    const { start, callbackUrl } = await consent(US);
    await expect(flow.complete({ callbackUrl, state: 'forged', codeVerifier: start.codeVerifier, redirectUri: REDIRECT })).rejects.toThrow(
      /state/,
    );
    const noRealm = new URL(callbackUrl);
    noRealm.searchParams.delete('realmId');
    await expect(
      flow.complete({ callbackUrl: noRealm, state: start.state, codeVerifier: start.codeVerifier, redirectUri: REDIRECT }),
    ).rejects.toThrow(/names no QuickBooks company/);
  });

  it('connects even when the company cannot be read: no place, a stand-in name, the reason logged', async () => {
    const { flow, consent, sandbox, warnings } = setup();
    const { start, callbackUrl } = await consent(US);
    sandbox.control.failNext(2, 503);
    const done = await flow.complete({ callbackUrl, state: start.state, codeVerifier: start.codeVerifier, redirectUri: REDIRECT });
    expect(done.tenants).toEqual([{ externalId: US, name: `QuickBooks company ${US}`, connectionId: null, place: null }]);
    expect(warnings.filter((w) => /failed at connect/.test(w))).toHaveLength(2);
  });

  it('uses the configured endpoints when the discovery document cannot be read', async () => {
    const { flow, consent, warnings } = setup();
    server.use(
      http.get('https://developer.api.intuit.com/.well-known/openid_configuration', () => new HttpResponse(null, { status: 503 })),
    );
    const { start, callbackUrl } = await consent(US);
    const done = await flow.complete({ callbackUrl, state: start.state, codeVerifier: start.codeVerifier, redirectUri: REDIRECT });
    expect(done.tenants[0]?.externalId).toBe(US);
    expect(warnings).toContain('discovery document not read: the configured OAuth endpoints are used');
  });

  it('disconnecting revokes the grant: the next refresh is refused and the organisation needs reconnecting', async () => {
    const { flow, consent, vault, runtime, clock } = setup();
    const { start, callbackUrl } = await consent(US);
    const done = await flow.complete({ callbackUrl, state: start.state, codeVerifier: start.codeVerifier, redirectUri: REDIRECT });
    await vault.save('org-1', done.tokens);
    const conn = { orgId: 'org-1', externalId: US };
    await flow.disconnect(conn);
    clock.advance(2 * 3_600_000);
    const error = await runtime.call(conn, 'read preferences', { method: 'GET', path: 'preferences' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).kind).toBe('auth');
    expect(vault.needsReconnect.has('org-1')).toBe(true);
    // a second disconnect (the grant already gone) is quiet
    await expect(flow.disconnect(conn)).resolves.toBeUndefined();
  });
});
