import type { Context } from 'hono';
import type { SandboxApp, SandboxContext } from '../context.ts';
import type { SandboxInvoice, Tenant } from '../state.ts';
import { notFound, respond, validationException } from './errors.ts';
import { InvoiceBody, planCreate, planUpdate, type Plan } from './invoice-writes.ts';
import { documents } from './document-input.ts';
import { byUpdate, inList, listResponse, type ListSpec } from './list.ts';
import { param } from './query.ts';
import { envelope, invoiceJson } from './serialize.ts';

/** /Invoices: list, read one, create (PUT), update-or-create (POST), update one (POST /Invoices/{id}). */

export const invoiceList: ListSpec<SandboxInvoice> = {
  key: 'Invoices',
  records: (t) => t.invoices.values(),
  updatedAt: (i) => i.updatedAt,
  filter: (p, i) =>
    inList(p, 'IDs', i.id) &&
    inList(p, 'InvoiceNumbers', i.number, false) &&
    inList(p, 'ContactIDs', i.contactId) &&
    inList(p, 'Statuses', i.status),
  json: (t, i, paged) => invoiceJson(t, i, paged),
  defaultOrder: byUpdate,
  pageable: true,
};

export function findInvoice(tenant: Tenant, idOrNumber: string): SandboxInvoice | undefined {
  return (
    tenant.invoices.get(idOrNumber.toLowerCase()) ??
    [...tenant.invoices.values()].find((i) => i.number.toLowerCase() === idOrNumber.toLowerCase())
  );
}

function write(c: Context, ctx: SandboxContext, tenant: Tenant, plans: { plan: Plan; element: Record<string, unknown> }[]): Response {
  const summarize = (param(new URL(c.req.url).searchParams, 'summarizeErrors') ?? 'true').toLowerCase() !== 'false';
  const failed = plans.filter((p) => p.plan.errors.length > 0);
  if (summarize && failed.length > 0) {
    return validationException(
      failed.flatMap((f) => f.plan.errors),
      failed[0]?.element ?? {},
    );
  }
  const out = plans.map(({ plan, element }) => {
    if (plan.errors.length > 0) {
      return { ...element, HasErrors: true, StatusAttributeString: 'ERROR', ValidationErrors: plan.errors.map((Message) => ({ Message })) };
    }
    const { invoice, created } = plan.apply();
    ctx.emit(tenant, 'INVOICE', invoice.id, created ? 'CREATE' : 'UPDATE');
    return { ...invoiceJson(tenant, invoice, true), StatusAttributeString: 'OK' };
  });
  return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { Invoices: out }));
}

export function invoiceRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get('/api.xro/2.0/invoices', (c) => listResponse(c, c.get('tenant'), invoiceList, ctx.ids.now()));

  app.get('/api.xro/2.0/invoices/:id', (c) => {
    const tenant = c.get('tenant');
    const inv = findInvoice(tenant, c.req.param('id'));
    if (!inv) return notFound();
    return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { Invoices: [invoiceJson(tenant, inv, true)] }));
  });

  const by = (c: Context): string => `${ctx.auth.client(c.get('clientId'))?.name ?? 'an app'} (API)`;

  app.put('/api.xro/2.0/invoices', async (c) => {
    const tenant = c.get('tenant');
    const list = documents(await c.req.json().catch(() => null), 'Invoices', InvoiceBody);
    if (typeof list === 'string') return validationException([list]);
    return write(
      c,
      ctx,
      tenant,
      list.map((b) => ({ plan: planCreate(tenant, b, ctx.ids, by(c)), element: b })),
    );
  });

  app.post('/api.xro/2.0/invoices', async (c) => {
    const tenant = c.get('tenant');
    const list = documents(await c.req.json().catch(() => null), 'Invoices', InvoiceBody);
    if (typeof list === 'string') return validationException([list]);
    return write(
      c,
      ctx,
      tenant,
      list.map((b) => {
        const existing = b.InvoiceID
          ? findInvoice(tenant, b.InvoiceID)
          : b.InvoiceNumber
            ? findInvoice(tenant, b.InvoiceNumber)
            : undefined;
        if (b.InvoiceID && !existing)
          return {
            plan: {
              errors: ['Invoice could not be found'],
              apply: () => {
                throw new Error('unreachable');
              },
            },
            element: b,
          };
        return { plan: existing ? planUpdate(tenant, existing, b, ctx.ids) : planCreate(tenant, b, ctx.ids, by(c)), element: b };
      }),
    );
  });

  app.post('/api.xro/2.0/invoices/:id', async (c) => {
    const tenant = c.get('tenant');
    const inv = findInvoice(tenant, c.req.param('id'));
    if (!inv) return notFound();
    const list = documents(await c.req.json().catch(() => null), 'Invoices', InvoiceBody);
    if (typeof list === 'string') return validationException([list]);
    const body = list[0] ?? {};
    return write(c, ctx, tenant, [{ plan: planUpdate(tenant, inv, body, ctx.ids), element: { ...body, InvoiceID: inv.id } }]);
  });
}
