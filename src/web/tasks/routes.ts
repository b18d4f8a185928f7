import { Hono } from 'hono';
import type { OrgEnv } from '../guards.ts';

/** Tasks: the calls to make today and the letters awaiting approval. Mounted behind requireOrg and csrf (app.ts). */
export function taskRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  return app;
}
