import { beforeEach, describe, expect, it } from 'vitest';
import { calendarDate } from '../../../../src/core/calendar.ts';
import { manualClock } from '../clock.ts';
import { approveConsent } from '../consent.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT, type QuickBooksSandbox } from '../sandbox.ts';
import { seedQuickBooks } from '../seed/seed.ts';
import { accountingClient, connect, tokenRequest } from '../testing.ts';
import { quickbooksUrls } from '../urls.ts';
import { s256 } from './store.ts';

const VERIFIER = 'dBjftJeZ4CVP-mJ92K9u8DxOMSvA3xWsGwPTVu3sxpE';

const clock = manualClock('2026-03-15T18:00:00Z');
let sandbox: QuickBooksSandbox;
const fetcher = (r: Request) => Promise.resolve(sandbox.app.fetch(r));
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeEach(() => {
  clock.set('2026-03-15T18:00:00Z');
  sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 1, today: calendarDate('2026-03-15'), now: clock.now() }),
  });
});

describe('QuickBooks sandbox OAuth', () => {
  it('publishes Intuit-style discovery with the four endpoints', async () => {
    const doc = await (await sandbox.app.fetch(new Request(quickbooksUrls().discovery))).json();
    expect(doc).toMatchObject({
      issuer: 'https://oauth.platform.intuit.com/op/v1',
      authorization_endpoint: 'https://appcenter.intuit.com/connect/oauth2',
      token_endpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      revocation_endpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    });
    const served = await (await sandbox.app.fetch(new Request('http://localhost:4010/.well-known/openid_configuration'))).json();
    expect(served.token_endpoint).toBe('http://localhost:4010/oauth2/v1/tokens/bearer');
  });

  it('runs the code flow with PKCE S256: realmId on the redirect, 1 h access, 100-day refresh, hard expiry on request', async () => {
    const ukRealm = [...sandbox.state.realms.values()].find((r) => r.country === 'GB')!.id;
    const session = await connect(sandbox, ukRealm);
    expect(session.realmId).toBe(ukRealm);
    const refreshed = await tokenRequest(
      sandbox,
      { grant_type: 'refresh_token', refresh_token: session.refreshToken },
      { 'x-include-refresh-token-hard-expires-in': 'true' },
    );
    expect(refreshed.json).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 100 * 86400 });
    expect(refreshed.json.x_refresh_token_hard_expires_in).toBeGreaterThan(4 * 365 * 86400);
  });

  it('refuses a wrong verifier, a reused code and a missing verifier', async () => {
    const authorize = new URL(quickbooksUrls().authorize);
    const params = {
      client_id: DEFAULT_CLIENT.clientId,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: 'https://relance.example/cb',
      state: 's',
      code_challenge: await s256(VERIFIER),
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
    const back = new URL(await approveConsent(authorize.toString(), fetcher));
    expect(back.searchParams.get('state')).toBe('s');
    const code = back.searchParams.get('code')!;
    const exchange = (verifier?: string) =>
      tokenRequest(sandbox, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: params.redirect_uri,
        ...(verifier ? { code_verifier: verifier } : {}),
      });
    expect((await exchange()).json.error).toBe('invalid_request');
    expect((await exchange('wrong')).json.error).toBe('invalid_grant');
    expect((await exchange(VERIFIER)).text).toMatch(/access_token/);
    expect((await exchange(VERIFIER)).json.error).toBe('invalid_grant');
  });

  it('keeps the refresh token for a day, then rotates it; the old one works for the grace period only', async () => {
    const session = await connect(sandbox);
    const same = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    expect(same.json.refresh_token).toBe(session.refreshToken);
    clock.advance(DAY + HOUR);
    const rotated = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    expect(rotated.json.refresh_token).not.toBe(session.refreshToken);
    clock.advance(HOUR);
    const retried = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    expect(retried.json.refresh_token).toBe(rotated.json.refresh_token);
    clock.advance(DAY);
    expect((await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken })).json.error).toBe(
      'invalid_grant',
    );
    expect((await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: rotated.json.refresh_token })).status).toBe(200);
  });

  it('lets an unused refresh token lapse after 100 days', async () => {
    const session = await connect(sandbox);
    clock.advance(100 * DAY);
    expect((await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken })).json.error).toBe(
      'invalid_grant',
    );
  });

  it('revokes the whole connection', async () => {
    const session = await connect(sandbox);
    const basic = Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64');
    const res = await sandbox.app.fetch(
      new Request(quickbooksUrls().revoke, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: session.refreshToken }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await accountingClient(sandbox, session.accessToken, session.realmId)('GET', 'preferences')).status).toBe(401);
    expect((await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken })).json.error).toBe(
      'invalid_grant',
    );
  });

  it('refuses a bad client secret', async () => {
    const res = await sandbox.app.fetch(
      new Request(quickbooksUrls().token, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:nope`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }),
      }),
    );
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });
});
