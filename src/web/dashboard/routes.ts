import { Hono } from 'hono';
import { inPreview } from '../../core/organisation.ts';
import type { OrgEnv } from '../guards.ts';
import { startPage } from '../start/page.ts';
import { dashboardView } from './model.ts';
import { dashboardPage } from './views.ts';

/** The organisation's home page: the start page while in preview, the dashboard once sending is on. Behind requireOrg and csrf (app.ts). */
export function dashboardRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  app.get('/orgs/:id', async (c) => {
    if (inPreview(c.get('org'))) return c.html(String(await startPage(c)));
    return c.html(String(dashboardPage(await dashboardView(c))));
  });
  return app;
}
