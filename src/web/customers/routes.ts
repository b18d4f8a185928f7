import { Hono } from 'hono';
import type { OrgEnv } from '../guards.ts';

/** Customers: the list and one customer's page. Mounted behind requireOrg and csrf (app.ts). */
export function customerRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  return app;
}
