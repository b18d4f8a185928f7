import { Hono } from 'hono';
import type { OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import { listParams, storeQuery } from '../customers/list.ts';
import { keptList, type ListOptions, orgKey, versionOf } from '../read-cache.ts';
import { invoicesPage } from './list-view.ts';
import { messagePage } from './views.ts';
import { invoiceActions } from './actions.ts';
import { renderInvoice, todayOf } from './page.ts';
import { waive } from './waive.ts';
import { invoiceWords } from './words.ts';

/** What the HTML of a sent email may do inside its frame: show its own styles and remote images, nothing else. */
export const MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox; frame-ancestors 'self'";

/** Invoices: the list, one invoice and what the owner can do about it, the emails as sent. Behind requireOrg and csrf (app.ts). */
export function invoiceRoutes(options: ListOptions = {}): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const kept = keptList<string>(options);

  app.get('/orgs/:id/invoices', async (c) => {
    const org = c.get('org');
    const params = listParams(c.req.query(), 'next-action');
    const today = todayOf(c);
    // the views arriving together share one read and one render (forgotten when one of the organisation's forms
    // changes something); the page is the same for every session (no form token in it)
    const query = { ...storeQuery(params, today), openOnly: !params.all };
    const page = await kept.get(orgKey(org.id, 'invoices', versionOf(org), today, JSON.stringify(params)), async () => {
      const { rows, total } = await c.get('ctx').deps.store.listInvoices(org.id, query);
      return String(invoicesPage({ org, params, rows, total, today }));
    });
    return c.html(page);
  });

  app.get('/orgs/:id/invoices/:invoiceId', (c) => renderInvoice(c, 200));

  app.post('/orgs/:id/invoices/:invoiceId/waive', async (c) => {
    const org = c.get('org');
    const invoiceId = c.req.param('invoiceId');
    const body = await c.req.parseBody();
    const done = await waive(c.get('ctx').deps, org, invoiceId, body.reason);
    if (done.ok) return c.redirect(`/orgs/${org.id}/invoices/${invoiceId}?done=waived`, 303);
    const reason = typeof body.reason === 'string' ? body.reason : '';
    return renderInvoice(c, done.status, { form: 'waive', values: { reason }, errors: { reason: done.error } });
  });

  invoiceActions(app);

  app.get('/orgs/:id/messages/:messageId', async (c) => {
    const { deps } = c.get('ctx');
    const org = c.get('org');
    const message = await deps.store.sentMessage(org.id, c.req.param('messageId'));
    if (!message) return c.html(String(errorPage('Not found', invoiceWords(org.locale).messageNotFound)), 404);
    const invoices = await deps.store.invoicesById(org.id, message.invoiceIds);
    return c.html(String(messagePage(org, message, invoices)));
  });

  // the email's own HTML, framed sandboxed by the page above: its inline styles need a policy of their own
  app.get('/orgs/:id/messages/:messageId/body', async (c) => {
    const org = c.get('org');
    const message = await c.get('ctx').deps.store.sentMessage(org.id, c.req.param('messageId'));
    if (!message) return c.text('Not found', 404);
    return c.body(message.html, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': MESSAGE_CSP,
      'cache-control': 'private, no-store',
    });
  });

  return app;
}
