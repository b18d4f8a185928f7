import { Hono } from 'hono';
import type { WebEnv } from '../context.ts';

/**
 * `GET /health/ready`: can this instance do its work? Every readiness check (the store, the queue) runs at once, each
 * bounded by its own timeout, so a load balancer hears 503 within seconds instead of a hung request. `/health` stays
 * the cheap liveness answer. Details go to the log, not to an unauthenticated caller.
 */
export function healthRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/health/ready', async (c) => {
    const ctx = c.get('ctx');
    const entries = Object.entries(ctx.readiness ?? {});
    const results = await Promise.allSettled(entries.map(([, check]) => check()));
    const checks: Record<string, 'up' | 'down'> = {};
    results.forEach((r, i) => {
      const name = entries[i]![0];
      checks[name] = r.status === 'fulfilled' ? 'up' : 'down';
      if (r.status === 'rejected') ctx.deps.log.warn({ check: name, err: String(r.reason) }, 'not ready');
    });
    const ready = Object.values(checks).every((s) => s === 'up');
    c.header('Cache-Control', 'no-store');
    return c.json({ ready, checks }, ready ? 200 : 503);
  });
  return app;
}
