import { Hono, type Context } from 'hono';
import { connectionExpiry } from '../../core/connection-expiry.ts';
import type { StoredReminder } from '../../core/store.ts';
import { planOrganisation } from '../../services/index.ts';
import { ownEntry, type OrgEnv } from '../guards.ts';
import { vendorName } from '../connect/views.ts';
import { nextStepLabel } from '../orgs/next-step.ts';
import { NOTICES, overviewPage } from '../orgs/views.ts';

const SHOWN_STATES = ['awaiting-approval', 'uncertain', 'failed', 'sent', 'task-open'] as const;
/** Also read for the labels of steps under way: planned, or held by a worker. */
const UNDER_WAY = ['planned', 'claimed', 'sending'] as const;

// own entries only: ?done=constructor must not print Object's function
const noticeOf = (c: Context<OrgEnv>) => ownEntry(NOTICES, c.req.query('done')) ?? null;

/** The stored refresh-token expiry; a vault that cannot be read leaves the page up, without the notice, and logs why. */
async function expiryOf(c: Context<OrgEnv>): Promise<string | null> {
  const { connectionExpiry: read, deps } = c.get('ctx');
  const org = c.get('org');
  if (!read) return null;
  try {
    return await read(org.id);
  } catch (error) {
    deps.log.warn({ orgId: org.id, err: (error as Error).message }, 'could not read when the ledger connection expires');
    return null;
  }
}

/** The organisation's home page. Mounted behind requireOrg and csrf (app.ts). */
export function dashboardRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  app.get('/orgs/:id', async (c) => {
    const { deps } = c.get('ctx');
    const org = c.get('org');
    const [sync, plan, reminders, expiresAt] = await Promise.all([
      deps.store.getSyncState(org.id),
      planOrganisation(deps, org.id, { dryRun: true }),
      deps.store.remindersInState(org.id, [...SHOWN_STATES, ...UNDER_WAY]),
      expiryOf(c),
    ]);
    const labels = {
      now: new Date(plan.asOf),
      timeZone: org.timeZone,
      sendWindow: org.policy.default.sendWindow,
      states: new Map(reminders.map((r) => [`${r.invoiceId}/${r.stepKey}`, { state: r.state, channel: r.channel }])),
    };
    const invoices = new Map(
      (await deps.store.invoicesById(org.id, [...new Set(reminders.map((r) => r.invoiceId))])).map((i) => [i.id, i]),
    );
    const rows = (state: StoredReminder['state']) =>
      reminders
        .filter((r) => r.state === state)
        .sort((a, b) => (b.sentAt ?? b.plannedAt).localeCompare(a.sentAt ?? a.plannedAt))
        .map((reminder) => ({ reminder, invoice: invoices.get(reminder.invoiceId) }));
    return c.html(
      String(
        overviewPage({
          org,
          ledgerName: vendorName(org.vendor, c.get('ctx').connectors),
          expiry: connectionExpiry(expiresAt, deps.clock.now(), org.timeZone),
          csrf: c.get('session').csrf,
          notice: noticeOf(c),
          sync,
          stopped: plan.stopped,
          decisions: plan.decisions.map((decision) => ({ decision, label: nextStepLabel(decision, labels) })),
          reminders: {
            'awaiting-approval': rows('awaiting-approval'),
            uncertain: rows('uncertain'),
            failed: rows('failed'),
            sent: rows('sent'),
            'task-open': rows('task-open'),
          },
        }),
      ),
    );
  });

  return app;
}
