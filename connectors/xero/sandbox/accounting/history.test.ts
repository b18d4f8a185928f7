import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { createXeroSandbox, type XeroSandbox } from '../sandbox.ts';
import { SEED_TENANTS } from '../seed/tenants.ts';
import { accountingClient } from '../testing.ts';
import { MAX_NOTE_LENGTH } from './history.ts';

const UK = SEED_TENANTS.uk.id;
const clock = manualClock('2026-03-15T10:00:00Z');
let sandbox: XeroSandbox;
let call: ReturnType<typeof accountingClient>;
let invoiceId: string;

beforeEach(async () => {
  sandbox = createXeroSandbox({ now: clock.now });
  call = accountingClient(sandbox, (await sandbox.control.connect()).access_token, UK);
  invoiceId = (await sandbox.control.addInvoice(UK, { dueDate: '2026-03-01', amountMinor: 120_00 })).invoiceId;
});

describe('invoice history', () => {
  it('adds a note of 250 characters and shows it, newest first, as System Generated', async () => {
    const text = 'x'.repeat(MAX_NOTE_LENGTH);
    const res = await call('PUT', `/Invoices/${invoiceId}/History`, { body: { HistoryRecords: [{ Details: text }] } });
    expect(res.status).toBe(200);
    expect(res.json.HistoryRecords[0].Details).toBe(text);
    const history = (await call('GET', `/Invoices/${invoiceId}/History`)).json.HistoryRecords;
    expect(history[0]).toMatchObject({ Changes: 'Note', Details: text, User: 'System Generated' });
    expect(history.map((h: any) => h.Changes)).toContain('Created');
  });

  it('refuses a note of 251 characters with a ValidationException and keeps nothing', async () => {
    const res = await call('PUT', `/Invoices/${invoiceId}/History`, {
      body: { HistoryRecords: [{ Details: 'x'.repeat(MAX_NOTE_LENGTH + 1) }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.Type).toBe('ValidationException');
    expect(res.json.Elements[0].ValidationErrors[0].Message).toMatch(/250/);
    expect(sandbox.control.notes(UK, invoiceId)).toEqual([]);
  });

  it('answers 404 for an unknown invoice', async () => {
    expect((await call('GET', '/Invoices/00000000-0000-4000-8000-000000000000/History')).status).toBe(404);
  });
});

describe('online invoice', () => {
  it('gives the customer-facing URL of an approved invoice, which serves a page where it can be paid', async () => {
    const res = await call('GET', `/Invoices/${invoiceId}/OnlineInvoice`);
    const url = res.json.OnlineInvoices[0].OnlineInvoiceUrl as string;
    expect(url).toMatch(/^https:\/\/in\.xero\.com\/[0-9a-f]{32}$/);
    const page = new URL(url);
    const pay = await sandbox.app.fetch(new Request(`https://api.xero.com/in.xero.com${page.pathname}`, { method: 'POST' }));
    expect(await pay.text()).toContain('payment has been received');
    expect(sandbox.control.invoice(UK, invoiceId)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
  });

  it('refuses a draft', async () => {
    const draft = await sandbox.control.addInvoice(UK, { dueDate: '2026-04-01', status: 'DRAFT' });
    expect((await call('GET', `/Invoices/${draft.invoiceId}/OnlineInvoice`)).status).toBe(400);
  });
});

describe('credit notes', () => {
  it('creates an authorised credit note, allocates it to the invoice and lowers AmountDue', async () => {
    const inv = sandbox.control.invoice(UK, invoiceId) as { Contact: { ContactID: string } };
    const created = await call('PUT', '/CreditNotes', {
      body: {
        CreditNotes: [
          {
            Type: 'ACCRECCREDIT',
            Contact: { ContactID: inv.Contact.ContactID },
            Status: 'AUTHORISED',
            LineAmountTypes: 'NoTax',
            LineItems: [{ Description: 'Waived late fee', Quantity: 1, UnitAmount: 40, AccountCode: '200' }],
          },
        ],
      },
    });
    expect(created.status).toBe(200);
    const note = created.json.CreditNotes[0];
    expect(note).toMatchObject({ Total: 40, RemainingCredit: 40, Status: 'AUTHORISED' });
    const alloc = await call('PUT', `/CreditNotes/${note.CreditNoteID}/Allocations`, {
      body: { Allocations: [{ Amount: 40, Invoice: { InvoiceID: invoiceId }, Date: '2026-03-15' }] },
    });
    expect(alloc.status).toBe(200);
    expect(sandbox.control.invoice(UK, invoiceId)).toMatchObject({ AmountCredited: 40, AmountDue: 80 });
    const again = await call('PUT', `/CreditNotes/${note.CreditNoteID}/Allocations`, {
      body: { Allocations: [{ Amount: 1, Invoice: { InvoiceID: invoiceId } }] },
    });
    expect(again.status).toBe(400);
    expect(sandbox.control.invoice(UK, invoiceId)).toMatchObject({ AmountDue: 80 });
  });
});
