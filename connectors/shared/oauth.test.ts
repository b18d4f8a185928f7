import { createHash } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xeroConfig } from '../xero/config.ts';
import { TOKEN_URL } from '../xero/testkit.ts';
import { createOAuthClient } from './oauth.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const config = xeroConfig().oauth;
const client = createOAuthClient(config, { clientId: 'client', clientSecret: 'secret' }, () => Date.parse('2026-03-01T10:00:00Z'));
const redirectUri = 'https://relance.example/oauth/xero/callback';

describe('OAuth code flow', () => {
  it('builds an authorize URL with state, PKCE S256 and the configured scopes', async () => {
    const { url, state, codeVerifier } = await client.authorizationUrl(redirectUri);
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://login.xero.com/identity/connect/authorize');
    expect(u.searchParams.get('state')).toBe(state);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('code_challenge')).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
    expect(u.searchParams.get('scope')).toBe(
      'offline_access accounting.invoices accounting.payments.read accounting.contacts.read accounting.settings.read openid profile email',
    );
    expect(u.searchParams.get('redirect_uri')).toBe(redirectUri);
  });

  it('exchanges the code with the verifier and refuses a callback with the wrong state', async () => {
    let form: URLSearchParams | null = null;
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        form = new URLSearchParams(await request.text());
        return HttpResponse.json({
          access_token: 'at',
          refresh_token: 'rt',
          expires_in: 1800,
          token_type: 'Bearer',
          scope: 'offline_access',
        });
      }),
    );
    const { state, codeVerifier } = await client.authorizationUrl(redirectUri);
    const { tokens } = await client.exchangeCode({
      callbackUrl: `${redirectUri}?code=abc&state=${state}`,
      state,
      codeVerifier,
      redirectUri,
    });
    expect(tokens).toMatchObject({ accessToken: 'at', refreshToken: 'rt', expiresAt: '2026-03-01T10:30:00.000Z' });
    expect(form!.get('code')).toBe('abc');
    expect(form!.get('code_verifier')).toBe(codeVerifier);
    await expect(
      client.exchangeCode({ callbackUrl: `${redirectUri}?code=abc&state=forged`, state, codeVerifier, redirectUri }),
    ).rejects.toMatchObject({ kind: 'refused' });
  });

  it('revokes with the token in a form', async () => {
    let revoked: string | null = null;
    server.use(
      http.post('https://identity.xero.com/connect/revocation', async ({ request }) => {
        revoked = new URLSearchParams(await request.text()).get('token');
        return new HttpResponse(null, { status: 200 });
      }),
    );
    await client.revoke('rt-9');
    expect(revoked).toBe('rt-9');
  });
});
