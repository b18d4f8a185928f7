import { Hono } from 'hono';
import type { WebEnv } from '../context.ts';
import { CSS, CSS_PATH } from '../layout.ts';
import { customerStyles } from '../customers/styles.ts';
import { dashboardStyles } from '../dashboard/styles.ts';
import { settingsStyles } from '../orgs/styles.ts';
import { startStyles } from '../start/styles.ts';
import { taskStyles } from '../tasks/styles.ts';
import { SCRIPTS } from './scripts.ts';

/** One stylesheet for every page: the layout's, then each feature's (the CSP forbids inline styles). */
export const STYLESHEET = [CSS, dashboardStyles, startStyles, customerStyles, taskStyles, settingsStyles].join('\n');

const CACHE = { 'cache-control': 'public, max-age=3600' };

/** The stylesheet and the few small scripts the owner's pages use; every page works without them. */
export function assetRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(CSS_PATH, (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', ...CACHE }));
  app.get('/assets/:name{[a-z-]+\\.js}', (c) => {
    const name = c.req.param('name').replace(/\.js$/, '');
    const script = Object.hasOwn(SCRIPTS, name) ? SCRIPTS[name] : undefined;
    if (!script) return c.notFound();
    return c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', ...CACHE });
  });
  return app;
}
