import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { createXeroSandbox, type XeroSandbox } from '../sandbox.ts';
import { seedLedger } from '../seed/seed.ts';
import { SEED_TENANTS } from '../seed/tenants.ts';
import { accountingClient } from '../testing.ts';
import { CANNOT_EDIT } from './ledger.ts';

const FR = SEED_TENANTS.fr.id;
const clock = manualClock('2026-03-15T10:00:00Z');
let sandbox: XeroSandbox;
let call: ReturnType<typeof accountingClient>;

beforeEach(async () => {
  clock.set('2026-03-15T10:00:00Z');
  sandbox = createXeroSandbox({ now: clock.now, state: seedLedger({ seed: 3, today: '2026-03-15', invoices: 300, now: clock.now() }) });
  call = accountingClient(sandbox, (await sandbox.control.connect()).access_token, FR);
});

const newInvoice = (extra: Record<string, unknown> = {}) => ({
  Type: 'ACCREC',
  Contact: { ContactID: [...(sandbox.state.tenants.get(FR)?.contacts.values() ?? [])][0]?.id },
  Date: '2026-03-01',
  DueDate: '2026-03-31',
  Status: 'AUTHORISED',
  LineAmountTypes: 'Exclusive',
  LineItems: [{ Description: 'Pose', Quantity: 2, UnitAmount: 100, AccountCode: '200', TaxType: 'OUTPUT' }],
  ...extra,
});

describe('GET Invoices', () => {
  it('pages with the pagination envelope, 100 by default and at most 1000', async () => {
    const all = (await call('GET', '/Invoices')).json.Invoices.length;
    const first = await call('GET', '/Invoices?page=1');
    expect(first.json.pagination).toEqual({ page: 1, pageSize: 100, pageCount: Math.ceil(all / 100), itemCount: all });
    expect(first.json.Invoices).toHaveLength(100);
    const big = await call('GET', '/Invoices?page=1&pageSize=5000');
    expect(big.json.pagination.pageSize).toBe(1000);
    const ids = new Set<string>();
    for (let page = 1; page <= Math.ceil(all / 70); page++) {
      for (const inv of (await call('GET', `/Invoices?page=${page}&pageSize=70`)).json.Invoices) ids.add(inv.InvoiceID);
    }
    expect(ids.size).toBe(all);
  });

  it('includes line items in paged lists and single reads, not in unpaged lists', async () => {
    expect((await call('GET', '/Invoices')).json.Invoices.every((i: any) => i.LineItems.length === 0)).toBe(true);
    const paged = (await call('GET', '/Invoices?page=1')).json.Invoices;
    expect(paged.some((i: any) => i.LineItems.length > 0)).toBe(true);
    const one = (await call('GET', `/Invoices/${paged[0].InvoiceID}`)).json.Invoices[0];
    expect(one.LineItems.length).toBeGreaterThan(0);
  });

  it('filters with where Type=="ACCREC", Statuses, IDs, InvoiceNumbers and ContactIDs', async () => {
    const sales = (await call('GET', `/Invoices?where=${encodeURIComponent('Type=="ACCREC"')}`)).json.Invoices;
    const all = (await call('GET', '/Invoices')).json.Invoices;
    expect(sales.length).toBeGreaterThan(0);
    expect(sales.length).toBeLessThan(all.length);
    expect(sales.every((i: any) => i.Type === 'ACCREC')).toBe(true);
    const open = (await call('GET', '/Invoices?Statuses=AUTHORISED,DRAFT')).json.Invoices;
    expect(new Set(open.map((i: any) => i.Status))).toEqual(new Set(['AUTHORISED', 'DRAFT']));
    const pick = [all[3], all[7]];
    const byId = (await call('GET', `/Invoices?IDs=${pick.map((i: any) => i.InvoiceID).join(',')}`)).json.Invoices;
    expect(byId.map((i: any) => i.InvoiceID).sort()).toEqual(pick.map((i: any) => i.InvoiceID).sort());
    const byNumber = (await call('GET', `/Invoices?InvoiceNumbers=${all[3].InvoiceNumber}`)).json.Invoices;
    expect(byNumber.map((i: any) => i.InvoiceID)).toEqual([all[3].InvoiceID]);
    const byContact = (await call('GET', `/Invoices?ContactIDs=${all[3].Contact.ContactID}`)).json.Invoices;
    expect(byContact.every((i: any) => i.Contact.ContactID === all[3].Contact.ContactID)).toBe(true);
    const combined = `Type=="ACCREC" AND Status=="AUTHORISED" AND AmountDue>0 AND Contact.ContactID==Guid("${all[3].Contact.ContactID}")`;
    const narrowed = (await call('GET', `/Invoices?where=${encodeURIComponent(combined)}`)).json.Invoices;
    expect(narrowed.every((i: any) => i.Status === 'AUTHORISED' && i.AmountDue > 0)).toBe(true);
  });

  it('answers only what changed since If-Modified-Since', async () => {
    const stamp = '2026-03-15T10:00:00';
    expect((await call('GET', '/Invoices', { headers: { 'If-Modified-Since': stamp } })).json.Invoices).toEqual([]);
    clock.advance(60_000);
    const target = (await call('GET', '/Invoices?Statuses=AUTHORISED')).json.Invoices[0];
    await sandbox.control.payInvoice(FR, target.InvoiceID, { amountMinor: 100 });
    const changed = (await call('GET', '/Invoices', { headers: { 'If-Modified-Since': stamp } })).json.Invoices;
    expect(changed.map((i: any) => i.InvoiceID)).toEqual([target.InvoiceID]);
    expect(changed[0].UpdatedDateUTC).toBe(`/Date(${clock.now().getTime()}+0000)/`);
    const payments = (await call('GET', '/Payments', { headers: { 'If-Modified-Since': stamp } })).json.Payments;
    expect(payments).toHaveLength(1);
  });

  it('orders by the asked field', async () => {
    const list = (
      await call('GET', `/Invoices?order=${encodeURIComponent('InvoiceNumber DESC')}&where=${encodeURIComponent('Type=="ACCREC"')}`)
    ).json.Invoices;
    const numbers = list.map((i: any) => i.InvoiceNumber);
    expect(numbers).toEqual([...numbers].sort().reverse());
  });

  it("writes dates and amounts in Xero's forms", async () => {
    const res = await call('GET', '/Invoices?page=1&pageSize=1');
    expect(res.text).toMatch(/"Date":"\/Date\(\d+\+0000\)\/"/);
    expect(res.text).toMatch(/"DateString":"\d{4}-\d{2}-\d{2}T00:00:00"/);
    expect(res.text).toMatch(/"Total":\d+\.\d{2}[,}]/);
  });

  it('keeps AmountDue = Total − AmountPaid − AmountCredited on every open invoice', async () => {
    for (const i of (await call('GET', '/Invoices?Statuses=AUTHORISED,PAID')).json.Invoices) {
      expect(Math.round((i.Total - i.AmountPaid - i.AmountCredited) * 100)).toBe(Math.round(i.AmountDue * 100));
      expect(i.Status === 'PAID').toBe(i.AmountDue === 0);
    }
  });

  it('answers 403 AuthenticationUnsuccessful for an unknown tenant and 400 for an unreadable where', async () => {
    const other = accountingClient(sandbox, (await sandbox.control.connect()).access_token, '00000000-0000-4000-8000-000000000000');
    const denied = await other('GET', '/Invoices');
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' });
    const bad = await call('GET', `/Invoices?where=${encodeURIComponent('Type ~ ACCREC')}`);
    expect(bad.status).toBe(400);
    expect(bad.json.Type).toBe('QueryParseException');
  });
});

describe('writing invoices', () => {
  it('creates with PUT, computes tax and totals, and numbers the invoice', async () => {
    const res = await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] } });
    expect(res.status).toBe(200);
    const inv = res.json.Invoices[0];
    expect(inv).toMatchObject({ Status: 'AUTHORISED', SubTotal: 200, TotalTax: 40, Total: 240, AmountDue: 240, CurrencyCode: 'EUR' });
    expect(inv.InvoiceNumber).toMatch(/^INV-\d{4}$/);
  });

  it("refuses to edit an invoice with a payment allocated, with Xero's message", async () => {
    const created = (await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] } })).json.Invoices[0];
    await sandbox.control.payInvoice(FR, created.InvoiceID, { amountMinor: 1000 });
    const res = await call('POST', `/Invoices/${created.InvoiceID}`, {
      body: { Invoices: [{ LineItems: [{ Description: 'Late fee', Quantity: 1, UnitAmount: 40, AccountCode: '200' }] }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.Type).toBe('ValidationException');
    expect(res.json.Elements[0].ValidationErrors[0].Message).toBe(CANNOT_EDIT);
    expect((await call('GET', `/Invoices/${created.InvoiceID}`)).json.Invoices[0].Total).toBe(240);
  });

  it('refuses to edit an invoice with a credit note allocated', async () => {
    const created = (await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] } })).json.Invoices[0];
    await sandbox.control.creditInvoice(FR, created.InvoiceID, { amountMinor: 500 });
    const res = await call('POST', `/Invoices/${created.InvoiceID}`, { body: { Reference: 'changed' } });
    expect(res.json.Elements[0].ValidationErrors[0].Message).toBe(CANNOT_EDIT);
  });

  it('replaces the whole set of line items on update', async () => {
    const created = (
      await call('PUT', '/Invoices', {
        body: {
          Invoices: [
            newInvoice({
              LineItems: [
                { Description: 'A', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'NONE' },
                { Description: 'B', Quantity: 1, UnitAmount: 50, AccountCode: '200', TaxType: 'NONE' },
              ],
            }),
          ],
        },
      })
    ).json.Invoices[0];
    const updated = await call('POST', `/Invoices/${created.InvoiceID}`, {
      body: { Invoices: [{ LineItems: [{ Description: 'C', Quantity: 1, UnitAmount: 40, AccountCode: '270', TaxType: 'NONE' }] }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.Invoices[0].LineItems.map((l: any) => l.Description)).toEqual(['C']);
    expect(updated.json.Invoices[0].Total).toBe(40);
  });

  it('replays the first answer for a repeated Idempotency-Key and writes nothing more', async () => {
    const before = sandbox.state.tenants.get(FR)?.invoices.size ?? 0;
    const headers = { 'Idempotency-Key': 'charge-inv-42-step-3' };
    const first = await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] }, headers });
    const second = await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] }, headers });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(sandbox.state.tenants.get(FR)?.invoices.size).toBe(before + 1);
    const note = { HistoryRecords: [{ Details: 'Reminder sent' }] };
    const id = first.json.Invoices[0].InvoiceID;
    await call('PUT', `/Invoices/${id}/History`, { body: note, headers: { 'Idempotency-Key': 'note-1' } });
    await call('PUT', `/Invoices/${id}/History`, { body: note, headers: { 'Idempotency-Key': 'note-1' } });
    expect(sandbox.control.notes(FR, id)).toEqual(['Reminder sent']);
  });

  it('does not keep a refused write under its key, so it can be corrected and retried', async () => {
    const headers = { 'Idempotency-Key': 'retry-me' };
    const refused = await call('PUT', '/Invoices', { body: { Invoices: [newInvoice({ DueDate: undefined })] }, headers });
    expect(refused.status).toBe(400);
    expect((await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] }, headers })).status).toBe(200);
  });

  it('voids an unpaid invoice through POST and moves UpdatedDateUTC', async () => {
    const created = (await call('PUT', '/Invoices', { body: { Invoices: [newInvoice()] } })).json.Invoices[0];
    clock.advance(5_000);
    const voided = (await call('POST', `/Invoices/${created.InvoiceID}`, { body: { Status: 'VOIDED' } })).json.Invoices[0];
    expect(voided.Status).toBe('VOIDED');
    expect(voided.AmountDue).toBe(0);
    expect(voided.UpdatedDateUTC).not.toBe(created.UpdatedDateUTC);
  });
});
