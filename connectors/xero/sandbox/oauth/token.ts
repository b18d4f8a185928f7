import type { SandboxApp, SandboxContext } from '../context.ts';
import { issuerOf, urlsForRequest } from '../urls.ts';
import { clientCredentials, oauthError } from './client-auth.ts';
import { s256 } from './jwt.ts';

/** POST /connect/token (authorization_code, refresh_token) and POST /connect/revocation. */
export function tokenRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.post('/connect/token', async (c) => {
    const form = await c.req.parseBody();
    const creds = clientCredentials(c.req.header('authorization'), form);
    const client = creds && ctx.auth.client(creds.id, creds.secret ?? '');
    if (!creds || !client) return oauthError('invalid_client');
    const issuer = issuerOf(urlsForRequest(c.req.url));
    const field = (name: string): string | null => (typeof form[name] === 'string' ? (form[name] as string) : null);
    let outcome: Awaited<ReturnType<typeof ctx.auth.exchangeCode>>;
    if (form.grant_type === 'authorization_code') {
      const code = field('code');
      const redirectUri = field('redirect_uri');
      if (!code || !redirectUri) return oauthError('invalid_request');
      outcome = await ctx.auth.exchangeCode(client.clientId, code, redirectUri, field('code_verifier'), issuer, s256);
    } else if (form.grant_type === 'refresh_token') {
      const token = field('refresh_token');
      if (!token) return oauthError('invalid_request');
      outcome = await ctx.auth.useRefreshToken(client.clientId, token, issuer);
    } else {
      return oauthError('unsupported_grant_type');
    }
    if (!outcome.ok) return oauthError(outcome.error);
    return new Response(JSON.stringify(outcome.pair), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
    });
  });

  app.post('/connect/revocation', async (c) => {
    const form = await c.req.parseBody();
    const creds = clientCredentials(c.req.header('authorization'), form);
    const client = creds && ctx.auth.client(creds.id, creds.secret ?? '');
    if (!creds || !client) return oauthError('invalid_client');
    if (typeof form.token !== 'string') return oauthError('invalid_request');
    ctx.auth.revoke(client.clientId, form.token);
    return new Response(null, { status: 200 });
  });
}
