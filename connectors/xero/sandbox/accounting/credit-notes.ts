import { z } from 'zod';
import type { SandboxApp, SandboxContext } from '../context.ts';
import type { SandboxCreditNote, Tenant } from '../state.ts';
import { DocumentBody, dateField, documents, lineAmountTypes, lineInputs, resolveContact, today } from './document-input.ts';
import { notFound, respond, validationException } from './errors.ts';
import { Refusal, allocate, buildLines, nextNumber, recordCreation, type Ids } from './ledger.ts';
import { byUpdate, inList, listResponse, type ListSpec } from './list.ts';
import { creditNoteJson, envelope } from './serialize.ts';
import { parseCalendarDate, toMinor } from '../format.ts';

/** /CreditNotes: list, read, create (PUT, with optional Allocations) and PUT /CreditNotes/{id}/Allocations. */

const AllocationBody = z.looseObject({
  Amount: z.union([z.number(), z.string().transform(Number)]),
  Invoice: z.looseObject({ InvoiceID: z.string() }),
  Date: z.string().optional(),
});

const CreditNoteBody = DocumentBody.extend({
  Type: z.string().optional(),
  CreditNoteNumber: z.string().optional(),
  Allocations: z.array(AllocationBody).optional(),
});

export const creditNoteList: ListSpec<SandboxCreditNote> = {
  key: 'CreditNotes',
  records: (t) => t.creditNotes.values(),
  updatedAt: (n) => n.updatedAt,
  filter: (p, n) => inList(p, 'IDs', n.id),
  json: (t, n, paged) => creditNoteJson(t, n, paged),
  defaultOrder: byUpdate,
  pageable: true,
};

type Allocation = z.infer<typeof AllocationBody>;

function applyAllocations(tenant: Tenant, note: SandboxCreditNote, list: Allocation[], ids: Ids): string[] {
  const errors: string[] = [];
  for (const a of list) {
    try {
      allocate(
        tenant,
        note,
        {
          invoiceId: a.Invoice.InvoiceID.toLowerCase(),
          amountMinor: toMinor(a.Amount, note.currency),
          date: (a.Date && parseCalendarDate(a.Date)) || today(tenant, ids),
        },
        ids,
      );
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      errors.push(e.message);
    }
  }
  return errors;
}

/** Allocations are checked first on a copy, so a refused one leaves the ledger untouched. */
function dryRun(tenant: Tenant, note: SandboxCreditNote, list: Allocation[], ids: Ids): string[] {
  const shadow: Tenant = {
    ...tenant,
    invoices: new Map([...tenant.invoices].map(([k, v]) => [k, { ...v }])),
    creditNotes: new Map(tenant.creditNotes),
    history: new Map(),
    creditIndex: new Map([...tenant.creditIndex].map(([k, v]) => [k, new Set(v)])),
  };
  const copy = { ...note, allocations: [...note.allocations] };
  shadow.creditNotes.set(copy.id, copy);
  return applyAllocations(shadow, copy, list, ids);
}

export function creditNoteRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.get('/api.xro/2.0/creditnotes', (c) => listResponse(c, c.get('tenant'), creditNoteList, ctx.ids.now()));

  app.get('/api.xro/2.0/creditnotes/:id', (c) => {
    const tenant = c.get('tenant');
    const note = tenant.creditNotes.get(c.req.param('id'));
    if (!note) return notFound();
    return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { CreditNotes: [creditNoteJson(tenant, note, true)] }));
  });

  app.put('/api.xro/2.0/creditnotes', async (c) => {
    const tenant = c.get('tenant');
    const list = documents(await c.req.json().catch(() => null), 'CreditNotes', CreditNoteBody);
    if (typeof list === 'string') return validationException([list]);
    const created: SandboxCreditNote[] = [];
    for (const body of list) {
      const errors: string[] = [];
      const type = body.Type?.toUpperCase();
      if (type !== 'ACCRECCREDIT' && type !== 'ACCPAYCREDIT') errors.push('CreditNote Type must be ACCRECCREDIT or ACCPAYCREDIT.');
      const status = (body.Status ?? 'DRAFT').toUpperCase();
      if (!['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status)) errors.push(`Credit note not of valid status for creation (${status}).`);
      const contact = resolveContact(tenant, body.Contact, ctx.ids, errors);
      const kind = lineAmountTypes(body.LineAmountTypes, 'Exclusive');
      const currency = body.CurrencyCode ?? tenant.currency;
      if (currency !== tenant.currency) errors.push(`The currency ${currency} is not enabled for this organisation.`);
      const date = dateField(body.Date, 'Date', errors) ?? today(tenant, ctx.ids);
      const inputs = lineInputs(tenant, body.LineItems ?? [], currency, status === 'AUTHORISED', errors);
      if (!kind) errors.push('LineAmountTypes must be Exclusive, Inclusive or NoTax.');
      if (errors.length > 0 || !contact || !kind) return validationException(errors, body);
      const note: SandboxCreditNote = {
        id: ctx.ids.newId(),
        type: type as SandboxCreditNote['type'],
        number: body.CreditNoteNumber?.trim() || nextNumber(tenant, 'creditNote'),
        reference: body.Reference ?? '',
        contactId: contact.id,
        date,
        status: status as SandboxCreditNote['status'],
        lineAmountTypes: kind,
        lines: buildLines(tenant, inputs, kind, ctx.ids),
        currency,
        allocations: [],
        updatedAt: ctx.ids.now(),
      };
      const refused = body.Allocations ? dryRun(tenant, note, body.Allocations, ctx.ids) : [];
      if (refused.length > 0) return validationException(refused, body);
      if (!tenant.contacts.has(contact.id)) tenant.contacts.set(contact.id, contact);
      tenant.creditNotes.set(note.id, note);
      recordCreation(tenant, note, note.updatedAt, 'API');
      if (body.Allocations) applyAllocations(tenant, note, body.Allocations, ctx.ids);
      created.push(note);
      ctx.emit(tenant, 'CREDITNOTE', note.id, 'CREATE', { Type: note.type, Status: note.status });
      for (const a of note.allocations) ctx.emit(tenant, 'INVOICE', a.invoiceId, 'UPDATE');
    }
    return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { CreditNotes: created.map((n) => creditNoteJson(tenant, n, true)) }));
  });

  app.put('/api.xro/2.0/creditnotes/:id/allocations', async (c) => {
    const tenant = c.get('tenant');
    const note = tenant.creditNotes.get(c.req.param('id'));
    if (!note) return notFound();
    const list = documents(await c.req.json().catch(() => null), 'Allocations', AllocationBody);
    if (typeof list === 'string') return validationException([list]);
    const refused = dryRun(tenant, note, list, ctx.ids);
    if (refused.length > 0) return validationException(refused);
    const before = note.allocations.length;
    applyAllocations(tenant, note, list, ctx.ids);
    const added = note.allocations.slice(before);
    ctx.emit(tenant, 'CREDITNOTE', note.id, 'UPDATE', { Type: note.type, Status: note.status });
    for (const a of added) ctx.emit(tenant, 'INVOICE', a.invoiceId, 'UPDATE');
    const json = creditNoteJson(tenant, note, false);
    const allocations = (json.Allocations as Record<string, unknown>[])
      .slice(before)
      .map((a) => ({ ...a, CreditNote: { CreditNoteID: note.id, CreditNoteNumber: note.number, Type: note.type } }));
    return respond(200, envelope(crypto.randomUUID(), ctx.ids.now(), { Allocations: allocations }));
  });
}
