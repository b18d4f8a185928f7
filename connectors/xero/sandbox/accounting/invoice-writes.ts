import { z } from 'zod';
import type { SandboxInvoice, Tenant } from '../state.ts';
import { DocumentBody, dateField, lineAmountTypes, lineInputs, resolveContact, today } from './document-input.ts';
import { CANNOT_EDIT, addHistory, buildLines, isLocked, nextNumber, recordCreation, type Ids, voidInvoice } from './ledger.ts';

/**
 * Creating and updating invoices in two steps, so a batch can be checked whole before anything is written:
 * `plan…` returns the refusals, or a function that applies the change.
 */

export const InvoiceBody = DocumentBody.extend({
  Type: z.string().optional(),
  InvoiceID: z.string().optional(),
  InvoiceNumber: z.string().max(255).optional(),
  SentToContact: z.boolean().optional(),
});
export type InvoiceBody = z.infer<typeof InvoiceBody>;

export type Plan = { errors: string[]; apply: () => { invoice: SandboxInvoice; created: boolean } };

const CREATABLE = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];

function checkApproved(inv: Pick<SandboxInvoice, 'status' | 'dueDate' | 'lines'>, errors: string[]): void {
  if (inv.status !== 'AUTHORISED') return;
  if (!inv.dueDate) errors.push('Due Date is required for approved invoices.');
  if (inv.lines.length === 0) errors.push('An approved invoice must have at least one line item.');
}

export function planCreate(tenant: Tenant, body: InvoiceBody, ids: Ids, by: string): Plan {
  const errors: string[] = [];
  const type = body.Type?.toUpperCase();
  if (type !== 'ACCREC' && type !== 'ACCPAY') errors.push('Invoice Type must be ACCREC or ACCPAY.');
  const status = (body.Status ?? 'DRAFT').toUpperCase();
  if (!CREATABLE.includes(status)) errors.push(`Invoice not of valid status for creation (${status}).`);
  const contact = resolveContact(tenant, body.Contact, ids, errors);
  const currency = body.CurrencyCode ?? tenant.currency;
  if (currency !== tenant.currency) errors.push(`The currency ${currency} is not enabled for this organisation.`);
  const kind = lineAmountTypes(body.LineAmountTypes, 'Exclusive');
  if (!kind) errors.push('LineAmountTypes must be Exclusive, Inclusive or NoTax.');
  const date = dateField(body.Date, 'Date', errors) ?? today(tenant, ids);
  const dueDate = dateField(body.DueDate, 'DueDate', errors) ?? null;
  const inputs = lineInputs(tenant, body.LineItems ?? [], currency, status === 'AUTHORISED', errors);
  const number = body.InvoiceNumber?.trim();
  if (number && type === 'ACCREC' && [...tenant.invoices.values()].some((i) => i.type === 'ACCREC' && i.number === number)) {
    errors.push('Invoice # must be unique.');
  }
  checkApproved({ status: status as SandboxInvoice['status'], dueDate, lines: inputs as never[] }, errors);
  return {
    errors,
    apply: () => {
      if (!contact || !kind) throw new Error('planCreate: applied with errors');
      if (!tenant.contacts.has(contact.id)) tenant.contacts.set(contact.id, contact);
      const invoice: SandboxInvoice = {
        id: ids.newId(),
        type: type as SandboxInvoice['type'],
        number: number || (type === 'ACCREC' ? nextNumber(tenant, 'invoice') : ''),
        reference: body.Reference ?? '',
        contactId: contact.id,
        date,
        dueDate,
        status: status as SandboxInvoice['status'],
        lineAmountTypes: kind,
        lines: buildLines(tenant, inputs, kind, ids),
        currency,
        sentToContact: body.SentToContact ?? false,
        fullyPaidOn: null,
        onlineToken: ids.newId().replace(/-/g, ''),
        updatedAt: ids.now(),
      };
      tenant.invoices.set(invoice.id, invoice);
      recordCreation(tenant, invoice, invoice.updatedAt, by);
      return { invoice, created: true };
    },
  };
}

const TRANSITIONS: Record<string, string[]> = {
  DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  SUBMITTED: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  AUTHORISED: ['AUTHORISED', 'VOIDED'],
};

/** Fields that may change on an invoice with money allocated (Xero lets you mark it sent, nothing else). */
const ALLOWED_WHEN_LOCKED = new Set(['InvoiceID', 'InvoiceNumber', 'Type', 'SentToContact']);

export function planUpdate(tenant: Tenant, inv: SandboxInvoice, body: InvoiceBody, ids: Ids): Plan {
  const errors: string[] = [];
  const changing = Object.keys(body).filter((k) => body[k] !== undefined);
  if (isLocked(tenant, inv) && changing.some((k) => !ALLOWED_WHEN_LOCKED.has(k))) errors.push(CANNOT_EDIT);
  else if (!TRANSITIONS[inv.status] && changing.some((k) => !ALLOWED_WHEN_LOCKED.has(k))) {
    errors.push('Invoice not of valid status for modification');
  }
  if (errors.length > 0)
    return {
      errors,
      apply: () => {
        throw new Error('planUpdate: applied with errors');
      },
    };
  const status = (body.Status ?? inv.status).toUpperCase() as SandboxInvoice['status'];
  if (!(TRANSITIONS[inv.status] ?? [inv.status]).includes(status))
    errors.push(`Invoice not of valid status for modification (${inv.status} → ${status}).`);
  const contact = body.Contact ? resolveContact(tenant, body.Contact, ids, errors) : (tenant.contacts.get(inv.contactId) ?? null);
  const kind = lineAmountTypes(body.LineAmountTypes, inv.lineAmountTypes);
  if (!kind) errors.push('LineAmountTypes must be Exclusive, Inclusive or NoTax.');
  const date = dateField(body.Date, 'Date', errors) ?? inv.date;
  const dueDate = body.DueDate === undefined ? inv.dueDate : (dateField(body.DueDate, 'DueDate', errors) ?? null);
  const inputs = body.LineItems ? lineInputs(tenant, body.LineItems, inv.currency, status === 'AUTHORISED', errors) : null;
  if (body.CurrencyCode && body.CurrencyCode !== inv.currency) errors.push('The currency of an invoice cannot be changed.');
  checkApproved({ status, dueDate, lines: inputs ?? inv.lines } as never, errors);
  return {
    errors,
    apply: () => {
      if (!contact || !kind) throw new Error('planUpdate: applied with errors');
      if (!tenant.contacts.has(contact.id)) tenant.contacts.set(contact.id, contact);
      if (status === 'VOIDED' || status === 'DELETED') {
        voidInvoice(tenant, inv, ids);
        return { invoice: inv, created: false };
      }
      const approving = inv.status !== 'AUTHORISED' && status === 'AUTHORISED';
      // LineItems replace the whole set: lines left out are deleted.
      const lines = inputs
        ? buildLines(tenant, inputs, kind, ids)
        : kind !== inv.lineAmountTypes
          ? buildLines(
              tenant,
              inv.lines.map((l) => ({ ...l, taxType: l.taxType })),
              kind,
              ids,
            )
          : inv.lines;
      if (inputs && body.LineItems)
        lines.forEach((l, i) => {
          const keep = body.LineItems?.[i]?.LineItemID;
          if (keep) l.id = keep;
        });
      Object.assign(inv, {
        contactId: contact.id,
        date,
        dueDate,
        status,
        lineAmountTypes: kind,
        lines,
        reference: body.Reference ?? inv.reference,
        sentToContact: body.SentToContact ?? inv.sentToContact,
        number: body.InvoiceNumber?.trim() || inv.number,
        updatedAt: ids.now(),
      });
      if (!inv.number && inv.type === 'ACCREC' && status === 'AUTHORISED') inv.number = nextNumber(tenant, 'invoice');
      addHistory(tenant, inv.id, {
        changes: approving ? 'Approved' : 'Edited',
        details: `INV ${inv.number} updated.`,
        user: 'System Generated',
        at: inv.updatedAt,
      });
      return { invoice: inv, created: false };
    },
  };
}
