import { Hono, type Context } from 'hono';
import { adoptConsent } from '../../services/connect.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Html } from '../html.ts';
import type { WebConnector, WebContext, WebEnv } from '../context.ts';
import { grantOrg } from '../middleware/session.ts';
import { deniedPage, noTenantPage, staleCallbackPage, unknownVendorPage, vendorDownPage } from './views.ts';

/** How long a user may take on the vendor's consent screen. */
const STATE_TTL_MS = 15 * 60_000;
export { PLACEHOLDER_EMAIL } from '../../services/connect.ts';

const redirectUriOf = (ctx: WebContext, vendor: string) => `${ctx.publicUrl.replace(/\/$/, '')}/connect/${vendor}/callback`;

function connectorOf(c: Context<WebEnv>): WebConnector | null {
  return c.get('ctx').connectors[c.req.param('vendor') ?? ''] ?? null;
}

export function connectRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/connect/:vendor', async (c) => {
    const connector = connectorOf(c);
    const vendor = c.req.param('vendor');
    if (!connector) return c.html(String(unknownVendorPage(vendor)), 404);
    const ctx = c.get('ctx');
    let start;
    try {
      start = await connector.flow.start(redirectUriOf(ctx, vendor));
    } catch (error) {
      ctx.deps.log.error({ vendor, err: String(error) }, 'connect start failed');
      return c.html(String(vendorDownPage(vendor)), 502);
    }
    // the verifier stays server-side; the session only binds the state to this browser
    await ctx.deps.store.saveOAuthState(start.state, vendor, start.codeVerifier, ctx.deps.clock.now().toISOString());
    c.set('session', { ...c.get('session'), oauthState: start.state });
    return c.redirect(start.url, 302);
  });

  app.get('/connect/:vendor/callback', async (c) => {
    const connector = connectorOf(c);
    const vendor = c.req.param('vendor');
    if (!connector) return c.html(String(unknownVendorPage(vendor)), 404);
    const ctx = c.get('ctx');
    const session = c.get('session');
    const error = c.req.query('error');
    if (error) return c.html(String(deniedPage(vendor, c.req.query('error_description') ?? error)), 400);
    const state = c.req.query('state') ?? '';
    if (!state || state !== session.oauthState) return c.html(String(staleCallbackPage(vendor)), 400);
    c.set('session', { ...session, oauthState: null });
    const now = ctx.deps.clock.now();
    const saved = await ctx.deps.store.takeOAuthState(state, new Date(now.getTime() - STATE_TTL_MS).toISOString());
    if (!saved || saved.vendor !== vendor) return c.html(String(staleCallbackPage(vendor)), 400);

    const redirectUri = redirectUriOf(ctx, vendor);
    let result;
    try {
      // the URL the vendor redirected to, as the browser saw it (a proxy may have rewritten the host)
      result = await connector.flow.complete({ callbackUrl: `${redirectUri}${new URL(c.req.url).search}`, state, codeVerifier: saved.verifier, redirectUri });
    } catch (err) {
      ctx.deps.log.error({ vendor, err: String(err) }, 'connect callback failed');
      return c.html(String(vendorDownPage(vendor)), 502);
    }
    if (result.tenants.length === 0) return c.html(String(noTenantPage(vendor)), 400);
    const orgs = await adoptConsent(ctx.deps, {
      vendor: connector.definition.id, tenants: result.tenants, tokens: result.tokens, identityEmail: result.identity?.email ?? null,
    }, { saveTokens: ctx.saveTokens, placeOf: () => ctx.defaults, consentId: state });
    for (const org of orgs) grantOrg(c, org.id);
    return c.redirect(orgs.length === 1 ? `/orgs/${orgs[0]!.id}` : '/', 302);
  });

  return app;
}

/** Disconnects at the vendor first: if that fails the owner is told and relance keeps the connection as it was. */
export async function disconnectOrganisation(ctx: WebContext, org: Organisation): Promise<{ ok: true } | { ok: false; page: Html }> {
  try {
    await ctx.connectors[org.vendor]?.flow.disconnect({ orgId: org.id, externalId: org.externalId });
  } catch (error) {
    ctx.deps.log.error({ orgId: org.id, err: String(error) }, 'disconnect failed');
    return { ok: false, page: vendorDownPage(org.vendor) };
  }
  await ctx.deps.store.setConnectionStatus(org.id, 'disconnected', 'disconnected by the owner');
  return { ok: true };
}
