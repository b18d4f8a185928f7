import { Hono, type Context } from 'hono';
import { localDate } from '../../core/calendar.ts';
import { rateStatus, regimeFor, type RateStatus } from '../../core/charges/index.ts';
import type { Organisation } from '../../core/organisation.ts';
import { chargeBookingOf, refreshNextActions } from '../../services/index.ts';
import { approveReminder } from '../../services/approve.ts';
import { ownEntry, type OrgEnv } from '../guards.ts';
import { disconnectOrganisation } from '../connect/routes.ts';
import { pageLanguage } from '../words.ts';
import { errorsIn } from './errors-fr.ts';
import type { FormValues } from './form-values.ts';
import { formValuesOf, readSettings } from './settings-form.ts';
import { outboxPage } from './outbox.ts';
import { PREVIEW_CSP, previewProblem, previewStep, renderPreview } from './preview.ts';
import { settingsData } from './settings-data.ts';
import { relayOf, testEmailSender } from './test-email.ts';
import { NOTICES, settingsPage } from './views.ts';
import { settingsWords } from './words.ts';

// own entries only: ?done=constructor must not print Object's function
const noticeOf = (c: Context<OrgEnv>) => {
  const done = c.req.query('done');
  if (done === 'saved') return settingsWords(c.get('org').locale).saved;
  if (done === 'test-sent') return settingsWords(c.get('org').locale).testSent;
  return ownEntry(NOTICES, done) ?? null;
};

/** Fields a form sends several values for: the weekdays, and each rule's named customers. */
const MULTIPLE = (name: string) => name === 'sendWindow.weekdays' || /^rules\.\d+\.contactIds$/.test(name);

async function formValues(c: Context<OrgEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [name, v] of Object.entries(body)) {
    const texts = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    values[name] = MULTIPLE(name) ? texts : (texts[0] ?? '');
  }
  return values;
}

const todayOf = (c: Context<OrgEnv>) => localDate(c.get('ctx').deps.clock.now(), c.get('org').timeZone);

/** Reads the form as the save does: a preview refuses exactly what saving would. */
function readForm(c: Context<OrgEnv>, values: FormValues) {
  const { deps, secrets, allowPrivateSmtpHosts } = c.get('ctx');
  const org = c.get('org');
  const now = deps.clock.now();
  return readSettings(values, org, {
    today: localDate(now, org.timeZone),
    now: now.toISOString(),
    allowPrivateSmtpHosts: allowPrivateSmtpHosts === true,
    ...(secrets ? { seal: (plain: string) => secrets.seal(plain, org.id) } : {}),
  });
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
  ) => {
    const { deps } = c.get('ctx');
    const today = todayOf(c);
    // the page still serves its form when the lists cannot be read: the preview and the policy table say so
    const data = await settingsData(deps, org, today).catch((error: unknown) => {
      deps.log.warn({ orgId: org.id, err: String(error) }, 'settings: open invoices and customers unread');
      return null;
    });
    return String(
      settingsPage(org, f, c.get('session').csrf, notice, {
        problem,
        data,
        today,
        relayAddress: relayOf(c.get('ctx')).address,
        rate: currentRate(org, c.get('ctx').deps.clock.now()),
        // the ledger's own accounts or items to book charges to
        booking: await chargeBookingOf(c.get('ctx').deps, org),
      }),
    );
  };

  app.get('/orgs/:id/settings', async (c) => {
    const org = c.get('org');
    return c.html(await settings(c, org, { values: formValuesOf(org), errors: {} }, noticeOf(c)));
  });

  app.post('/orgs/:id/settings', async (c) => {
    const { deps } = c.get('ctx');
    const org = c.get('org');
    const values = await formValues(c);
    const read = readForm(c, values);
    if (!read.ok) return c.html(await settings(c, org, { values, errors: read.errors }, null), 400);
    const saved = await deps.store.updateOrganisation(org.id, read.patch);
    // a new policy moves every open invoice's next date
    await refreshNextActions(deps, saved, await deps.store.openInvoiceIds(org.id));
    return c.redirect(`/orgs/${org.id}/settings?done=saved`, 303);
  });

  // the email a customer would get for one of the organisation's open invoices, with the settings as typed, unsaved
  app.post('/orgs/:id/settings/preview', async (c) => {
    const { deps } = c.get('ctx');
    const org = c.get('org');
    const values = await formValues(c);
    const read = readForm(c, values);
    const w = settingsWords(read.ok ? read.patch.locale : org.locale);
    const lang = pageLanguage(read.ok ? read.patch.locale : org.locale);
    const own = (body: string, status: 200 | 400 | 404) =>
      c.body(body, status, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PREVIEW_CSP,
        'cache-control': 'no-store',
      });
    if (!read.ok) return own(previewProblem(lang, w.previewInvalid, errorsIn(lang, read.errors)), 400);
    const id = typeof values['preview.invoiceId'] === 'string' ? values['preview.invoiceId'] : '';
    // invoicesById reads this organisation's invoices only: another tenant's id finds nothing
    const [invoice] = id ? await deps.store.invoicesById(org.id, [id]) : [];
    const inputs = invoice ? await deps.store.scheduleInputs(org.id, [invoice.id]) : null;
    const contact = inputs?.contacts.find((x) => x.id === invoice?.contactId);
    if (!invoice || !contact || invoice.chargesFor) return own(previewProblem(lang, w.previewNoInvoice, w.previewNoInvoice), 404);
    const step = previewStep(values, read.patch.policy.default.steps);
    if (!step) return own(previewProblem(lang, w.previewNoStep, w.previewNoStep), 400);
    return own(await renderPreview(deps, org, read.patch, step, invoice, contact, todayOf(c)), 200);
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
