import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthFailure } from '../../core/connection.ts';
import type { LedgerPlace } from '../../core/place.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { cookieFrom, KIT_LEDGER, webKit } from '../../../test/web/kit.ts';
import { openSession, SESSION_COOKIE } from '../middleware/session.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** The ledger the kit wires: its consent starts here and comes back to its callback. */
const CONNECT = `/connect/${KIT_LEDGER.id}`;
const CALLBACK = `${CONNECT}/callback`;

const PARIS: LedgerPlace = {
  legalName: 'Atelier Dupont SARL',
  countryCode: 'FR',
  baseCurrency: 'EUR',
  timeZone: 'Europe/Paris',
  language: 'fr',
};
const LONDON: LedgerPlace = {
  legalName: 'Hartley & Sons Ltd',
  countryCode: 'GB',
  baseCurrency: 'GBP',
  timeZone: 'Europe/London',
  language: 'en',
};

/** Consent as a browser does it: start, then come back to the callback with the state the vendor echoes. */
async function consent(k: ReturnType<typeof webKit>, tenantId: string, place: LedgerPlace | null = PARIS) {
  k.flow.tenants = [{ externalId: tenantId, name: 'Atelier Dupont', connectionId: 'conn-1', place }];
  const start = await k.app.request(CONNECT);
  const cookie = cookieFrom(start)!;
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const callback = await k.app.request(`${CALLBACK}?code=abc&state=${state}`, { headers: { cookie } });
  return { start, callback, cookie: cookieFrom(callback) ?? cookie, state };
}

describe('connect', () => {
  it('sends the browser to the vendor with the callback URL, keeping the state for this browser only', async () => {
    const k = webKit(opened.store);
    const res = await k.app.request(CONNECT);
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin).toBe('https://login.vendor.test');
    expect(url.searchParams.get('redirect_uri')).toBe(`https://relance.test${CALLBACK}`);
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('creates the organisation, stores its tokens, queues its first sync and shows it', async () => {
    const k = webKit(opened.store);
    const tenant = `tenant-${Math.random().toString(36).slice(2)}`;
    const { callback, cookie, state } = await consent(k, tenant);
    expect(callback.status).toBe(302);
    const org = (await opened.store.findOrganisation(KIT_LEDGER.id, tenant))!;
    expect(org).toMatchObject({
      name: 'Atelier Dupont',
      timeZone: 'Europe/Paris',
      locale: 'fr',
      countryCode: 'FR',
      sender: { name: 'Atelier Dupont', email: 'owner@atelier-dupont.example' },
    });
    expect(org.policy.default.steps.length).toBeGreaterThan(0);
    expect(callback.headers.get('location')).toBe(`/orgs/${org.id}`);
    expect(k.saved).toEqual([{ orgId: org.id, tokens: expect.objectContaining({ refreshToken: 'rt' }) }]);
    expect(k.flow.completed[0]).toMatchObject({
      state,
      codeVerifier: 'verifier-1',
      redirectUri: `https://relance.test${CALLBACK}`,
    });
    expect(k.queue.jobs.map((j) => j.job)).toEqual([
      { type: 'sync', orgId: org.id, reason: 'connect' },
      { type: 'plan', orgId: org.id },
    ]);
    const page = await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Atelier Dupont');
  });

  it('reconnecting a known tenant keeps its organisation and marks it connected again', async () => {
    const k = webKit(opened.store);
    const tenant = `tenant-${Math.random().toString(36).slice(2)}`;
    await consent(k, tenant);
    const org = (await opened.store.findOrganisation(KIT_LEDGER.id, tenant))!;
    await opened.store.setConnectionStatus(org.id, 'needs-reconnect', 'invalid_grant');
    await consent(k, tenant);
    expect(await opened.store.findOrganisation(KIT_LEDGER.id, tenant)).toMatchObject({ id: org.id, connectionStatus: 'connected' });
    expect(k.saved.map((s) => s.orgId)).toEqual([org.id, org.id]);
  });

  it('places a British organisation where its ledger says: Europe/London, English, GB law', async () => {
    const k = webKit(opened.store);
    const tenant = `tenant-${Math.random().toString(36).slice(2)}`;
    await consent(k, tenant, LONDON);
    expect(await opened.store.findOrganisation(KIT_LEDGER.id, tenant)).toMatchObject({
      timeZone: 'Europe/London',
      locale: 'en',
      countryCode: 'GB',
      ledgerPlace: LONDON,
      // a new connection starts in preview: nothing is sent until the owner turns sending on
      sendingOnSince: null,
    });
  });

  it('connects when the ledger could not say where the organisation is: UTC, English, no law assumed, and says why', async () => {
    const k = webKit(opened.store);
    const tenant = `tenant-${Math.random().toString(36).slice(2)}`;
    const { callback } = await consent(k, tenant, null);
    expect(callback.status).toBe(302);
    expect(await opened.store.findOrganisation(KIT_LEDGER.id, tenant)).toMatchObject({
      timeZone: 'UTC',
      locale: 'en',
      countryCode: 'ZZ',
      ledgerPlace: null,
    });
    expect(k.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        obj: expect.objectContaining({ externalId: tenant }),
        msg: expect.stringMatching(/first sync/),
      }),
    );
  });

  it('reconnecting follows the ledger where the owner changed nothing, and keeps what the owner changed', async () => {
    const k = webKit(opened.store);
    const tenant = `tenant-${Math.random().toString(36).slice(2)}`;
    await consent(k, tenant, PARIS);
    const org = (await opened.store.findOrganisation(KIT_LEDGER.id, tenant))!;
    await opened.store.updateOrganisation(org.id, { locale: 'en' });
    await consent(k, tenant, { ...PARIS, timeZone: 'Europe/Brussels', countryCode: 'BE' });
    expect(await opened.store.findOrganisation(KIT_LEDGER.id, tenant)).toMatchObject({
      timeZone: 'Europe/Brussels',
      countryCode: 'BE',
      locale: 'en',
    });
  });

  it('refuses a replayed callback, and one whose state this browser did not start', async () => {
    const k = webKit(opened.store);
    const { cookie, state } = await consent(k, `tenant-${Math.random().toString(36).slice(2)}`);
    const replay = await k.app.request(`${CALLBACK}?code=abc&state=${state}`, { headers: { cookie } });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('This sign-in has expired');
    const stranger = await k.app.request(`${CALLBACK}?code=abc&state=${state}`);
    expect(stranger.status).toBe(400);
    expect(k.flow.completed).toHaveLength(1);
  });

  it('shows a page, never a stack trace, when the vendor fails or the user says no', async () => {
    const k = webKit(opened.store);
    k.flow.failWith = new Error('ECONNRESET at TLSSocket.onConnectEnd (node:_tls_wrap:1727:19)');
    const down = await k.app.request(CONNECT);
    expect(down.status).toBe(502);
    const text = await down.text();
    expect(text).toContain(`${KIT_LEDGER.displayName} did not answer`);
    expect(text).not.toContain('TLSSocket');
    const denied = await k.app.request(`${CALLBACK}?error=access_denied&error_description=<b>no</b>`);
    expect(denied.status).toBe(400);
    const deniedText = await denied.text();
    expect(deniedText).toContain('Connection cancelled');
    expect(deniedText).toContain('&lt;b&gt;no&lt;/b&gt;');
    expect((await k.app.request('/connect/no-such-ledger')).status).toBe(404);
  });

  it('disconnects at the vendor on a POST with the CSRF token, and not without it', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg({ locale: 'en' });
    const { cookie, csrf } = await k.signIn(org.id);
    const forged = await k.post(`/orgs/${org.id}/disconnect`, {}, cookie);
    expect(forged.status).toBe(403);
    expect(k.flow.disconnected).toEqual([]);
    const res = await k.post(`/orgs/${org.id}/disconnect`, { _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(k.flow.disconnected).toEqual([{ orgId: org.id, externalId: org.externalId }]);
    expect((await opened.store.getOrganisation(org.id))!.connectionStatus).toBe('disconnected');
    const page = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(page).toContain(`Reconnect ${KIT_LEDGER.displayName}`);
  });

  it('answers "unknown ledger" for names inherited from Object (constructor, __proto__), never a function’s source', async () => {
    const k = webKit(opened.store);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await k.app.request(`/connect/${name}`);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).toContain('Unknown ledger');
      expect(text).not.toMatch(/native code|function/);
      expect((await k.app.request(`/connect/${name}/callback?code=x&state=y`)).status).toBe(404);
    }
  });

  it('lets one client address start 10 consents a minute, then answers 429 with a page saying when to retry', async () => {
    const k = webKit(opened.store, '2026-03-04T09:00:00Z', { trustProxy: true });
    const from = (address: string) => ({ headers: { 'x-forwarded-for': `203.0.113.9, ${address}` } });
    for (let i = 0; i < 10; i++) expect((await k.app.request(CONNECT, from('198.51.100.7'))).status).toBe(302);
    const refused = await k.app.request(CONNECT, from('198.51.100.7'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.text()).toContain('Too many sign-in attempts');
    // no state stored for the refused one, and another address is not affected
    expect(k.flow.completed).toHaveLength(0);
    expect((await k.app.request(CONNECT, from('198.51.100.8'))).status).toBe(302);
    k.clock.set('2026-03-04T09:01:00Z');
    expect((await k.app.request(CONNECT, from('198.51.100.7'))).status).toBe(302);
  });

  it('expires consent states after 10 minutes: purged at the next start, and the late callback is refused', async () => {
    const k = webKit(opened.store, '2026-03-05T09:00:00Z');
    const abandoned = new URL((await k.app.request(CONNECT)).headers.get('location')!).searchParams.get('state')!;
    const late = await k.app.request(CONNECT);
    const lateState = new URL(late.headers.get('location')!).searchParams.get('state')!;
    k.clock.set('2026-03-05T09:10:01Z');
    await k.app.request(CONNECT);
    // the abandoned row is gone from the table (not only refused when read)
    expect(await opened.store.takeOAuthState(abandoned, '2000-01-01T00:00:00Z')).toBeNull();
    const callback = await k.app.request(`${CALLBACK}?code=abc&state=${lateState}`, { headers: { cookie: cookieFrom(late)! } });
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('This sign-in has expired');
    expect(k.flow.completed).toHaveLength(0);
  });

  it('shows a clear page (400, no error logged) when the vendor says the code was already used', async () => {
    const k = webKit(opened.store);
    const start = await k.app.request(CONNECT);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    k.flow.failWith = new OAuthFailure('invalid-grant', 'invalid_grant: Authorization code used or expired');
    const res = await k.app.request(`${CALLBACK}?code=used&state=${state}`, { headers: { cookie: cookieFrom(start)! } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This sign-in was already used');
    expect(k.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('gives the browser a new CSRF token when it signs in: a token from before the login no longer posts', async () => {
    const k = webKit(opened.store);
    const start = await k.app.request(CONNECT);
    const before = await openSession('test-cookie-secret-0123456789', cookieFrom(start)!.slice(SESSION_COOKIE.length + 1), 0);
    k.flow.tenants = [{ externalId: `tenant-${Math.random().toString(36).slice(2)}`, name: 'Atelier Dupont', connectionId: 'conn-1' }];
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const callback = await k.app.request(`${CALLBACK}?code=abc&state=${state}`, { headers: { cookie: cookieFrom(start)! } });
    const cookie = cookieFrom(callback)!;
    const after = await openSession('test-cookie-secret-0123456789', cookie.slice(SESSION_COOKIE.length + 1), 0);
    expect(after!.orgIds).toHaveLength(1);
    expect(after!.csrf).not.toBe(before!.csrf);
    const orgId = after!.orgIds[0]!;
    expect((await k.post(`/orgs/${orgId}/disconnect`, { _csrf: before!.csrf }, cookie)).status).toBe(403);
  });
});
