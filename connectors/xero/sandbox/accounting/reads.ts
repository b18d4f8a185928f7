import { z } from 'zod';
import type { SandboxApp, SandboxContext } from '../context.ts';
import { parseCalendarDate, toMinor } from '../format.ts';
import type { SandboxContact, SandboxPayment } from '../state.ts';
import { today, documents } from './document-input.ts';
import { respond, validationException } from './errors.ts';
import { Refusal, addPayment } from './ledger.ts';
import { byUpdate, inList, listResponse, type ListSpec } from './list.ts';
import { accountJson, contactJson, envelope, itemJson, organisationJson, paymentJson } from './serialize.ts';
import { param } from './query.ts';

/** Payments (list, create), Contacts, Accounts, Items and Organisation. */

export const paymentList: ListSpec<SandboxPayment> = {
  key: 'Payments',
  records: (t) => t.payments.values(),
  updatedAt: (p) => p.updatedAt,
  json: (t, p) => paymentJson(t, p),
  defaultOrder: byUpdate,
  pageable: true,
};

export const contactList: ListSpec<SandboxContact> = {
  key: 'Contacts',
  records: (t) => t.contacts.values(),
  updatedAt: (c) => c.updatedAt,
  filter: (p, c) => inList(p, 'IDs', c.id) && (c.status === 'ACTIVE' || (param(p, 'includeArchived') ?? '').toLowerCase() === 'true'),
  json: (t, c) => contactJson(c, t),
  defaultOrder: (a, b) => a.name.localeCompare(b.name),
  pageable: true,
};

const PaymentBody = z.looseObject({
  Invoice: z.looseObject({ InvoiceID: z.string().optional(), InvoiceNumber: z.string().optional() }),
  Amount: z.union([z.number(), z.string().transform(Number)]),
  Date: z.string().optional(),
  Reference: z.string().optional(),
});

export function readRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const now = () => ctx.ids.now();
  app.get('/api.xro/2.0/payments', (c) => listResponse(c, c.get('tenant'), paymentList, now()));
  app.get('/api.xro/2.0/contacts', (c) => listResponse(c, c.get('tenant'), contactList, now()));
  app.get('/api.xro/2.0/accounts', (c) => {
    const t = c.get('tenant');
    return respond(200, envelope(crypto.randomUUID(), now(), { Accounts: t.accounts.map((a) => accountJson(a, t)) }));
  });
  app.get('/api.xro/2.0/items', (c) => {
    const t = c.get('tenant');
    return respond(200, envelope(crypto.randomUUID(), now(), { Items: t.items.map((i) => itemJson(i, t)) }));
  });
  app.get('/api.xro/2.0/organisation', (c) =>
    respond(200, envelope(crypto.randomUUID(), now(), { Organisations: [organisationJson(c.get('tenant'))] })),
  );

  app.put('/api.xro/2.0/payments', async (c) => {
    const tenant = c.get('tenant');
    const list = documents(await c.req.json().catch(() => null), 'Payments', PaymentBody);
    if (typeof list === 'string') return validationException([list]);
    const made: SandboxPayment[] = [];
    for (const p of list) {
      const inv = [...tenant.invoices.values()].find(
        (i) =>
          i.id === p.Invoice.InvoiceID?.toLowerCase() || (p.Invoice.InvoiceNumber !== undefined && i.number === p.Invoice.InvoiceNumber),
      );
      if (!inv) return validationException(['Invoice could not be found'], p);
      try {
        made.push(
          addPayment(
            tenant,
            inv.id,
            {
              amountMinor: toMinor(p.Amount, inv.currency),
              date: (p.Date && parseCalendarDate(p.Date)) || today(tenant, ctx.ids),
              reference: p.Reference ?? '',
            },
            ctx.ids,
          ),
        );
        ctx.emit(tenant, 'INVOICE', inv.id, 'UPDATE');
      } catch (e) {
        if (e instanceof Refusal) return validationException([e.message], p);
        throw e;
      }
    }
    return respond(200, envelope(crypto.randomUUID(), now(), { Payments: made.map((p) => paymentJson(tenant, p)) }));
  });
}
