import { setupServer } from 'msw/node';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { xeroSandboxHandlers } from '../msw.ts';
import { DEFAULT_CLIENT, createXeroSandbox, type XeroSandbox } from '../sandbox.ts';
import { SEED_TENANTS } from '../seed/tenants.ts';
import { accountingClient } from '../testing.ts';
import { xeroUrls } from '../urls.ts';

// The back channel goes through msw and a real OAuth client (oauth4webapi), as the connector's will. The clock starts
// at the real time because oauth4webapi checks the ID token's exp against it.
const clock = manualClock(new Date());
let sandbox: XeroSandbox;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// Tells oauth4webapi how far the sandbox's clock has been moved, so it checks ID tokens against sandbox time.
const skewed = (): oauth.Client => ({
  client_id: DEFAULT_CLIENT.clientId,
  [oauth.clockSkew]: Math.round((clock.now().getTime() - Date.now()) / 1000),
});
const client: oauth.Client = { client_id: DEFAULT_CLIENT.clientId };
const auth = oauth.ClientSecretBasic(DEFAULT_CLIENT.clientSecret);
const redirectUri = 'https://relance.example/oauth/xero/callback';
const MIN = 60_000;

function fresh(): void {
  clock.set(new Date());
  sandbox = createXeroSandbox({ now: clock.now });
  server.use(...xeroSandboxHandlers(sandbox));
}

async function discover(): Promise<oauth.AuthorizationServer> {
  const issuer = new URL('https://identity.xero.com');
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer));
}

/** Plays the user on the consent screen: the page must name the organisations; "Allow access" posts the form. */
async function consent(params: Record<string, string>, tenantIds?: string[]): Promise<URL> {
  const authorize = new URL(xeroUrls.authorize);
  for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
  const page = await (await sandbox.app.fetch(new Request(authorize))).text();
  expect(page).toContain('Atelier Dupont SARL');
  expect(page).toContain('Hartley &amp; Sons Ltd');
  expect(page).toContain('Allow access');
  const form = new URLSearchParams({ ...params, decision: 'allow' });
  for (const id of tenantIds ?? [SEED_TENANTS.fr.id, SEED_TENANTS.uk.id]) form.append('tenant', id);
  const res = await sandbox.app.fetch(new Request(xeroUrls.authorize, { method: 'POST', body: form }));
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

async function connectWithPkce(): Promise<{ as: oauth.AuthorizationServer; tokens: oauth.TokenEndpointResponse }> {
  const as = await discover();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const back = await consent({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    state,
    scope: 'openid profile email offline_access accounting.invoices',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const params = oauth.validateAuthResponse(as, client, back, state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier);
  return { as, tokens: await oauth.processAuthorizationCodeResponse(as, client, res) };
}

describe('Xero sandbox OAuth', () => {
  it('runs the code flow with PKCE and hands out 30-minute tokens for the chosen organisations', async () => {
    fresh();
    const { tokens } = await connectWithPkce();
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(1800);
    expect(tokens.refresh_token).toBeTruthy();
    const res = await fetch(xeroUrls.connections, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const list = (await res.json()) as { tenantId: string; tenantName: string; tenantType: string }[];
    expect(list.map((c) => c.tenantName).sort()).toEqual(['Atelier Dupont SARL', 'Hartley & Sons Ltd']);
    expect(list.every((c) => c.tenantType === 'ORGANISATION')).toBe(true);
  });

  it('refuses a code whose code_verifier does not match the challenge', async () => {
    fresh();
    const as = await discover();
    const back = await consent({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      state: 's1',
      scope: 'offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    });
    const params = oauth.validateAuthResponse(as, client, back, 's1');
    const res = await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, oauth.generateRandomCodeVerifier());
    await expect(oauth.processAuthorizationCodeResponse(as, client, res)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('rotates the refresh token, replays the same pair for 30 minutes, then answers invalid_grant', async () => {
    fresh();
    const { as, tokens } = await connectWithPkce();
    const first = tokens.refresh_token as string;
    const rotated = await oauth.processRefreshTokenResponse(as, skewed(), await oauth.refreshTokenGrantRequest(as, client, auth, first));
    expect(rotated.refresh_token).not.toBe(first);
    expect(sandbox.control.refreshCount(SEED_TENANTS.fr.id)).toBe(1);

    clock.advance(29 * MIN);
    const replay = await oauth.processRefreshTokenResponse(as, skewed(), await oauth.refreshTokenGrantRequest(as, client, auth, first));
    expect(replay.refresh_token).toBe(rotated.refresh_token);
    expect(replay.access_token).toBe(rotated.access_token);
    expect(sandbox.control.refreshCount(SEED_TENANTS.fr.id)).toBe(1);

    clock.advance(2 * MIN);
    const late = await oauth.refreshTokenGrantRequest(as, client, auth, first);
    await expect(oauth.processRefreshTokenResponse(as, skewed(), late)).rejects.toMatchObject({ error: 'invalid_grant' });

    const next = await oauth.processRefreshTokenResponse(
      as,
      skewed(),
      await oauth.refreshTokenGrantRequest(as, client, auth, rotated.refresh_token as string),
    );
    expect(next.refresh_token).not.toBe(rotated.refresh_token);
    expect(sandbox.control.refreshCount(SEED_TENANTS.uk.id)).toBe(2);
  });

  it('lets a refresh token lapse after 60 days unused', async () => {
    fresh();
    const { as, tokens } = await connectWithPkce();
    clock.advance(61 * 24 * 60 * MIN);
    const res = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token as string);
    await expect(oauth.processRefreshTokenResponse(as, skewed(), res)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong client secret', async () => {
    fresh();
    const { as, tokens } = await connectWithPkce();
    const res = await oauth.refreshTokenGrantRequest(as, client, oauth.ClientSecretBasic('wrong'), tokens.refresh_token as string);
    await expect(oauth.processRefreshTokenResponse(as, skewed(), res)).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('expires access tokens after the configured lifetime (401 TokenExpired)', async () => {
    fresh();
    sandbox.control.setAccessTokenLifetime(60);
    const tokens = await sandbox.control.connect();
    const call = accountingClient(sandbox, tokens.access_token, SEED_TENANTS.fr.id);
    expect((await call('GET', '/Contacts')).status).toBe(200);
    clock.advance(61_000);
    const expired = await call('GET', '/Contacts');
    expect(expired.status).toBe(401);
    expect(expired.json.Detail).toMatch(/^TokenExpired/);
  });

  it('disconnects a tenant with DELETE /connections/{id}: its calls then answer 403, the other tenant still works', async () => {
    fresh();
    const tokens = await sandbox.control.connect();
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    const list = (await (await fetch(xeroUrls.connections, { headers: bearer })).json()) as { id: string; tenantId: string }[];
    const fr = list.find((c) => c.tenantId === SEED_TENANTS.fr.id);
    const del = await fetch(`${xeroUrls.connections}/${fr?.id}`, { method: 'DELETE', headers: bearer });
    expect(del.status).toBe(204);
    const denied = await accountingClient(sandbox, tokens.access_token, SEED_TENANTS.fr.id)('GET', '/Invoices');
    expect(denied.status).toBe(403);
    expect(denied.json.Detail).toBe('AuthenticationUnsuccessful');
    expect((await accountingClient(sandbox, tokens.access_token, SEED_TENANTS.uk.id)('GET', '/Invoices')).status).toBe(200);
  });

  it('lists connections per USER, like Xero: another user of the same app sees only theirs; authEventId narrows to one consent', async () => {
    fresh();
    const owner = await sandbox.control.connect({ tenantIds: [SEED_TENANTS.fr.id] });
    const bookkeeper = await sandbox.control.connect({ tenantIds: [SEED_TENANTS.uk.id], userId: 'another-user' });
    const list = async (token: string, query = '') =>
      (await (await fetch(`${xeroUrls.connections}${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        tenantId: string;
        authEventId: string;
      }[];
    expect((await list(owner.access_token)).map((c) => c.tenantId)).toEqual([SEED_TENANTS.fr.id]);
    expect((await list(bookkeeper.access_token)).map((c) => c.tenantId)).toEqual([SEED_TENANTS.uk.id]);

    // the owner consents again for the UK tenant: both are listed, each with the auth event that last connected it
    const again = await sandbox.control.connect({ tenantIds: [SEED_TENANTS.uk.id] });
    const all = await list(again.access_token);
    expect(all.map((c) => c.tenantId).sort()).toEqual([SEED_TENANTS.fr.id, SEED_TENANTS.uk.id].sort());
    const event = JSON.parse(Buffer.from(again.access_token.split('.')[1]!, 'base64url').toString('utf8'))
      .authentication_event_id as string;
    expect((await list(again.access_token, `?authEventId=${event}`)).map((c) => c.tenantId)).toEqual([SEED_TENANTS.uk.id]);
    // the bookkeeper's own connection to the UK tenant is untouched by the owner's consent
    expect((await list(bookkeeper.access_token)).map((c) => c.tenantId)).toEqual([SEED_TENANTS.uk.id]);
  });

  it('revokes a refresh token: the grant and its connections end', async () => {
    fresh();
    const { as, tokens } = await connectWithPkce();
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, tokens.refresh_token as string));
    const res = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token as string);
    await expect(oauth.processRefreshTokenResponse(as, skewed(), res)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(sandbox.control.connections()).toEqual([]);
  });

  it('redirects with error=access_denied when the user cancels', async () => {
    fresh();
    const form = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: 'offline_access',
      state: 'x',
      decision: 'deny',
    });
    const res = await sandbox.app.fetch(new Request(xeroUrls.authorize, { method: 'POST', body: form }));
    const back = new URL(res.headers.get('location') as string);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('x');
  });
});
