import { Hono } from 'hono';
import { attachableRoutes } from './accounting/attachables.ts';
import { cdcRoutes } from './accounting/cdc.ts';
import { accountingGate } from './accounting/gate.ts';
import { invoiceRoutes } from './accounting/invoices.ts';
import { readRoutes } from './accounting/reads.ts';
import type { SandboxContext, SandboxEnv } from './context.ts';
import { type createFaults, validation } from './faults.ts';
import type { createIdempotency } from './idempotency.ts';
import type { createLimiter } from './limits.ts';
import { authorizeRoutes } from './oauth/authorize.ts';
import { discoveryRoutes } from './oauth/discovery.ts';
import { tokenRoutes } from './oauth/token.ts';

export type AppParts = {
  ctx: SandboxContext;
  limiter: ReturnType<typeof createLimiter>;
  idempotency: ReturnType<typeof createIdempotency>;
  faults: ReturnType<typeof createFaults>;
  /** Calls per `METHOD /path` with ids replaced, so tests can count what a client did (metered reads cost money). */
  calls: Map<string, number>;
};

export function endpointKey(method: string, url: string): string {
  const path = new URL(url).pathname
    .split('/')
    .map((seg) => (/^\d+$/.test(seg) ? '{id}' : seg.toLowerCase()))
    .join('/');
  return `${method} ${path}`;
}

/**
 * Intuit's hosts share no paths, so one app serves all of them. QuickBooks' resource names are lower case
 * (`/invoice`, `/companyinfo`) but it accepts any case, so paths are matched lower-cased (the realm id is digits).
 */
export function buildApp(parts: AppParts): Hono<SandboxEnv> {
  const { ctx } = parts;
  const app = new Hono<SandboxEnv>({ getPath: (req) => new URL(req.url).pathname.toLowerCase() });
  app.use('*', async (c, next) => {
    const key = endpointKey(c.req.method, c.req.url);
    parts.calls.set(key, (parts.calls.get(key) ?? 0) + 1);
    await next();
  });
  discoveryRoutes(app);
  authorizeRoutes(app, ctx);
  tokenRoutes(app, ctx);
  app.use('/v3/company/:realmId/*', accountingGate(ctx, parts.limiter, parts.faults, parts.idempotency));
  readRoutes(app, ctx);
  cdcRoutes(app, ctx);
  invoiceRoutes(app, ctx);
  attachableRoutes(app, ctx);
  app.notFound(() => validation(ctx.now(), '4000', 'Unsupported Operation', 'Operation not supported by the sandbox'));
  return app;
}
