import { type Context, Hono } from 'hono';
import { localDate } from '../../core/calendar.ts';
import { customerPolicy } from '../../core/schedule/index.ts';
import { errorPage } from '../layout.ts';
import { ownEntry, type OrgEnv } from '../guards.ts';
import { keptList, type ListOptions, orgKey, versionOf } from '../read-cache.ts';
import type { FormState } from './fields.ts';
import { listParams, storeQuery } from './list.ts';
import { customerPage, customersPage } from './views.ts';
import { customerWords } from './words.ts';
import { pauseCustomer, resumeCustomer } from '../../services/steer.ts';
import { invoiceWords } from '../invoices/words.ts';
import { pauseActions, type SteerAction, steerRoute } from './steering.ts';

const ACTIONS: SteerAction[] = pauseActions(pauseCustomer, resumeCustomer, (locale) => invoiceWords(locale).badDate);

const todayOf = (c: Context<OrgEnv>) => localDate(c.get('ctx').deps.clock.now(), c.get('org').timeZone);

/** The customer's page, or 404 for an id this organisation does not have (another tenant's reads the same). */
export async function renderCustomer(c: Context<OrgEnv>, status: 200 | 400 | 409, form: FormState | null = null) {
  const { deps } = c.get('ctx');
  const org = c.get('org');
  const w = customerWords(org.locale);
  const contact = await deps.store.getContact(org.id, c.req.param('contactId') ?? '');
  if (!contact) return c.html(String(errorPage('Not found', w.notFound)), 404);
  const today = todayOf(c);
  const [invoices, events] = await Promise.all([
    deps.store.listInvoices(org.id, { today, contactId: contact.id, openOnly: false, sort: 'next-action', limit: 200 }),
    deps.store.contactHistory(org.id, contact.id, 100),
  ]);
  const notices: Record<string, string> = { paused: w.paused, resumed: w.resumed };
  return c.html(
    String(
      customerPage({
        org,
        contact,
        invoices: invoices.rows,
        events,
        policy: customerPolicy(contact, org.policy),
        csrf: c.get('session').csrf,
        notice: ownEntry(notices, c.req.query('done')) ?? null,
        today,
        form,
      }),
    ),
    status,
  );
}

/** Customers: the list and one customer's page. Mounted behind requireOrg and csrf (app.ts). */
export function customerRoutes(options: ListOptions = {}): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const kept = keptList<string>(options);

  app.get('/orgs/:id/customers', async (c) => {
    const org = c.get('org');
    const params = listParams(c.req.query(), 'owed');
    const today = todayOf(c);
    // the views arriving together share one read and one render (forgotten when one of the organisation's forms
    // changes something); the page is the same for every session (no form token in it)
    const query = storeQuery(params, today);
    const page = await kept.get(orgKey(org.id, 'customers', versionOf(org), today, JSON.stringify(params)), async () => {
      const { rows, total } = await c.get('ctx').deps.store.listCustomers(org.id, query);
      return String(customersPage({ org, params, rows, total, today }));
    });
    return c.html(page);
  });

  app.get('/orgs/:id/customers/:contactId', (c) => renderCustomer(c, 200));
  for (const action of ACTIONS)
    steerRoute(app, '/orgs/:id/customers/:contactId', 'contactId', action, renderCustomer, (org) => customerWords(org.locale).notFound);

  return app;
}
