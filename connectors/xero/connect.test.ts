import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xeroConfig } from './config.ts';
import { xero } from './index.ts';
import { API, CONN, deps, TENANT, TOKEN_URL, tokenEndpoint, vaultWith } from './testkit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const OTHER = '22222222-2222-4222-8222-222222222222';
const EVENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const OLDER_EVENT = 'aaaaaaaa-0000-4000-8000-000000000002';
const connection = (id: string, tenantId: string, tenantType: string, tenantName: string, authEventId = EVENT) => ({
  id,
  authEventId,
  tenantId,
  tenantType,
  tenantName,
  createdDateUtc: '2026-03-01T10:00:00.0000000',
  updatedDateUtc: '2026-03-01T10:00:00.0000000',
});

function identity(list: ReturnType<typeof connection>[]) {
  const log: string[] = [];
  return {
    log,
    handlers: [
      // like Xero, answers every connection of the user; the query filter is deliberately ignored here so the
      // connector's own filter is what is tested
      http.get('https://api.xero.com/connections', ({ request }) => {
        const event = new URL(request.url).searchParams.get('authEventId');
        log.push(`GET connections ${request.headers.get('authorization')}${event ? ` authEventId=${event}` : ''}`);
        return HttpResponse.json(list);
      }),
      http.delete('https://api.xero.com/connections/:id', ({ params }) => {
        log.push(`DELETE ${String(params.id)}`);
        list.splice(
          list.findIndex((c) => c.id === params.id),
          1,
        );
        return new HttpResponse(null, { status: 204 });
      }),
      http.post('https://identity.xero.com/connect/revocation', async ({ request }) => {
        log.push(`revoke ${new URLSearchParams(await request.text()).get('token')}`);
        return new HttpResponse(null, { status: 200 });
      }),
      // read at connect for each tenant; the tests about places put their own answer first
      http.get(`${API}/Organisation`, () => HttpResponse.json({ Organisations: [{ CountryCode: 'FR', Timezone: 'ROMANCESTANDARDTIME' }] })),
    ],
  };
}

/** An access token shaped like Xero's: a JWT whose payload names the consent's auth event. */
const jwtWith = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const AT = jwtWith({ authentication_event_id: EVENT, sub: 'user-1' });

/** `GET /Organisation` as Xero answers it, for a tenant in `CountryCode` on the Windows zone `Timezone`. */
function organisation(log: string[], fields: Record<string, unknown>, status = 200) {
  return http.get(`${API}/Organisation`, ({ request }) => {
    log.push(`GET Organisation ${request.headers.get('authorization')} tenant=${request.headers.get('xero-tenant-id')}`);
    if (status !== 200)
      return HttpResponse.json({ Type: null, Title: 'Forbidden', Status: status, Detail: 'AuthorizationUnsuccessful' }, { status });
    return HttpResponse.json({
      Id: 'e8b4f1d0-0000-4000-8000-000000000000',
      Status: 'OK',
      ProviderName: 'relance',
      DateTimeUTC: '/Date(1772618400000)/',
      Organisations: [{ OrganisationID: TENANT, Name: 'Atelier Dupont', OrganisationType: 'COMPANY', ...fields }],
    });
  });
}

describe('connect', () => {
  it('goes from consent to tokens and one organisation per ORGANISATION tenant', async () => {
    const id = identity([
      connection('conn-1', TENANT, 'ORGANISATION', 'Atelier Dupont SARL'),
      connection('conn-p', OTHER, 'PRACTICE', 'Cabinet Martin'),
    ]);
    server.use(
      organisation(id.log, { LegalName: 'Atelier Dupont SARL', CountryCode: 'FR', BaseCurrency: 'EUR', Timezone: 'ROMANCESTANDARDTIME' }),
      ...id.handlers,
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: AT, refresh_token: 'rt-1', expires_in: 1800, token_type: 'Bearer' })),
    );
    const flow = xero.connect(deps(await vaultWith(1)));
    const redirectUri = 'https://relance.example/oauth/xero/callback';
    const { url, state, codeVerifier } = await flow.start(redirectUri);
    expect(url).toContain('code_challenge_method=S256');
    const done = await flow.complete({ callbackUrl: `${redirectUri}?code=c0de&state=${state}`, state, codeVerifier, redirectUri });
    expect(done.tokens).toMatchObject({ accessToken: AT, refreshToken: 'rt-1' });
    expect(done.tenants).toEqual([
      {
        externalId: TENANT,
        name: 'Atelier Dupont SARL',
        connectionId: 'conn-1',
        place: { legalName: 'Atelier Dupont SARL', countryCode: 'FR', baseCurrency: 'EUR', timeZone: 'Europe/Paris', language: 'fr' },
      },
    ]);
    expect(id.log).toEqual([`GET connections Bearer ${AT} authEventId=${EVENT}`, `GET Organisation Bearer ${AT} tenant=${TENANT}`]);
  });

  it('reads a British organisation as Europe/London, English, GB', async () => {
    const id = identity([connection('conn-1', TENANT, 'ORGANISATION', 'Hartley & Sons Ltd')]);
    server.use(
      organisation(id.log, { LegalName: 'Hartley & Sons Ltd', CountryCode: 'GB', BaseCurrency: 'GBP', Timezone: 'GMTSTANDARDTIME' }),
      ...id.handlers,
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: AT, refresh_token: 'rt-1', expires_in: 1800, token_type: 'Bearer' })),
    );
    const flow = xero.connect(deps(await vaultWith(1)));
    const { state, codeVerifier } = await flow.start('https://relance.example/cb');
    const done = await flow.complete({
      callbackUrl: `https://relance.example/cb?code=c&state=${state}`,
      state,
      codeVerifier,
      redirectUri: 'https://relance.example/cb',
    });
    expect(done.tenants[0]?.place).toEqual({
      legalName: 'Hartley & Sons Ltd',
      countryCode: 'GB',
      baseCurrency: 'GBP',
      timeZone: 'Europe/London',
      language: 'en',
    });
  });

  it('still connects when the Organisation cannot be read (e.g. a consent without the settings scope), and logs why', async () => {
    const id = identity([connection('conn-1', TENANT, 'ORGANISATION', 'Atelier Dupont SARL')]);
    server.use(
      organisation(id.log, {}, 403),
      ...id.handlers,
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: AT, refresh_token: 'rt-1', expires_in: 1800, token_type: 'Bearer' })),
    );
    const warnings: { details: Record<string, unknown>; message: string }[] = [];
    const flow = xero.connect({ ...deps(await vaultWith(1)), logger: { warn: (details, message) => warnings.push({ details, message }) } });
    const { state, codeVerifier } = await flow.start('https://relance.example/cb');
    const done = await flow.complete({
      callbackUrl: `https://relance.example/cb?code=c&state=${state}`,
      state,
      codeVerifier,
      redirectUri: 'https://relance.example/cb',
    });
    expect(done.tenants).toEqual([{ externalId: TENANT, name: 'Atelier Dupont SARL', connectionId: 'conn-1', place: null }]);
    expect(warnings).toEqual([
      {
        details: expect.objectContaining({ tenantId: TENANT, err: expect.stringMatching(/read organisation/) }),
        message: expect.stringMatching(/first sync/),
      },
    ]);
  });

  it('adopts only the tenants this consent authorised, not every connection of the user', async () => {
    const id = identity([
      connection('conn-1', TENANT, 'ORGANISATION', 'Atelier Dupont SARL'),
      connection('conn-old', OTHER, 'ORGANISATION', 'Someone else’s company, connected long ago', OLDER_EVENT),
    ]);
    server.use(
      ...id.handlers,
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: AT, refresh_token: 'rt-1', expires_in: 1800, token_type: 'Bearer' })),
    );
    const flow = xero.connect(deps(await vaultWith(1)));
    const redirectUri = 'https://relance.example/oauth/xero/callback';
    const { state, codeVerifier } = await flow.start(redirectUri);
    const done = await flow.complete({ callbackUrl: `${redirectUri}?code=c0de&state=${state}`, state, codeVerifier, redirectUri });
    expect(done.tenants.map((t) => t.externalId)).toEqual([TENANT]);
  });

  it('adopts nothing when the access token names no auth event (nothing is guessed)', async () => {
    const id = identity([connection('conn-1', TENANT, 'ORGANISATION', 'Atelier Dupont SARL')]);
    server.use(
      ...id.handlers,
      http.post(TOKEN_URL, () =>
        HttpResponse.json({ access_token: 'opaque', refresh_token: 'rt-1', expires_in: 1800, token_type: 'Bearer' }),
      ),
    );
    const flow = xero.connect(deps(await vaultWith(1)));
    const redirectUri = 'https://relance.example/oauth/xero/callback';
    const { state, codeVerifier } = await flow.start(redirectUri);
    const done = await flow.complete({ callbackUrl: `${redirectUri}?code=c0de&state=${state}`, state, codeVerifier, redirectUri });
    expect(done.tenants).toEqual([]);
    expect(id.log).toEqual([]);
  });

  it('disconnects one tenant, and revokes the grant only when it was the last one', async () => {
    const id = identity([connection('conn-1', TENANT, 'ORGANISATION', 'A'), connection('conn-2', OTHER, 'ORGANISATION', 'B')]);
    server.use(...id.handlers, tokenEndpoint());
    const vault = await vaultWith(20 * 60_000);
    await vault.save('org-2', (await vault.read('org-1'))!);
    const flow = xero.connect(deps(vault));
    await flow.disconnect(CONN);
    expect(id.log).toEqual(['GET connections Bearer at-0', 'DELETE conn-1']);
    id.log.length = 0;
    await flow.disconnect({ orgId: 'org-2', externalId: OTHER });
    expect(id.log).toEqual(['GET connections Bearer at-0', 'DELETE conn-2', 'revoke rt-0']);
  });

  it('treats a grant already revoked on Xero’s side as disconnected', async () => {
    server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })));
    const vault = await vaultWith(-1);
    await expect(xero.connect(deps(vault)).disconnect(CONN)).resolves.toBeUndefined();
  });

  it('points every URL at one origin for the sandbox server', () => {
    const c = xeroConfig({ origin: 'http://127.0.0.1:4010/' });
    expect([c.oauth.authorizationEndpoint, c.oauth.tokenEndpoint, c.api.connections, c.api.accountingBase, c.oauth.issuer]).toEqual([
      'http://127.0.0.1:4010/identity/connect/authorize',
      'http://127.0.0.1:4010/connect/token',
      'http://127.0.0.1:4010/connections',
      'http://127.0.0.1:4010/api.xro/2.0',
      'http://127.0.0.1:4010',
    ]);
  });
});
