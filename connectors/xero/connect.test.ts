import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xeroConfig } from './config.ts';
import { xero } from './index.ts';
import { CONN, deps, TENANT, TOKEN_URL, tokenEndpoint, vaultWith } from './testkit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const OTHER = '22222222-2222-4222-8222-222222222222';
const connection = (id: string, tenantId: string, tenantType: string, tenantName: string) => ({
  id,
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
      http.get('https://api.xero.com/connections', ({ request }) => {
        log.push(`GET connections ${request.headers.get('authorization')}`);
        return HttpResponse.json(list);
      }),
      http.delete('https://api.xero.com/connections/:id', ({ params }) => {
        log.push(`DELETE ${String(params['id'])}`);
        list.splice(list.findIndex((c) => c.id === params['id']), 1);
        return new HttpResponse(null, { status: 204 });
      }),
      http.post('https://identity.xero.com/connect/revocation', async ({ request }) => {
        log.push(`revoke ${new URLSearchParams(await request.text()).get('token')}`);
        return new HttpResponse(null, { status: 200 });
      }),
    ],
  };
}

describe('connect', () => {
  it('goes from consent to tokens and one organisation per ORGANISATION tenant', async () => {
    const id = identity([connection('conn-1', TENANT, 'ORGANISATION', 'Atelier Dupont SARL'), connection('conn-p', OTHER, 'PRACTICE', 'Cabinet Martin')]);
    server.use(
      ...id.handlers,
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 1800, token_type: 'Bearer' })),
    );
    const flow = xero.connect(deps(await vaultWith(1)));
    const redirectUri = 'https://relance.example/oauth/xero/callback';
    const { url, state, codeVerifier } = await flow.start(redirectUri);
    expect(url).toContain('code_challenge_method=S256');
    const done = await flow.complete({ callbackUrl: `${redirectUri}?code=c0de&state=${state}`, state, codeVerifier, redirectUri });
    expect(done.tokens).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    expect(done.tenants).toEqual([{ externalId: TENANT, name: 'Atelier Dupont SARL', connectionId: 'conn-1' }]);
    expect(id.log).toEqual(['GET connections Bearer at-1']);
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
