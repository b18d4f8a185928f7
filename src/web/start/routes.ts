import { Hono } from 'hono';
import type { OrgEnv } from '../guards.ts';

/** Start safely: the first sync's progress, the catch-up review, and the switch that turns sending on. Mounted behind requireOrg and csrf (app.ts). */
export function startRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  return app;
}
