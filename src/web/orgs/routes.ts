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
import { waive } from './waive.ts';

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

async function invoicePage(c: Context<OrgEnv>, status: 200 | 400 | 409 | 502, waiveForm?: { reason: string; error: string | null }) {
  const { deps } = c.get('ctx');
  const org = c.get('org');
  const [invoice] = await deps.store.invoicesById(org.id, [c.req.param('invoiceId') ?? '']);
  if (!invoice) return c.html(String(errorPage('Not found', 'This organisation has no such invoice.')), 404);
  const [events, charge] = await Promise.all([deps.store.history(org.id, invoice.id), deps.store.chargeOf(org.id, invoice.id)]);
  return c.html(
    String(
      historyPage(org, invoice, events, {
        csrf: c.get('session').csrf,
        charge,
        notice: noticeOf(c),
        ...(waiveForm ? { waive: waiveForm } : {}),
      }),
    ),
    status,
  );
}

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
  // '/orgs/:id/*' also matches '/orgs/:id' itself
  app.use('/orgs/:id/*', requireOrg(), csrf());

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

  app.get('/orgs/:id/invoices/:invoiceId', (c) => invoicePage(c, 200));

  app.post('/orgs/:id/invoices/:invoiceId/waive', async (c) => {
    const org = c.get('org');
    const invoiceId = c.req.param('invoiceId');
    const body = await c.req.parseBody();
    const done = await waive(c.get('ctx').deps, org, invoiceId, body.reason);
    if (done.ok) return c.redirect(`/orgs/${org.id}/invoices/${invoiceId}?done=waived`, 303);
    return invoicePage(c, done.status, { reason: typeof body.reason === 'string' ? body.reason : '', error: done.error });
  });

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
