import type { MiddlewareHandler } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.ts';
import { faultResponse, type createFaults } from '../faults.ts';
import { MAX_KEY_LENGTH, type createIdempotency } from '../idempotency.ts';
import type { createLimiter } from '../limits.ts';
import { problem, validationException } from './errors.ts';

/**
 * In front of every Accounting call, in Xero's order: the bearer token (401), the `xero-tenant-id` and its connection
 * (403 AuthenticationUnsuccessful), the rate limits (429), injected faults, then Idempotency-Key replay on writes.
 * Every admitted answer carries the remaining-limit headers.
 */
export function accountingGate(
  ctx: SandboxContext,
  limiter: ReturnType<typeof createLimiter>,
  faults: ReturnType<typeof createFaults>,
  idempotency: ReturnType<typeof createIdempotency>,
): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = token ? ctx.auth.bearer(token) : { ok: false as const, detail: 'TokenMissing: no bearer token' };
    if (!who.ok) return problem(401, 'Unauthorized', who.detail, { 'www-authenticate': 'Bearer error="invalid_token"' });
    const tenantId = c.req.header('xero-tenant-id')?.trim().toLowerCase() ?? '';
    const tenant = ctx.state.tenants.get(tenantId);
    if (!tenant || !ctx.auth.connectionFor(who.clientId, tenantId)) return problem(403, 'Forbidden', 'AuthenticationUnsuccessful');

    const admission = limiter.admit(tenant.id);
    if (!admission.ok) {
      return problem(429, 'Too Many Requests', `Rate limit exceeded: ${admission.problem}`, {
        ...admission.headers,
        'Retry-After': String(admission.retryAfterSeconds),
        'X-Rate-Limit-Problem': admission.problem,
      });
    }
    try {
      if (ctx.settings.latencyMs > 0) await new Promise((r) => setTimeout(r, ctx.settings.latencyMs));
      const fault = faults.draw();
      if (fault !== null) return faultResponse(fault, admission.headers);
      c.set('tenant', tenant);
      c.set('clientId', who.clientId);
      const key = c.req.method === 'POST' || c.req.method === 'PUT' ? c.req.header('idempotency-key') : undefined;
      if (key !== undefined && key.length > MAX_KEY_LENGTH) {
        c.res = validationException([`Idempotency-Key must be ${MAX_KEY_LENGTH} characters or fewer.`]);
      } else if (key !== undefined) {
        const replay = idempotency.replay(tenant.id, key);
        if (replay) c.res = replay;
        else {
          await next();
          c.res = await idempotency.remember(tenant.id, key, c.req.path, c.res);
        }
      } else {
        await next();
      }
      for (const [k, v] of Object.entries(admission.headers)) c.res.headers.set(k, v);
      return c.res;
    } finally {
      admission.release();
    }
  };
}
