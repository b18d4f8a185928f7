import { Hono, type Context } from 'hono';
import { adoptConsent } from '../../services/connect.ts';
import { type LedgerApp, OAuthFailure } from '../../core/connection.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Html } from '../html.ts';
import type { WebContext, WebEnv } from '../context.ts';
import { randomToken } from '../crypto.ts';
import { ownEntry } from '../guards.ts';
import { clientAddress, fixedWindowLimiter } from '../middleware/rate-limit.ts';
import { grantOrg } from '../middleware/session.ts';
import {
  codeUsedPage,
  deniedPage,
  noTenantPage,
  staleCallbackPage,
  tooManyStartsPage,
  unknownVendorPage,
  vendorDownPage,
  vendorName,
} from './views.ts';

/** How long a user may take on the vendor's consent screen; older states are refused and purged. */
export const STATE_TTL_MS = 10 * 60_000;
export const CONNECT_STARTS_PER_MINUTE = 10;
export { PLACEHOLDER_EMAIL } from '../../services/connect.ts';

const redirectUriOf = (ctx: WebContext, vendor: string) => `${ctx.publicUrl.replace(/\/$/, '')}/connect/${vendor}/callback`;

function connectorOf(c: Context<WebEnv>): LedgerApp | null {
  return ownEntry(c.get('ctx').connectors, c.req.param('vendor')) ?? null;
}

export function connectRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  let starts: ReturnType<typeof fixedWindowLimiter> | null = null;

  app.get('/connect/:vendor', async (c) => {
    const connector = connectorOf(c);
    const vendor = c.req.param('vendor');
    if (!connector) return c.html(String(unknownVendorPage(vendor)), 404);
    const ctx = c.get('ctx');
    const name = connector.displayName;
    const now = ctx.deps.clock.now();
    // each start stores a state row and opens the vendor's consent page: an anonymous client gets a few a minute
    starts ??= fixedWindowLimiter({ limit: ctx.connectStartsPerMinute ?? CONNECT_STARTS_PER_MINUTE, windowMs: 60_000 });
    const admitted = starts.take(clientAddress(c, !!ctx.trustProxy), now.getTime());
    if (!admitted.ok) {
      return c.html(String(tooManyStartsPage(admitted.retryAfterSeconds)), 429, { 'retry-after': String(admitted.retryAfterSeconds) });
    }
    let start: Awaited<ReturnType<typeof connector.flow.start>>;
    try {
      start = await connector.flow.start(redirectUriOf(ctx, vendor));
    } catch (error) {
      ctx.deps.log.error({ vendor, err: String(error) }, 'connect start failed');
      return c.html(String(vendorDownPage(vendor, name)), 502);
    }
    // the verifier stays server-side; the session only binds the state to this browser. States of consents never
    // finished go here, so the table holds at most the last few minutes of starts.
    await ctx.deps.store.expireOAuthStates(new Date(now.getTime() - STATE_TTL_MS).toISOString());
    await ctx.deps.store.saveOAuthState(start.state, vendor, start.codeVerifier, now.toISOString());
    c.set('session', { ...c.get('session'), oauthState: start.state });
    return c.redirect(start.url, 302);
  });

  app.get('/connect/:vendor/callback', async (c) => {
    const connector = connectorOf(c);
    const vendor = c.req.param('vendor');
    if (!connector) return c.html(String(unknownVendorPage(vendor)), 404);
    const ctx = c.get('ctx');
    const name = connector.displayName;
    const session = c.get('session');
    const error = c.req.query('error');
    if (error) return c.html(String(deniedPage(vendor, name, c.req.query('error_description') ?? error)), 400);
    const state = c.req.query('state') ?? '';
    if (!state || state !== session.oauthState) return c.html(String(staleCallbackPage(vendor, name)), 400);
    c.set('session', { ...session, oauthState: null });
    const now = ctx.deps.clock.now();
    const saved = await ctx.deps.store.takeOAuthState(state, new Date(now.getTime() - STATE_TTL_MS).toISOString());
    if (!saved || saved.vendor !== vendor) return c.html(String(staleCallbackPage(vendor, name)), 400);

    const redirectUri = redirectUriOf(ctx, vendor);
    let result: Awaited<ReturnType<typeof connector.flow.complete>>;
    try {
      // the URL the vendor redirected to, as the browser saw it (a proxy may have rewritten the host)
      result = await connector.flow.complete({
        callbackUrl: `${redirectUri}${new URL(c.req.url).search}`,
        state,
        codeVerifier: saved.verifier,
        redirectUri,
      });
    } catch (err) {
      // a code used twice (the back button, a double click) is the user's path, not an outage
      if (err instanceof OAuthFailure && err.kind === 'invalid-grant') {
        ctx.deps.log.warn({ vendor, err: err.message }, 'connect callback: code already used or expired');
        return c.html(String(codeUsedPage(vendor, name)), 400);
      }
      ctx.deps.log.error({ vendor, err: String(err) }, 'connect callback failed');
      return c.html(String(vendorDownPage(vendor, name)), 502);
    }
    if (result.tenants.length === 0) return c.html(String(noTenantPage(vendor, name)), 400);
    const orgs = await adoptConsent(
      ctx.deps,
      {
        vendor: connector.id,
        tenants: result.tenants,
        tokens: result.tokens,
        identityEmail: result.identity?.email ?? null,
      },
      { saveTokens: ctx.saveTokens, consentId: state },
    );
    // signing in: a new CSRF token, so one planted or seen before the login is worth nothing after it
    c.set('session', { ...c.get('session'), csrf: randomToken() });
    for (const org of orgs) grantOrg(c, org.id);
    return c.redirect(orgs.length === 1 ? `/orgs/${orgs[0]!.id}` : '/', 302);
  });

  return app;
}

/** Disconnects at the vendor first: if that fails the owner is told and relance keeps the connection as it was. */
export async function disconnectOrganisation(ctx: WebContext, org: Organisation): Promise<{ ok: true } | { ok: false; page: Html }> {
  try {
    await ownEntry(ctx.connectors, org.vendor)?.flow.disconnect({ orgId: org.id, externalId: org.externalId });
  } catch (error) {
    ctx.deps.log.error({ orgId: org.id, err: String(error) }, 'disconnect failed');
    return { ok: false, page: vendorDownPage(org.vendor, vendorName(org.vendor, ctx.connectors)) };
  }
  await ctx.deps.store.setConnectionStatus(org.id, 'disconnected', 'disconnected by the owner');
  return { ok: true };
}
