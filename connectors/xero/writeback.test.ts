import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/core/calendar.ts';
import { money } from '../../src/core/money.ts';
import type { ChargeClaim } from '../../src/core/ports.ts';
import { xeroConfig } from './config.ts';
import { createXeroConnector } from './index.ts';
import { API, CONN, deps, rawInvoice, recorder, validation, vaultWith } from './testkit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const UNPAID = String(rawInvoice(1).InvoiceID);
const PART_PAID = String(rawInvoice(2).InvoiceID);

/** Xero's write endpoints over an in-memory ledger, replaying by Idempotency-Key like Xero. */
function fakeLedger(options: { failFirstCreate?: number; cannotEdit?: boolean } = {}) {
  const rec = recorder();
  const invoices = new Map<string, Record<string, unknown>>([
    [UNPAID, rawInvoice(1)],
    [PART_PAID, rawInvoice(2, { AmountPaid: 20, AmountDue: 100 })],
  ]);
  const notes: { invoiceId: string; details: string }[] = [];
  const creditNotes: Record<string, unknown>[] = [];
  const allocations: unknown[] = [];
  let serial = 100;
  let failures = options.failFirstCreate ?? 0;
  const handlers = [
    http.get(`${API}/Invoices/:id`, async ({ request, params }) => {
      await rec.record(request);
      const inv = invoices.get(String(params.id));
      return inv ? HttpResponse.json({ Invoices: [inv] }) : HttpResponse.json({ Title: 'Not Found' }, { status: 404 });
    }),
    http.put(`${API}/Invoices`, async ({ request }) => {
      const s = await rec.record(request);
      // the write lands but the answer is lost: a 503 after the fact
      const answerLost = failures-- > 0;
      const res = rec.idempotent(s, () => {
        const body = s.body as { Invoices: Record<string, unknown>[] };
        const created = body.Invoices.map((i) => {
          const id = `charges-${serial++}`;
          const inv = {
            ...i,
            InvoiceID: id,
            InvoiceNumber: `INV-${serial}`,
            AmountDue: 40,
            Total: 40,
            Status: 'AUTHORISED',
            CurrencyCode: 'EUR',
          };
          invoices.set(id, inv);
          return inv;
        });
        return { Invoices: created };
      });
      return answerLost ? HttpResponse.json({ Title: 'Service Unavailable' }, { status: 503 }) : res;
    }),
    http.post(`${API}/Invoices/:id`, async ({ request, params }) => {
      const s = await rec.record(request);
      if (options.cannotEdit) return validation('This document cannot be edited as it has a payment or credit note allocated to it.');
      return rec.idempotent(s, () => {
        const inv = invoices.get(String(params.id))!;
        const lines = (s.body as { Invoices: { LineItems: Record<string, unknown>[] }[] }).Invoices[0]!.LineItems.map((l, i) => ({
          ...l,
          LineItemID: l.LineItemID ?? `new-line-${i}`,
          LineAmount: Number(l.UnitAmount) * Number(l.Quantity),
        }));
        Object.assign(inv, { LineItems: lines });
        return { Invoices: [inv] };
      });
    }),
    http.put(`${API}/Invoices/:id/History`, async ({ request, params }) => {
      const s = await rec.record(request);
      return rec.idempotent(s, () => {
        const details = (s.body as { HistoryRecords: { Details: string }[] }).HistoryRecords[0]!.Details;
        if (details.length > 250) return validation('Details must be 250 characters or less');
        notes.push({ invoiceId: String(params.id), details });
        return { HistoryRecords: [{ Details: details }] };
      });
    }),
    http.put(`${API}/CreditNotes`, async ({ request }) => {
      const s = await rec.record(request);
      return rec.idempotent(s, () => {
        const cn = {
          ...(s.body as { CreditNotes: Record<string, unknown>[] }).CreditNotes[0],
          CreditNoteID: `cn-${serial++}`,
          DateString: '2026-03-02T00:00:00',
        };
        creditNotes.push(cn);
        return { CreditNotes: [cn] };
      });
    }),
    http.put(`${API}/CreditNotes/:id/Allocations`, async ({ request }) => {
      const s = await rec.record(request);
      return rec.idempotent(s, () => {
        allocations.push(s.body);
        return { Allocations: [s.body] };
      });
    }),
    http.get(`${API}/Invoices/:id/OnlineInvoice`, async ({ params }) =>
      params.id === UNPAID
        ? HttpResponse.json({ OnlineInvoices: [{ OnlineInvoiceUrl: 'https://in.xero.com/abc' }] })
        : validation('Online invoices are not available for draft invoices'),
    ),
  ];
  return { rec, invoices, notes, creditNotes, allocations, handlers };
}

const claim = (over: Partial<ChargeClaim> = {}): ChargeClaim => ({
  invoiceExternalId: UNPAID,
  invoiceNumber: 'INV-0001',
  contactExternalId: 'c-1',
  lines: [
    { description: 'Late-payment interest on INV-0001 (ECB rate + 10 points, 32 days)', amount: money(1234, 'EUR') },
    { description: 'Fixed compensation for recovery costs (€40)', amount: money(4000, 'EUR') },
  ],
  writeAs: 'separate-invoice',
  bookTo: '260',
  issueDate: calendarDate('2026-03-02'),
  dueDate: calendarDate('2026-03-16'),
  ...over,
});

let ledger: ReturnType<typeof fakeLedger>;
let connector: ReturnType<typeof createXeroConnector>;
const setup = async (options: Parameters<typeof fakeLedger>[0] = {}) => {
  ledger = fakeLedger(options);
  server.use(...ledger.handlers);
  connector = createXeroConnector(xeroConfig(), deps(await vaultWith(20 * 60_000)));
};
beforeEach(() => setup());

const writes = () => ledger.rec.seen.filter((s) => s.method !== 'GET');

describe('write-back', () => {
  it('adds a history note cut to 250 characters, with an Idempotency-Key, once even when retried', async () => {
    const long = `Reminder 3 sent to compta@dupont.fr — ${'très '.repeat(80)}😀 end`;
    await connector.addNote(CONN, UNPAID, long, 'reminder:org-1:inv-1:step-3');
    await connector.addNote(CONN, UNPAID, long, 'reminder:org-1:inv-1:step-3');
    expect(ledger.notes).toHaveLength(1);
    expect(ledger.notes[0]!.details.length).toBeLessThanOrEqual(250);
    expect(ledger.notes[0]!.details.endsWith('…')).toBe(true);
    expect(writes().map((s) => s.headers.get('idempotency-key'))).toEqual([
      'note:reminder:org-1:inv-1:step-3',
      'note:reminder:org-1:inv-1:step-3',
    ]);
  });

  it('writes charges as a separate sales invoice referencing the original, plus a note on the original', async () => {
    const written = await connector.writeCharges(CONN, claim(), 'charge:org-1:inv-1');
    expect(written).toEqual({ invoiceExternalId: 'charges-100', writtenAs: 'separate-invoice' });
    const create = writes().find((s) => s.method === 'PUT' && s.path === '/Invoices')!;
    const sent = (create.body as { Invoices: Record<string, unknown>[] }).Invoices[0]!;
    expect(sent).toMatchObject({
      Type: 'ACCREC',
      Status: 'AUTHORISED',
      Reference: 'Late-payment charges: INV-0001',
      Contact: { ContactID: 'c-1' },
      Date: '2026-03-02',
      DueDate: '2026-03-16',
      CurrencyCode: 'EUR',
    });
    expect(sent.LineItems).toEqual([
      expect.objectContaining({ UnitAmount: 12.34, Quantity: 1, AccountCode: '260', TaxType: 'NONE' }),
      expect.objectContaining({ UnitAmount: 40, AccountCode: '260' }),
    ]);
    expect(ledger.notes).toEqual([{ invoiceId: UNPAID, details: 'Late-payment charges invoiced separately on INV-101.' }]);
  });

  it('sends an Idempotency-Key (≤ 128 chars) on every write, and a retried claim writes nothing twice', async () => {
    const key = `charge:${'x'.repeat(200)}`;
    const first = await connector.writeCharges(CONN, claim(), key);
    const second = await connector.writeCharges(CONN, claim(), key);
    expect(second).toEqual(first);
    expect([...ledger.invoices.keys()].filter((k) => k.startsWith('charges-'))).toHaveLength(1);
    expect(ledger.notes).toHaveLength(1);
    const keys = writes().map((s) => s.headers.get('idempotency-key'));
    expect(keys.every((k) => k !== null && k.length <= 128)).toBe(true);
    expect(new Set(keys).size).toBe(2);
  });

  it('retries a write whose answer was lost with the same key, so the charges invoice exists once', async () => {
    await setup({ failFirstCreate: 1 });
    const written = await connector.writeCharges(CONN, claim(), 'charge:org-1:inv-1');
    const creates = writes().filter((s) => s.path === '/Invoices');
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((c) => c.headers.get('idempotency-key'))).size).toBe(1);
    expect([...ledger.invoices.keys()].filter((k) => k.startsWith('charges-'))).toEqual([written.invoiceExternalId]);
  });

  it('adds lines to an unpaid invoice, keeping its existing lines', async () => {
    const written = await connector.writeCharges(CONN, claim({ writeAs: 'line-on-original' }), 'charge:org-1:inv-1');
    expect(written).toEqual({ writtenAs: 'line-on-original', invoiceExternalId: UNPAID, lineIds: ['new-line-1', 'new-line-2'] });
    const update = writes().find((s) => s.method === 'POST')!;
    const lines = (update.body as { Invoices: { LineItems: Record<string, unknown>[] }[] }).Invoices[0]!.LineItems;
    expect(lines.map((l) => l.LineItemID ?? l.Description)).toEqual([
      'line-1',
      claim().lines[0]!.description,
      claim().lines[1]!.description,
    ]);
    expect(lines[0]).toMatchObject({ UnitAmount: 100, AccountCode: '200', TaxType: 'OUTPUT' });
  });

  it('falls back to a separate invoice when Xero says the invoice cannot be edited', async () => {
    await setup({ cannotEdit: true });
    const written = await connector.writeCharges(CONN, claim({ writeAs: 'line-on-original' }), 'charge:org-1:inv-1');
    expect(written.writtenAs).toBe('separate-invoice');
    expect(writes().map((s) => `${s.method} ${s.path.replace(UNPAID, ':id')}`)).toEqual([
      'POST /Invoices/:id',
      'PUT /Invoices',
      'PUT /Invoices/:id/History',
    ]);
  });

  it('does not even try to edit an invoice with a payment on it', async () => {
    const written = await connector.writeCharges(CONN, claim({ writeAs: 'line-on-original', invoiceExternalId: PART_PAID }), 'k');
    expect(written.writtenAs).toBe('separate-invoice');
    expect(writes().some((s) => s.method === 'POST')).toBe(false);
  });

  it('waives charges with a credit note allocated to the charges invoice', async () => {
    const written = await connector.writeCharges(CONN, claim(), 'charge:1');
    const waived = await connector.waiveCharges(CONN, written, 'goodwill after a dispute', 'waive:1');
    expect(waived.externalId).toMatch(/^cn-/);
    expect(ledger.creditNotes[0]).toMatchObject({
      Type: 'ACCRECCREDIT',
      Status: 'AUTHORISED',
      Contact: { ContactID: 'c-1' },
      LineItems: [expect.objectContaining({ UnitAmount: 40 })],
    });
    expect(ledger.allocations).toEqual([
      { Allocations: [{ Invoice: expect.objectContaining({ InvoiceID: written.invoiceExternalId }), Amount: 40, Date: '2026-03-02' }] },
    ]);
    expect(ledger.notes.at(-1)).toEqual({
      invoiceId: written.invoiceExternalId,
      details: 'Late-payment charges waived: goodwill after a dispute',
    });
  });

  it('waives exactly the lines it wrote on an original invoice', async () => {
    const written = await connector.writeCharges(CONN, claim({ writeAs: 'line-on-original' }), 'charge:1');
    await connector.waiveCharges(CONN, written, 'customer paid quickly', 'waive:1');
    expect(ledger.creditNotes[0]).toMatchObject({ LineItems: [expect.objectContaining({ UnitAmount: 52.34, AccountCode: '260' })] });
  });

  it('gives the online invoice page, or null where Xero has none', async () => {
    expect(await connector.paymentUrl(CONN, UNPAID)).toBe('https://in.xero.com/abc');
    expect(await connector.paymentUrl(CONN, PART_PAID)).toBeNull();
  });
});
