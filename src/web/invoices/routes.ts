import { Hono, type Context } from 'hono';
import { ownEntry, type OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import { historyPage, NOTICES } from '../orgs/views.ts';
import { waive } from './waive.ts';

// own entries only: ?done=constructor must not print Object's function
const noticeOf = (c: Context<OrgEnv>) => ownEntry(NOTICES, c.req.query('done')) ?? null;

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

/** One invoice: what it is, its history, and what the owner can do about it. Mounted behind requireOrg and csrf (app.ts). */
export function invoiceRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  app.get('/orgs/:id/invoices/:invoiceId', (c) => invoicePage(c, 200));

  app.post('/orgs/:id/invoices/:invoiceId/waive', async (c) => {
    const org = c.get('org');
    const invoiceId = c.req.param('invoiceId');
    const body = await c.req.parseBody();
    const done = await waive(c.get('ctx').deps, org, invoiceId, body.reason);
    if (done.ok) return c.redirect(`/orgs/${org.id}/invoices/${invoiceId}?done=waived`, 303);
    return invoicePage(c, done.status, { reason: typeof body.reason === 'string' ? body.reason : '', error: done.error });
  });

  return app;
}
