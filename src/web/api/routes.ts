import { Hono } from 'hono';
import { REMINDER_STATES, type ReminderState } from '../../core/reminder.ts';
import { planOrganisation } from '../../services/index.ts';
import { requireOrg, type OrgEnv } from '../guards.ts';

/** JSON for the owner's tools and the embedded views; same session and tenant rules as the pages. */
export function apiRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  app.use('/api/orgs/:id/*', requireOrg({ json: true }));

  app.get('/api/orgs/:id/plan', async (c) => {
    const asOfText = c.req.query('asOf');
    const asOf = asOfText ? new Date(asOfText) : undefined;
    if (asOf && Number.isNaN(asOf.getTime()))
      return c.json({ error: `asOf: "${asOfText}" is not a date-time (expected ISO 8601, like 2026-03-04T09:00:00Z)` }, 400);
    const plan = await planOrganisation(c.get('ctx').deps, c.get('org').id, { dryRun: true, ...(asOf ? { asOf } : {}) });
    return c.json({ asOf: plan.asOf, stopped: plan.stopped, decisions: plan.decisions, messages: plan.messages });
  });

  app.get('/api/orgs/:id/reminders', async (c) => {
    const asked = c.req.queries('state') ?? [];
    const unknown = asked.filter((s) => !(REMINDER_STATES as readonly string[]).includes(s));
    if (unknown.length) return c.json({ error: `state: unknown ${unknown.join(', ')} (one of ${REMINDER_STATES.join(', ')})` }, 400);
    const states = (asked.length ? asked : [...REMINDER_STATES]) as ReminderState[];
    return c.json({ reminders: await c.get('ctx').deps.store.remindersInState(c.get('org').id, states) });
  });

  return app;
}
