import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { QueueUnavailable } from '../jobs/queue.ts';
import { NotFoundError } from '../services/deps.ts';
import { answerRoutes } from './answers/routes.ts';
import { assetRoutes } from './assets/routes.ts';
import { apiRoutes } from './api/routes.ts';
import { connectRoutes } from './connect/routes.ts';
import type { WebContext, WebEnv } from './context.ts';
import { homeRoutes } from './home/routes.ts';
import { legalRoutes } from './legal/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { errorPage } from './layout.ts';
import { requestLog } from './middleware/request-log.ts';
import { DEFAULT_FRAME_ANCESTORS, securityHeaders } from './middleware/security-headers.ts';
import { session } from './middleware/session.ts';
import { orgRoutes } from './orgs/routes.ts';
import { requireOrg } from './guards.ts';
import { csrf } from './middleware/csrf.ts';
import { customerRoutes } from './customers/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { forgetAfterChange, ReadCache } from './read-cache.ts';
import { invoiceRoutes } from './invoices/routes.ts';
import { startRoutes } from './start/routes.ts';
import { taskRoutes } from './tasks/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export type WebAppOptions = {
  /** The largest body any route reads (forms, JSON). Default 64 KiB: the settings form is a few KiB. */
  maxBodyBytes?: number;
  /** The largest webhook delivery, refused before a byte of it is verified. Default 64 KiB (a couple of hundred events). */
  maxWebhookBytes?: number;
};

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * The web app: Web-standard APIs only, so the same app can be served by @hono/node-server or a Workers runtime.
 * Webhooks and answer pages sit before the session: a vendor or a customer has no cookie to give.
 */
export function createWebApp(ctx: WebContext, options: WebAppOptions = {}): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('*', requestLog({ log: ctx.deps.log }));
  app.use('*', securityHeaders({ frameAncestors: ctx.frameAncestors ?? [...DEFAULT_FRAME_ANCESTORS], hsts: ctx.secureCookies }));
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  // before anything reads a body: a declared length over the limit is refused unread, a streamed one at the limit
  const limits = { body: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, webhook: options.maxWebhookBytes ?? DEFAULT_MAX_WEBHOOK_BYTES };
  app.use('/webhooks/*', bodyLimit({ maxSize: limits.webhook, onError: (c) => tooLarge(c, limits.webhook) }));
  const formLimit = bodyLimit({ maxSize: limits.body, onError: (c) => tooLarge(c, limits.body) });
  app.use('*', (c, next) => (c.req.path.startsWith('/webhooks/') ? next() : formLimit(c, next)));
  app.route('/', healthRoutes());
  app.route('/', assetRoutes());
  app.route('/', webhookRoutes());
  // customers answering a reminder get no cookie: their link's token is all they carry
  app.route('/', answerRoutes());
  app.route('/', legalRoutes());
  app.use('*', session({ secret: ctx.cookieSecret, secure: ctx.secureCookies }));
  app.route('/', homeRoutes());
  app.route('/', connectRoutes());
  // every owner's page: the organisation in the path must be this session's (promise 7), every form carries the token
  // ('/orgs/:id/*' also matches '/orgs/:id' itself)
  // the pages' kept reads (one per app): an organisation's are forgotten once one of its forms changed something
  const reads = new ReadCache();
  app.use('/orgs/:id/*', requireOrg(), csrf(), forgetAfterChange(reads));
  app.route('/', dashboardRoutes({ reads }));
  app.route('/', startRoutes());
  app.route('/', customerRoutes({ reads }));
  app.route('/', invoiceRoutes({ reads }));
  app.route('/', taskRoutes());
  app.route('/', orgRoutes());
  app.route('/', apiRoutes());

  app.notFound((c) => c.html(String(errorPage('Not found', 'There is nothing at this address.')), 404));
  app.onError((error, c) => {
    // the owner (or an App Store reviewer) sees what to do, the log gets the details, nobody sees a stack trace
    ctx.deps.log.error({ path: new URL(c.req.url).pathname, err: error.message, stack: error.stack }, 'request failed');
    if (error instanceof QueueUnavailable) {
      // Redis is down or slow: say so at once rather than hang; nothing was recorded as done
      if (c.req.path.startsWith('/api/'))
        return c.json({ error: 'relance cannot queue work right now; please try again in a minute' }, 503);
      return c.html(
        String(errorPage('Temporarily unavailable', 'relance cannot take this right now. Nothing was lost; please try again in a minute.')),
        503,
      );
    }
    if (error instanceof NotFoundError) return c.html(String(errorPage('Not found', 'This was not found. It may have been removed.')), 404);
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'something went wrong on our side; it has been logged' }, 500);
    return c.html(
      String(
        errorPage(
          'Something went wrong',
          'relance could not finish this. Nothing was lost; please try again in a minute. If it keeps happening, contact support.',
        ),
      ),
      500,
    );
  });
  return app;
}

function tooLarge(c: Context, limit: number): Response {
  return c.text(`This request is too large: relance accepts at most ${Math.floor(limit / 1024)} KiB here.`, 413);
}

export type { WebContext } from './context.ts';
