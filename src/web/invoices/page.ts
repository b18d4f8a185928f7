import type { Context } from 'hono';
import { localDate } from '../../core/calendar.ts';
import { chargesToMention } from '../../services/index.ts';
import type { OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import type { FormState } from '../customers/fields.ts';
import { invoicePage } from './views.ts';
import { invoiceWords, noticeOf } from './words.ts';

export const todayOf = (c: Context<OrgEnv>) => localDate(c.get('ctx').deps.clock.now(), c.get('org').timeZone);

/** The invoice's page, or 404 for an id this organisation does not have (another tenant's reads the same). */
export async function renderInvoice(c: Context<OrgEnv>, status: 200 | 400 | 409 | 502, form: FormState | null = null) {
  const { deps } = c.get('ctx');
  const org = c.get('org');
  const [invoice] = await deps.store.invoicesById(org.id, [c.req.param('invoiceId') ?? '']);
  if (!invoice) return c.html(String(errorPage('Not found', invoiceWords(org.locale).notFound)), 404);
  const today = todayOf(c);
  const [contact, events, answers, reminders, charge] = await Promise.all([
    deps.store.getContact(org.id, invoice.contactId),
    deps.store.history(org.id, invoice.id),
    deps.store.answersOf(org.id, invoice.id),
    deps.store.remindersOfInvoices(org.id, [invoice.id]),
    deps.store.chargeOf(org.id, invoice.id),
  ]);
  const accrued = contact && invoice.status === 'open' ? await chargesToMention(deps, org, invoice, contact, today) : null;
  const page = invoicePage({
    org,
    invoice,
    contact,
    events,
    answers,
    reminders,
    charge,
    accrued,
    today,
    csrf: c.get('session').csrf,
    notice: noticeOf(org.locale, c.req.query('done')),
    form,
  });
  return c.html(String(page), status);
}
