import { Hono } from 'hono';
import { NotFoundError } from '../services/deps.ts';
import { answerRoutes } from './answers/routes.ts';
import { apiRoutes } from './api/routes.ts';
import { connectRoutes } from './connect/routes.ts';
import type { WebContext, WebEnv } from './context.ts';
import { homeRoutes } from './home/routes.ts';
import { errorPage } from './layout.ts';
import { requestLog } from './middleware/request-log.ts';
import { DEFAULT_FRAME_ANCESTORS, securityHeaders } from './middleware/security-headers.ts';
import { session } from './middleware/session.ts';
import { orgRoutes } from './orgs/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

/**
 * The web app: Web-standard APIs only, so the same app can be served by @hono/node-server or a Workers runtime.
 * Webhooks and answer pages sit before the session: a vendor or a customer has no cookie to give.
 */
export function createWebApp(ctx: WebContext): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('*', requestLog({ log: ctx.deps.log }));
  app.use('*', securityHeaders({ frameAncestors: ctx.frameAncestors ?? [...DEFAULT_FRAME_ANCESTORS], hsts: ctx.secureCookies }));
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  app.route('/', webhookRoutes());
  // customers answering a reminder get no cookie: their link's token is all they carry
  app.route('/', answerRoutes());
  app.use('*', session({ secret: ctx.cookieSecret, secure: ctx.secureCookies }));
  app.route('/', homeRoutes());
  app.route('/', connectRoutes());
  app.route('/', orgRoutes());
  app.route('/', apiRoutes());

  app.notFound((c) => c.html(String(errorPage('Not found', 'There is nothing at this address.')), 404));
  app.onError((error, c) => {
    // the owner (or an App Store reviewer) sees what to do, the log gets the details, nobody sees a stack trace
    ctx.deps.log.error({ path: new URL(c.req.url).pathname, err: error.message, stack: error.stack }, 'request failed');
    if (error instanceof NotFoundError) return c.html(String(errorPage('Not found', 'This was not found. It may have been removed.')), 404);
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'something went wrong on our side; it has been logged' }, 500);
    return c.html(String(errorPage('Something went wrong', 'relance could not finish this. Nothing was lost; please try again in a minute. If it keeps happening, contact support.')), 500);
  });
  return app;
}

export type { WebContext } from './context.ts';
