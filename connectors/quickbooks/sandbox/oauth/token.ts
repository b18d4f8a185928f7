import type { SandboxApp, SandboxContext } from '../context.ts';
import { PATHS } from '../urls.ts';
import { clientCredentials, oauthError } from './client-auth.ts';
import type { Outcome } from './store.ts';

/** The token endpoint (authorization_code with optional PKCE, refresh_token) and revocation. */
export function tokenRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.post(PATHS.token, async (c) => {
    const form = await c.req.parseBody();
    const creds = clientCredentials(c.req.header('authorization'), form);
    const client = creds && ctx.auth.client(creds.id, creds.secret);
    if (!client) return oauthError('invalid_client');
    const field = (k: string): string | null => (typeof form[k] === 'string' ? (form[k] as string) : null);
    const withHard = c.req.header('x-include-refresh-token-hard-expires-in') === 'true';
    let outcome: Outcome;
    if (form.grant_type === 'authorization_code') {
      const code = field('code');
      const redirectUri = field('redirect_uri');
      if (!code || !redirectUri) return oauthError('invalid_request');
      outcome = await ctx.auth.exchangeCode(client.clientId, code, redirectUri, field('code_verifier'), withHard);
    } else if (form.grant_type === 'refresh_token') {
      const token = field('refresh_token');
      if (!token) return oauthError('invalid_request');
      outcome = ctx.auth.useRefreshToken(client.clientId, token, withHard);
    } else return oauthError('unsupported_grant_type');
    if (!outcome.ok) return oauthError(outcome.error);
    return new Response(JSON.stringify(outcome.answer), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
    });
  });

  // Intuit's revoke takes JSON `{"token": …}` (their docs), but a form body is accepted too for generic clients.
  app.post(PATHS.revoke, async (c) => {
    const type = c.req.header('content-type') ?? '';
    const body: Record<string, unknown> = type.includes('json')
      ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>)
      : await c.req.parseBody();
    const creds = clientCredentials(c.req.header('authorization'), body);
    const client = creds && ctx.auth.client(creds.id, creds.secret);
    if (!client) return oauthError('invalid_client');
    if (typeof body.token !== 'string') return oauthError('invalid_request');
    ctx.auth.revoke(client.clientId, body.token);
    return new Response(null, { status: 200 });
  });
}
