import { Hono } from 'hono';
import { accountingGate } from './accounting/gate.ts';
import { creditNoteRoutes } from './accounting/credit-notes.ts';
import { notFound } from './accounting/errors.ts';
import { historyRoutes } from './accounting/history.ts';
import { invoiceRoutes } from './accounting/invoices.ts';
import { readRoutes } from './accounting/reads.ts';
import type { SandboxContext, SandboxEnv } from './context.ts';
import type { createFaults } from './faults.ts';
import type { createIdempotency } from './idempotency.ts';
import type { createLimiter } from './limits.ts';
import { authorizeRoutes } from './oauth/authorize.ts';
import { connectionRoutes } from './oauth/connections.ts';
import { discoveryRoutes } from './oauth/discovery.ts';
import { tokenRoutes } from './oauth/token.ts';
import { onlineInvoiceRoutes } from './online-invoice.ts';

/** Xero's own spelling of the path segments, so call counts read like Xero's URLs whatever case the client used. */
const SEGMENTS = Object.fromEntries(
  ['Invoices', 'History', 'OnlineInvoice', 'Payments', 'CreditNotes', 'Allocations', 'Contacts', 'Accounts', 'Items', 'Organisation'].map(
    (s) => [s.toLowerCase(), s],
  ),
);
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function endpointKey(method: string, url: string): string {
  const path = new URL(url).pathname
    .split('/')
    .map((seg) => (ID.test(seg) ? '{id}' : (SEGMENTS[seg.toLowerCase()] ?? seg)))
    .join('/');
  return `${method} ${path}`;
}

export type AppParts = {
  ctx: SandboxContext;
  limiter: ReturnType<typeof createLimiter>;
  faults: ReturnType<typeof createFaults>;
  idempotency: ReturnType<typeof createIdempotency>;
  calls: Map<string, number>;
};

/** Xero's hosts share no paths, so one app serves all of them; paths are matched case-insensitively, as Xero does. */
export function buildApp(parts: AppParts): Hono<SandboxEnv> {
  const { ctx } = parts;
  const app = new Hono<SandboxEnv>({ getPath: (req) => new URL(req.url).pathname.toLowerCase() });
  app.use('*', async (c, next) => {
    const key = endpointKey(c.req.method, c.req.url);
    parts.calls.set(key, (parts.calls.get(key) ?? 0) + 1);
    await next();
  });
  authorizeRoutes(app, ctx);
  tokenRoutes(app, ctx);
  discoveryRoutes(app);
  connectionRoutes(app, ctx);
  onlineInvoiceRoutes(app, ctx);
  app.use('/api.xro/2.0/*', accountingGate(ctx, parts.limiter, parts.faults, parts.idempotency));
  invoiceRoutes(app, ctx);
  historyRoutes(app, ctx);
  creditNoteRoutes(app, ctx);
  readRoutes(app, ctx);
  app.notFound(() => notFound());
  return app;
}
