import type { CalendarDate } from '../../../../src/core/calendar.ts';
import { money, toDecimalString } from '../../../../src/core/money.ts';
import type { HistoryEntry, LineAmountTypes, SandboxCreditNote, SandboxInvoice, SandboxLine, SandboxPayment, Tenant } from '../state.ts';

/**
 * The bookkeeping rules both the API routes and `control` go through, so AmountDue, AmountPaid, AmountCredited and
 * Status always agree with the payments and allocations, and UpdatedDateUTC moves on every change.
 */

/** A rule of the ledger refused the change; the routes answer it as Xero's ValidationException. */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

export type Ids = { now(): number; newId(): string };

export const CANNOT_EDIT = 'This document cannot be edited as it has a payment or credit note allocated to it';

export type LineInput = {
  description: string;
  quantity: number;
  unitAmountMinor: number;
  accountCode: string | null;
  itemCode: string | null;
  taxType: string | null;
};

function taxRate(tenant: Tenant, taxType: string): number {
  return tenant.taxRates[taxType] ?? 0;
}

/** Each line's amount and tax, the way Xero rounds them: per line, to the cent. */
export function buildLines(tenant: Tenant, inputs: LineInput[], kind: LineAmountTypes, ids: Ids): SandboxLine[] {
  return inputs.map((l) => {
    const account = tenant.accounts.find((a) => a.code === l.accountCode);
    const item = tenant.items.find((i) => i.code === l.itemCode);
    const taxType = kind === 'NoTax' ? 'NONE' : (l.taxType ?? item?.taxType ?? account?.taxType ?? 'NONE');
    const lineMinor = Math.round(l.quantity * l.unitAmountMinor);
    const rate = taxRate(tenant, taxType);
    const taxMinor = kind === 'Inclusive' ? lineMinor - Math.round(lineMinor / (1 + rate)) : Math.round(lineMinor * rate);
    return {
      id: ids.newId(),
      description: l.description,
      quantity: l.quantity,
      unitAmountMinor: l.unitAmountMinor,
      accountCode: l.accountCode ?? item?.accountCode ?? null,
      itemCode: l.itemCode,
      taxType,
      lineMinor,
      taxMinor,
    };
  });
}

export function totals(doc: { lines: SandboxLine[]; lineAmountTypes: LineAmountTypes }) {
  const lines = doc.lines.reduce((s, l) => s + l.lineMinor, 0);
  const tax = doc.lines.reduce((s, l) => s + l.taxMinor, 0);
  const total = doc.lineAmountTypes === 'Inclusive' ? lines : lines + tax;
  return { subTotal: total - tax, totalTax: tax, total };
}

function index(map: Map<string, Set<string>>, invoiceId: string, id: string): void {
  const set = map.get(invoiceId) ?? new Set<string>();
  set.add(id);
  map.set(invoiceId, set);
}

export function storePayment(tenant: Tenant, payment: SandboxPayment): void {
  tenant.payments.set(payment.id, payment);
  index(tenant.paymentIndex, payment.invoiceId, payment.id);
}

export function storeAllocation(tenant: Tenant, note: SandboxCreditNote, allocation: SandboxCreditNote['allocations'][number]): void {
  note.allocations.push(allocation);
  index(tenant.creditIndex, allocation.invoiceId, note.id);
}

export function paymentsOf(tenant: Tenant, invoiceId: string): SandboxPayment[] {
  const ids = tenant.paymentIndex.get(invoiceId);
  if (!ids) return [];
  return [...ids].flatMap((id) => {
    const p = tenant.payments.get(id);
    return p && p.status === 'AUTHORISED' ? [p] : [];
  });
}

export function creditsOf(tenant: Tenant, invoiceId: string): { note: SandboxCreditNote; amountMinor: number; date: CalendarDate }[] {
  const out: { note: SandboxCreditNote; amountMinor: number; date: CalendarDate }[] = [];
  for (const noteId of tenant.creditIndex.get(invoiceId) ?? []) {
    const note = tenant.creditNotes.get(noteId);
    if (!note || note.status === 'VOIDED' || note.status === 'DELETED') continue;
    for (const a of note.allocations) if (a.invoiceId === invoiceId) out.push({ note, amountMinor: a.amountMinor, date: a.date });
  }
  return out;
}

export function amountsOf(tenant: Tenant, inv: SandboxInvoice) {
  const { total } = totals(inv);
  const paid = paymentsOf(tenant, inv.id).reduce((s, p) => s + p.amountMinor, 0);
  const credited = creditsOf(tenant, inv.id).reduce((s, c) => s + c.amountMinor, 0);
  const open = inv.status === 'AUTHORISED' || inv.status === 'PAID' || inv.status === 'SUBMITTED' || inv.status === 'DRAFT';
  return { total, paid, credited, due: open ? total - paid - credited : 0 };
}

export function remainingCredit(note: SandboxCreditNote): number {
  return totals(note).total - note.allocations.reduce((s, a) => s + a.amountMinor, 0);
}

export const isLocked = (tenant: Tenant, inv: SandboxInvoice): boolean =>
  paymentsOf(tenant, inv.id).length > 0 || creditsOf(tenant, inv.id).length > 0;

export function addHistory(tenant: Tenant, docId: string, entry: HistoryEntry): void {
  const list = tenant.history.get(docId) ?? [];
  list.push(entry);
  tenant.history.set(docId, list);
}

const system = (changes: string, details: string, at: number): HistoryEntry => ({ changes, details, user: 'System Generated', at });

/** PAID when nothing is left to pay, back to AUTHORISED when a payment is removed. */
export function settle(tenant: Tenant, inv: SandboxInvoice, on: CalendarDate, at: number): void {
  const { due } = amountsOf(tenant, inv);
  if (inv.status === 'AUTHORISED' && due <= 0) {
    inv.status = 'PAID';
    inv.fullyPaidOn = on;
  } else if (inv.status === 'PAID' && due > 0) {
    inv.status = 'AUTHORISED';
    inv.fullyPaidOn = null;
  }
  inv.updatedAt = at;
}

export function addPayment(
  tenant: Tenant,
  invoiceId: string,
  p: { amountMinor: number; date: CalendarDate; reference?: string },
  ids: Ids,
): SandboxPayment {
  const inv = tenant.invoices.get(invoiceId);
  if (!inv) throw new Refusal('Invoice could not be found');
  if (inv.status !== 'AUTHORISED') throw new Refusal('Payment can only be made against Authorised documents');
  if (p.amountMinor <= 0) throw new Refusal('Payment amount must be greater than zero');
  if (p.amountMinor > amountsOf(tenant, inv).due) throw new Refusal('Payment amount exceeds the amount outstanding on this document');
  const at = ids.now();
  const payment: SandboxPayment = {
    id: ids.newId(),
    invoiceId,
    date: p.date,
    amountMinor: p.amountMinor,
    status: 'AUTHORISED',
    reference: p.reference ?? '',
    isReconciled: false,
    accountCode: bankAccount(tenant),
    updatedAt: at,
  };
  storePayment(tenant, payment);
  addHistory(
    tenant,
    inv.id,
    system(
      'Payment Received',
      `Payment received from ${contactName(tenant, inv.contactId)} on ${p.date} for ${decimal(p.amountMinor, inv.currency)}.`,
      at,
    ),
  );
  settle(tenant, inv, p.date, at);
  return payment;
}

export function deletePayment(tenant: Tenant, paymentId: string, ids: Ids): SandboxPayment {
  const payment = tenant.payments.get(paymentId);
  if (!payment || payment.status === 'DELETED') throw new Refusal('Payment could not be found');
  const at = ids.now();
  payment.status = 'DELETED';
  payment.updatedAt = at;
  const inv = tenant.invoices.get(payment.invoiceId);
  if (inv) settle(tenant, inv, payment.date, at);
  return payment;
}

export function voidInvoice(tenant: Tenant, inv: SandboxInvoice, ids: Ids): void {
  if (isLocked(tenant, inv)) throw new Refusal(CANNOT_EDIT);
  if (inv.status === 'DRAFT' || inv.status === 'SUBMITTED') inv.status = 'DELETED';
  else if (inv.status === 'AUTHORISED') inv.status = 'VOIDED';
  else throw new Refusal('Invoice not of valid status for modification');
  inv.updatedAt = ids.now();
  addHistory(
    tenant,
    inv.id,
    system(inv.status === 'VOIDED' ? 'Voided' : 'Deleted', `INV ${inv.number} ${inv.status.toLowerCase()}.`, inv.updatedAt),
  );
}

export function allocate(
  tenant: Tenant,
  note: SandboxCreditNote,
  a: { invoiceId: string; amountMinor: number; date: CalendarDate },
  ids: Ids,
): void {
  const inv = tenant.invoices.get(a.invoiceId);
  if (!inv) throw new Refusal('Invoice could not be found');
  if (note.status !== 'AUTHORISED') throw new Refusal('Only authorised credit notes can be allocated');
  if (inv.status !== 'AUTHORISED') throw new Refusal('Credit notes can only be allocated to authorised invoices');
  if (inv.currency !== note.currency) throw new Refusal('The currency of the credit note and the invoice must match');
  if (inv.contactId !== note.contactId) throw new Refusal('The credit note and the invoice must belong to the same contact');
  if (a.amountMinor <= 0) throw new Refusal('Allocation amount must be greater than zero');
  if (a.amountMinor > remainingCredit(note)) throw new Refusal('The amount allocated exceeds the remaining credit on the credit note');
  if (a.amountMinor > amountsOf(tenant, inv).due) throw new Refusal('The amount allocated exceeds the amount due on the invoice');
  const at = ids.now();
  storeAllocation(tenant, note, { id: ids.newId(), invoiceId: inv.id, amountMinor: a.amountMinor, date: a.date });
  if (remainingCredit(note) === 0) note.status = 'PAID';
  note.updatedAt = at;
  addHistory(
    tenant,
    inv.id,
    system('Credit Applied', `Credit note ${note.number} applied for ${decimal(a.amountMinor, inv.currency)}.`, at),
  );
  settle(tenant, inv, a.date, at);
}

export function nextNumber(tenant: Tenant, kind: 'invoice' | 'creditNote'): string {
  tenant.sequence[kind] += 1;
  return `${kind === 'invoice' ? 'INV' : 'CN'}-${String(tenant.sequence[kind]).padStart(4, '0')}`;
}

const decimal = (minor: number, currency: string): string => toDecimalString(money(minor, currency));

export const contactName = (tenant: Tenant, contactId: string): string => tenant.contacts.get(contactId)?.name ?? '';

export function bankAccount(tenant: Tenant): string {
  return tenant.accounts.find((a) => a.type === 'BANK')?.code ?? '090';
}

export function recordCreation(tenant: Tenant, doc: { id: string; status: string; number: string }, at: number, by: string): void {
  addHistory(tenant, doc.id, system('Created', `${doc.number} created by ${by}.`, at));
  if (doc.status === 'AUTHORISED') addHistory(tenant, doc.id, system('Approved', `${doc.number} approved.`, at));
}
