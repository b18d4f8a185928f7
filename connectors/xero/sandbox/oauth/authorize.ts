import type { SandboxApp, SandboxContext } from '../context.ts';

/**
 * The consent screen: GET shows the organisations and an "Allow access" button; the form posts back here and the
 * browser is redirected to the client with `code` and `state` (or `error=access_denied`).
 */

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

const PASSED = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce'] as const;

function errorPage(message: string): Response {
  return new Response(`<!doctype html><title>Xero sandbox</title><h1>Sorry, something went wrong</h1><p>${esc(message)}</p>`, {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

function checkRequest(ctx: SandboxContext, q: Record<string, string | undefined>): string | null {
  const client = q.client_id ? ctx.auth.client(q.client_id) : null;
  if (!client) return 'unauthorized_client: unknown client_id';
  if (!q.redirect_uri) return 'invalid_request: redirect_uri is required';
  if (client.redirectUris && !client.redirectUris.includes(q.redirect_uri)) return 'invalid_request: redirect_uri is not registered';
  if (q.code_challenge_method && !['S256', 'plain'].includes(q.code_challenge_method)) return 'invalid_request: code_challenge_method';
  if (!q.scope) return 'invalid_scope: scope is required';
  return null;
}

export function authorizeRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get('/identity/connect/authorize', (c) => {
    const q = c.req.query();
    const problem = q.response_type !== 'code' ? 'unsupported_response_type' : checkRequest(ctx, q);
    if (problem) return errorPage(problem);
    const client = ctx.auth.client(q.client_id as string);
    const hidden = PASSED.filter((k) => q[k] !== undefined)
      .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k] as string)}">`)
      .join('');
    const orgs = [...ctx.state.tenants.values()]
      .map((t) => `<label><input type="checkbox" name="tenant" value="${t.id}" checked> ${esc(t.name)}</label>`)
      .join('<br>');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xero sandbox: allow access</title></head>
<body><main><h1>${esc(client?.name ?? 'An app')} wants to access your organisations</h1>
<p>Scopes: ${esc(q.scope as string)}</p>
<form method="post" action="/identity/connect/authorize">${hidden}<fieldset><legend>Organisations</legend>${orgs}</fieldset>
<button type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>`;
    return c.html(html);
  });

  app.post('/identity/connect/authorize', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const one = (k: string): string | undefined => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    const q = Object.fromEntries(PASSED.map((k) => [k, one(k)]));
    const problem = checkRequest(ctx, q);
    if (problem) return errorPage(problem);
    const back = new URL(q.redirect_uri as string);
    if (one('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      if (q.state) back.searchParams.set('state', q.state);
      return c.redirect(back.toString(), 302);
    }
    const picked = ([] as unknown[]).concat(form.tenant ?? []).filter((t): t is string => typeof t === 'string');
    const tenantIds = picked.filter((id) => ctx.state.tenants.has(id));
    // the sandbox has no login: a `user` field plays another Xero user of the same app (tests of per-user connections)
    const user = one('user');
    const grant = ctx.auth.consent(q.client_id as string, tenantIds, q.scope as string, q.nonce ?? null, ...(user ? [user] : []));
    const code = ctx.auth.issueCode(
      grant.id,
      q.redirect_uri as string,
      q.code_challenge ?? null,
      q.code_challenge ? (q.code_challenge_method ?? 'plain') : null,
    );
    back.searchParams.set('code', code);
    back.searchParams.set('scope', q.scope as string);
    if (q.state) back.searchParams.set('state', q.state);
    back.searchParams.set('session_state', crypto.randomUUID());
    return c.redirect(back.toString(), 302);
  });
}
