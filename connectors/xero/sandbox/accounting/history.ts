import { z } from 'zod';
import type { SandboxApp, SandboxContext } from '../context.ts';
import { msInstant } from '../format.ts';
import { urlsForRequest } from '../urls.ts';
import { notFound, respond, validationException } from './errors.ts';
import { findInvoice } from './invoices.ts';
import { addHistory } from './ledger.ts';
import { envelope, historyJson } from './serialize.ts';

/** GET/PUT /Invoices/{id}/History (notes of ≤ 250 characters, never editable) and GET /Invoices/{id}/OnlineInvoice. */

export const MAX_NOTE_LENGTH = 250;

const HistoryBody = z.object({ HistoryRecords: z.array(z.looseObject({ Details: z.string().optional() })).min(1) });

export function historyRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get('/api.xro/2.0/invoices/:id/history', (c) => {
    const tenant = c.get('tenant');
    const inv = findInvoice(tenant, c.req.param('id'));
    if (!inv) return notFound();
    const records = [...(tenant.history.get(inv.id) ?? [])].reverse().map(historyJson);
    return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { HistoryRecords: records }));
  });

  app.put('/api.xro/2.0/invoices/:id/history', async (c) => {
    const tenant = c.get('tenant');
    const inv = findInvoice(tenant, c.req.param('id'));
    if (!inv) return notFound();
    const parsed = HistoryBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return validationException(['HistoryRecords must contain at least one record with Details']);
    const errors = parsed.data.HistoryRecords.flatMap((r) =>
      !r.Details?.trim()
        ? ['The Details field is required.']
        : r.Details.length > MAX_NOTE_LENGTH
          ? [`The Details field must be ${MAX_NOTE_LENGTH} characters or fewer.`]
          : [],
    );
    if (errors.length > 0) return validationException(errors);
    const at = ctx.ids.now();
    const out = parsed.data.HistoryRecords.map((r) => {
      addHistory(tenant, inv.id, { changes: 'Note', details: r.Details as string, user: 'System Generated', at });
      return { DateUTCString: new Date(at).toISOString().slice(0, 19), DateUTC: msInstant(at), Details: r.Details, ValidationErrors: [] };
    });
    return respond(200, envelope(crypto.randomUUID(), at, { HistoryRecords: out }));
  });

  app.get('/api.xro/2.0/invoices/:id/onlineinvoice', (c) => {
    const tenant = c.get('tenant');
    const inv = findInvoice(tenant, c.req.param('id'));
    if (!inv) return notFound();
    if (inv.type !== 'ACCREC' || !['AUTHORISED', 'PAID'].includes(inv.status)) {
      return validationException(['Online invoices are only available for approved sales invoices.']);
    }
    const url = `${urlsForRequest(c.req.url).onlineInvoices}/${inv.onlineToken}`;
    return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { OnlineInvoices: [{ OnlineInvoiceUrl: url }] }));
  });
}
