import type { SandboxApp, SandboxContext } from '../context.ts';
import { PATHS } from '../urls.ts';

/**
 * Intuit's consent page: the user picks ONE company and connects; the browser goes back to the redirect URI with
 * `code`, `state` and `realmId` (or `error=access_denied`). The sandbox has no login.
 */
const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

const PASSED = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;
export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

function errorPage(message: string): Response {
  return new Response(`<!doctype html><title>Intuit sandbox</title><h1>Something went wrong</h1><p>${esc(message)}</p>`, {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

function checkRequest(ctx: SandboxContext, q: Record<string, string | undefined>): string | null {
  const client = q.client_id ? ctx.auth.client(q.client_id) : null;
  if (!client) return 'invalid_client: unknown client_id';
  if (!q.redirect_uri) return 'invalid_request: redirect_uri is required';
  if (client.redirectUris && !client.redirectUris.includes(q.redirect_uri)) return 'invalid_request: redirect_uri is not registered';
  if (!q.scope?.split(/\s+/).some((s) => s.startsWith('com.intuit.quickbooks') || s === 'openid')) return 'invalid_scope';
  if (q.code_challenge_method && !['S256', 'plain'].includes(q.code_challenge_method)) return 'invalid_request: code_challenge_method';
  return null;
}

export function authorizeRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get(PATHS.authorize, (c) => {
    const q = c.req.query();
    const problem = q.response_type !== 'code' ? 'unsupported_response_type' : checkRequest(ctx, q);
    if (problem) return errorPage(problem);
    const hidden = PASSED.filter((k) => q[k] !== undefined)
      .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k] as string)}">`)
      .join('');
    const companies = [...ctx.state.realms.values()]
      .map((r, i) => `<label><input type="radio" name="realmId" value="${r.id}"${i === 0 ? ' checked' : ''}> ${esc(r.name)}</label>`)
      .join('<br>');
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intuit sandbox: connect</title></head>
<body><main><h1>${esc(ctx.auth.client(q.client_id as string)?.name ?? 'An app')} wants to connect to your company</h1>
<form method="post" action="${PATHS.authorize}">${hidden}<fieldset><legend>Company</legend>${companies}</fieldset>
<button type="submit" name="decision" value="allow">Connect</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>`);
  });

  app.post(PATHS.authorize, async (c) => {
    const form = await c.req.parseBody();
    const one = (k: string): string | undefined => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    const q = Object.fromEntries(PASSED.map((k) => [k, one(k)]));
    const problem = checkRequest(ctx, q);
    if (problem) return errorPage(problem);
    const back = new URL(q.redirect_uri as string);
    if (q.state) back.searchParams.set('state', q.state);
    const realmId = one('realmId');
    if (one('decision') !== 'allow' || !realmId || !ctx.state.realms.has(realmId)) {
      back.searchParams.set('error', 'access_denied');
      return c.redirect(back.toString(), 302);
    }
    const grant = ctx.auth.consent(q.client_id as string, realmId, q.scope as string);
    const method = q.code_challenge ? (q.code_challenge_method ?? 'plain') : null;
    back.searchParams.set('code', ctx.auth.issueCode(grant.id, q.redirect_uri as string, q.code_challenge ?? null, method));
    back.searchParams.set('realmId', realmId);
    return c.redirect(back.toString(), 302);
  });
}
