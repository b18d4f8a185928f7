import type { MiddlewareHandler } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.ts';
import { authenticationFault, type createFaults, fault, faultResponse, throttlingFault } from '../faults.ts';
import type { createIdempotency } from '../idempotency.ts';
import type { createLimiter } from '../limits.ts';

/**
 * In front of every `/v3/company/:realmId/…` call: the bearer token (401), the token's company (403), the limits
 * (429 ThrottlingFault), injected faults (429 or 503), then `requestid` replay on writes.
 */
export function accountingGate(
  ctx: SandboxContext,
  limiter: ReturnType<typeof createLimiter>,
  faults: ReturnType<typeof createFaults>,
  idempotency: ReturnType<typeof createIdempotency>,
): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const now = ctx.now();
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = token ? ctx.auth.bearer(token) : { ok: false as const, detail: 'Token missing' };
    if (!who.ok) return authenticationFault(now, who.detail);
    if (faults.tokenDiesNow()) {
      ctx.auth.killAccessTokens(who.realmId);
      return authenticationFault(now, 'Token expired');
    }
    const realmId = c.req.param('realmId') ?? '';
    const realm = ctx.state.realms.get(realmId);
    if (!realm || who.realmId !== realmId) {
      return fault(
        now,
        403,
        'AuthorizationFault',
        '3100',
        'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
        'The token does not belong to this company',
      );
    }
    const admission = limiter.admit(realm.id);
    if (!admission.ok) return throttlingFault(now, admission.retryAfterSeconds);
    try {
      const injected = faults.draw();
      if (injected !== null) return faultResponse(now, injected);
      c.set('realm', realm);
      c.set('clientId', who.clientId);
      const requestId = c.req.method === 'POST' ? c.req.query('requestid') : undefined;
      const replay = requestId ? idempotency.replay(realm.id, requestId) : null;
      if (replay) return replay;
      await next();
      if (requestId && c.res.status < 500) c.res = await idempotency.remember(realm.id, requestId, c.res);
      return c.res;
    } finally {
      admission.release();
    }
  };
}
