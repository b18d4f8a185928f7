import type { Decimal } from 'decimal.js';
import { CreditNote, Invoice, LineAmountTypes, type CurrencyCode, type LineItem } from 'xero-node';
import { z } from 'zod';
import { chargesInvoiceReference } from '../../src/core/charges/index.ts';
import { fromDecimal, toDecimalString, type Money } from '../../src/core/money.ts';
import { LedgerError, type ChargeClaim, type ConnectionRef, type WrittenCharge } from '../../src/core/ports.ts';
import { fitText, writeKey } from '../shared/writes.ts';
import type { XeroCall } from './client.ts';
import type { XeroConfig } from './config.ts';
import { amount, currency, id, mapChargeAccounts, readEnvelope } from './mappers.ts';

/**
 * Writes to Xero. Every write carries an Idempotency-Key derived from the caller's key and the write's purpose, so a
 * retried use case lands once. Charges go on a separate sales invoice by default: Xero forbids editing an invoice
 * with a payment or credit note allocated, and LineItems on update replace the whole set.
 */
export type Writer = {
  addNote(conn: ConnectionRef, invoiceId: string, text: string, key: string): Promise<void>;
  writeCharges(conn: ConnectionRef, claim: ChargeClaim, key: string): Promise<WrittenCharge>;
  waiveCharges(conn: ConnectionRef, written: WrittenCharge, reason: string, key: string): Promise<{ externalId: string }>;
  paymentUrl(conn: ConnectionRef, invoiceId: string): Promise<string | null>;
  chargeTargets(conn: ConnectionRef): Promise<{ id: string; name: string }[]>;
};

const CANNOT_EDIT = /cannot be edited/i;
const EDITABLE = new Set(['DRAFT', 'SUBMITTED', 'AUTHORISED']);

const rawLine = z.looseObject({
  LineItemID: z.string().optional(),
  Description: z.string().nullish(),
  Quantity: amount.optional(),
  UnitAmount: amount.optional(),
  LineAmount: amount.optional(),
  AccountCode: z.string().nullish(),
  ItemCode: z.string().nullish(),
  TaxType: z.string().nullish(),
  DiscountRate: amount.nullish(),
});
const rawInvoice = z.object({
  InvoiceID: id,
  InvoiceNumber: z.string().optional(),
  Status: z.string(),
  CurrencyCode: currency,
  Contact: z.object({ ContactID: id }),
  AmountDue: amount,
  AmountPaid: amount.optional(),
  AmountCredited: amount.optional(),
  LineItems: z.array(rawLine).optional(),
});
type RawInvoice = z.infer<typeof rawInvoice>;

/** The invoice to credit and, for lines on the original, exactly which lines (null: the whole charges invoice). */
function parseWritten(written: WrittenCharge): { invoiceId: string; lineIds: string[] | null } {
  return { invoiceId: written.invoiceExternalId, lineIds: written.writtenAs === 'line-on-original' ? written.lineIds : null };
}

const num = (m: Money) => Number(toDecimalString(m));
const decimalNum = (d: Decimal | null | undefined) => (d == null ? undefined : d.toNumber());

function firstOf(body: unknown, key: string): Record<string, unknown> {
  const first = readEnvelope(body, key).records[0];
  if (!first || typeof first !== 'object') throw new LedgerError('unavailable', `Xero answered without ${key}`);
  return first as Record<string, unknown>;
}

export function createXeroWriter(call: XeroCall, config: XeroConfig): Writer {
  const key = (callerKey: string, purpose: string) => writeKey(callerKey, purpose, config.write.idempotencyKeyMax);

  async function readInvoice(conn: ConnectionRef, invoiceId: string): Promise<RawInvoice> {
    const body = await call(conn, 'read invoice', (api, t) => api.getInvoice(t, invoiceId));
    const parsed = rawInvoice.safeParse(firstOf(body, 'Invoices'));
    if (!parsed.success) throw new LedgerError('refused', `Xero invoice ${invoiceId} is unreadable: ${parsed.error.message}`);
    return parsed.data;
  }

  async function addNote(conn: ConnectionRef, invoiceId: string, text: string, callerKey: string, purpose = 'note') {
    const details = fitText(text, config.write.noteMaxLength);
    await call(conn, 'add a history note', (api, t) =>
      api.createInvoiceHistory(t, invoiceId, { historyRecords: [{ details }] }, key(callerKey, purpose)),
    );
  }

  const chargeLine = (claim: ChargeClaim, line: ChargeClaim['lines'][number]): LineItem => ({
    description: fitText(line.description, 4000),
    quantity: 1,
    unitAmount: num(line.amount),
    // Xero books charge lines to an income account code (LedgerWrites.chargesBookedTo 'account')
    ...(claim.bookTo ? { accountCode: claim.bookTo } : {}),
    taxType: config.chargeTaxType,
  });

  async function separateInvoice(conn: ConnectionRef, claim: ChargeClaim, callerKey: string): Promise<WrittenCharge> {
    const currencyCode = claim.lines[0]?.amount.currency;
    const body = await call(conn, 'create the charges invoice', (api, t) =>
      api.createInvoices(
        t,
        {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: claim.contactExternalId },
              date: claim.issueDate,
              dueDate: claim.dueDate,
              // relance reads this reference back to know its own charges invoice (never chased on its own)
              reference: fitText(chargesInvoiceReference(claim.invoiceNumber), 255),
              lineAmountTypes: LineAmountTypes.NoTax,
              status: Invoice.StatusEnum.AUTHORISED,
              ...(currencyCode ? { currencyCode: currencyCode as unknown as CurrencyCode } : {}),
              lineItems: claim.lines.map((l) => chargeLine(claim, l)),
            },
          ],
        },
        true,
        undefined,
        key(callerKey, 'charges-invoice'),
      ),
    );
    const created = firstOf(body, 'Invoices');
    const chargesId = String(created.InvoiceID ?? '');
    if (!chargesId) throw new LedgerError('unavailable', 'Xero created the charges invoice without telling its id');
    const number = typeof created.InvoiceNumber === 'string' ? created.InvoiceNumber : chargesId;
    await addNote(conn, claim.invoiceExternalId, `Late-payment charges invoiced separately on ${number}.`, callerKey, 'charges-note');
    return { writtenAs: 'separate-invoice', invoiceExternalId: chargesId };
  }

  async function linesOnOriginal(conn: ConnectionRef, claim: ChargeClaim, callerKey: string): Promise<WrittenCharge> {
    const original = await readInvoice(conn, claim.invoiceExternalId);
    const locked = !EDITABLE.has(original.Status) || !original.AmountPaid?.isZero() || !original.AmountCredited?.isZero();
    if (locked) return separateInvoice(conn, claim, callerKey);
    const existing = original.LineItems ?? [];
    const kept: LineItem[] = existing.map((l) => ({
      lineItemID: l.LineItemID,
      description: l.Description ?? undefined,
      quantity: decimalNum(l.Quantity),
      unitAmount: decimalNum(l.UnitAmount),
      accountCode: l.AccountCode ?? undefined,
      itemCode: l.ItemCode ?? undefined,
      taxType: l.TaxType ?? undefined,
      discountRate: decimalNum(l.DiscountRate),
    }));
    // a retry after a lost answer finds our lines already there: do not add them twice
    const present = new Set(existing.map((l) => `${l.Description ?? ''}|${l.UnitAmount?.toString() ?? ''}`));
    const added = claim.lines.filter((l) => !present.has(`${fitText(l.description, 4000)}|${toDecimalString(l.amount)}`));
    let body: unknown;
    try {
      body = await call(conn, 'add charge lines', (api, t) =>
        api.updateInvoice(
          t,
          claim.invoiceExternalId,
          { invoices: [{ lineItems: [...kept, ...added.map((l) => chargeLine(claim, l))] }] },
          undefined,
          key(callerKey, 'charges-lines'),
        ),
      );
    } catch (error) {
      if (error instanceof LedgerError && error.kind === 'refused' && CANNOT_EDIT.test(error.message)) {
        return separateInvoice(conn, claim, callerKey);
      }
      throw error;
    }
    const keptIds = new Set(existing.map((l) => l.LineItemID));
    const lines = z.array(rawLine).catch([]).parse(firstOf(body, 'Invoices').LineItems);
    const ours = lines.filter((l) => l.LineItemID && !keptIds.has(l.LineItemID)).map((l) => l.LineItemID as string);
    return { writtenAs: 'line-on-original', invoiceExternalId: claim.invoiceExternalId, lineIds: ours };
  }

  return {
    addNote: (conn, invoiceId, text, callerKey) => addNote(conn, invoiceId, text, callerKey),

    async writeCharges(conn, claim, callerKey) {
      if (claim.lines.length === 0) throw new LedgerError('refused', 'a charge claim needs at least one line');
      return claim.writeAs === 'line-on-original' ? linesOnOriginal(conn, claim, callerKey) : separateInvoice(conn, claim, callerKey);
    },

    async waiveCharges(conn, written, reason, callerKey) {
      const { invoiceId, lineIds } = parseWritten(written);
      const target = await readInvoice(conn, invoiceId);
      const c = target.CurrencyCode;
      const lines = (target.LineItems ?? []).filter((l) => lineIds === null || (l.LineItemID && lineIds.includes(l.LineItemID)));
      const writtenMinor = lines.reduce((s, l) => s + (l.LineAmount ? fromDecimal(l.LineAmount, c).minor : 0), 0);
      const due = fromDecimal(target.AmountDue, c).minor;
      const credit = lineIds === null ? due : Math.min(due, writtenMinor);
      if (credit <= 0)
        throw new LedgerError('refused', `nothing left to waive on ${target.InvoiceNumber ?? invoiceId}: the charges are settled`);
      const accountCode = lines.find((l) => l.AccountCode)?.AccountCode ?? undefined;
      const body = await call(conn, 'create the waiver credit note', (api, t) =>
        api.createCreditNotes(
          t,
          {
            creditNotes: [
              {
                type: CreditNote.TypeEnum.ACCRECCREDIT,
                contact: { contactID: target.Contact.ContactID },
                reference: fitText(`Charges waived: ${target.InvoiceNumber ?? invoiceId}`, 255),
                lineAmountTypes: LineAmountTypes.NoTax,
                status: CreditNote.StatusEnum.AUTHORISED,
                currencyCode: c as unknown as CurrencyCode,
                lineItems: [
                  {
                    description: fitText(`Late-payment charges waived: ${reason}`, 4000),
                    quantity: 1,
                    unitAmount: num({ minor: credit, currency: c }),
                    ...(accountCode ? { accountCode } : {}),
                    taxType: config.chargeTaxType,
                  },
                ],
              },
            ],
          },
          true,
          undefined,
          key(callerKey, 'waive-credit'),
        ),
      );
      const note = firstOf(body, 'CreditNotes');
      const creditNoteId = String(note.CreditNoteID ?? '');
      if (!creditNoteId) throw new LedgerError('unavailable', 'Xero created the credit note without telling its id');
      const date = typeof note.DateString === 'string' ? note.DateString.slice(0, 10) : new Date().toISOString().slice(0, 10);
      await call(conn, 'allocate the waiver', (api, t) =>
        api.createCreditNoteAllocation(
          t,
          creditNoteId,
          { allocations: [{ invoice: { invoiceID: invoiceId }, amount: num({ minor: credit, currency: c }), date }] },
          undefined,
          key(callerKey, 'waive-allocation'),
        ),
      );
      await addNote(conn, invoiceId, `Late-payment charges waived: ${reason}`, callerKey, 'waive-note');
      return { externalId: creditNoteId };
    },

    async chargeTargets(conn) {
      const body = await call(conn, 'read accounts', (api, t) => api.getAccounts(t));
      return mapChargeAccounts(body);
    },

    async paymentUrl(conn, invoiceId) {
      try {
        const body = await call(conn, 'read the online invoice', (api, t) => api.getOnlineInvoice(t, invoiceId));
        const url = readEnvelope(body, 'OnlineInvoices').records.map((r) => (r as Record<string, unknown>).OnlineInvoiceUrl)[0];
        return typeof url === 'string' && url ? url : null;
      } catch (error) {
        // drafts and deleted invoices have no online page
        if (error instanceof LedgerError && (error.kind === 'not-found' || error.kind === 'refused')) return null;
        throw error;
      }
    },
  };
}
