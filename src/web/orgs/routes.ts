import { rateStatus, regimeFor, type RateStatus } from '../../core/charges/index.ts';
import { Hono, type Context } from 'hono';
import { localDate } from '../../core/calendar.ts';
import { connectionExpiry } from '../../core/connection-expiry.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { StoredReminder } from '../../core/store.ts';
import { chargeBookingOf, planOrganisation, refreshNextActions } from '../../services/index.ts';
import { csrf } from '../middleware/csrf.ts';
import { ownEntry, requireOrg, type OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import { approveReminder } from '../../services/approve.ts';
import { disconnectOrganisation } from '../connect/routes.ts';
import { vendorName } from '../connect/views.ts';
import type { FormValues } from './form-values.ts';
import { formValuesOf, readSettings } from './settings-form.ts';
import { outboxPage } from './outbox.ts';
import { relayOf, testEmailSender } from './test-email.ts';
import { nextStepLabel } from './next-step.ts';
import { historyPage, NOTICES, overviewPage, settingsPage } from './views.ts';

const SHOWN_STATES = ['awaiting-approval', 'uncertain', 'failed', 'sent', 'task-open'] as const;
/** Also read for the labels of steps under way: planned, or held by a worker. */
const UNDER_WAY = ['planned', 'claimed', 'sending'] as const;

// own entries only: ?done=constructor must not print Object's function
const noticeOf = (c: Context<OrgEnv>) => ownEntry(NOTICES, c.req.query('done')) ?? null;

async function formValues(c: Context<OrgEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [name, v] of Object.entries(body)) {
    const texts = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    values[name] = name === 'sendWindow.weekdays' ? texts : (texts[0] ?? '');
  }
  return values;
}

/** The owner's pages. Every route sits behind requireOrg: another tenant's id is a 404 (promise 7). */
/** The statutory rate the organisation's regime applies today, to show (and flag when the table has run out). */
function currentRate(org: Organisation, now: Date): RateStatus | null {
  const chosen = org.policy.default.charges.regime;
  const regime = chosen === 'auto' ? regimeFor(org.countryCode, false) : chosen;
  return rateStatus(regime, localDate(now, org.timeZone));
}

export function orgRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const sendTest = testEmailSender();

  const settings = async (
    c: Context<OrgEnv>,
    org: Organisation,
    f: Parameters<typeof settingsPage>[1],
    notice: string | null,
    problem: string | null = null,
  ) =>
    String(
      settingsPage(org, f, c.get('session').csrf, notice, {
        problem,
        relayAddress: relayOf(c.get('ctx')).address,
        rate: currentRate(org, c.get('ctx').deps.clock.now()),
        // the ledger's own accounts or items to book charges to
        booking: await chargeBookingOf(c.get('ctx').deps, org),
      }),
    );

  app.get('/orgs/:id/settings', async (c) => {
    const org = c.get('org');
    return c.html(await settings(c, org, { values: formValuesOf(org), errors: {} }, noticeOf(c)));
  });

  app.post('/orgs/:id/settings', async (c) => {
    const { deps, secrets, allowPrivateSmtpHosts } = c.get('ctx');
    const org = c.get('org');
    const values = await formValues(c);
    const now = deps.clock.now();
    const read = readSettings(values, org, {
      today: localDate(now, org.timeZone),
      now: now.toISOString(),
      allowPrivateSmtpHosts: allowPrivateSmtpHosts === true,
      ...(secrets ? { seal: (plain: string) => secrets.seal(plain, org.id) } : {}),
    });
    if (!read.ok) return c.html(await settings(c, org, { values, errors: read.errors }, null), 400);
    const saved = await deps.store.updateOrganisation(org.id, read.patch);
    // a new policy moves every open invoice's next date
    await refreshNextActions(deps, saved, await deps.store.openInvoiceIds(org.id));
    return c.redirect(`/orgs/${org.id}/settings?done=saved`, 303);
  });

  app.post('/orgs/:id/test-email', async (c) => {
    const org = c.get('org');
    const sent = await sendTest(c.get('ctx'), org);
    if (sent.ok) return c.redirect(`/orgs/${org.id}/settings?done=test-sent`, 303);
    const problem = sent.tooSoon ? sent.message : `The test could not be sent: ${sent.message}`;
    return c.html(await settings(c, org, { values: formValuesOf(org), errors: {} }, null, problem), sent.tooSoon ? 429 : 502);
  });

  app.get('/orgs/:id/outbox', async (c) => c.html(String(await outboxPage(c.get('ctx').deps, c.get('org')))));

  app.post('/orgs/:id/disconnect', async (c) => {
    const done = await disconnectOrganisation(c.get('ctx'), c.get('org'));
    return done.ok ? c.redirect(`/orgs/${c.get('org').id}`, 303) : c.html(String(done.page), 502);
  });

  app.post('/orgs/:id/reminders/:reminderId/approve', async (c) => {
    const approved = await approveReminder(c.get('ctx').deps, c.get('org'), c.req.param('reminderId'));
    // relance posts no letter: an approved letter step becomes a letter to print, and the notice says so
    const done = !approved
      ? 'approve-gone'
      : approved.channel === 'letter'
        ? 'approved-letter'
        : approved.channel === 'call'
          ? 'approved-call'
          : 'approved';
    return c.redirect(`/orgs/${c.get('org').id}?done=${done}`, 303);
  });

  return app;
}
