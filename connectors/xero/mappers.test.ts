import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mapChargeAccounts, mapContact, mapCreditNote, mapInvoice, mapPayment, mapRecords, xeroErrorMessages } from './mappers.ts';

const invoice = (over: Record<string, unknown> = {}) => ({
  Type: 'ACCREC',
  InvoiceID: 'inv-1',
  InvoiceNumber: 'INV-0001',
  Reference: 'PO 12',
  Contact: { ContactID: 'c-1', Name: 'Dupont' },
  Date: '/Date(1539993600000+0000)/',
  DateString: '2018-10-20T00:00:00',
  DueDate: '/Date(1542672000000+0000)/',
  DueDateString: '2018-11-20T00:00:00',
  Status: 'AUTHORISED',
  CurrencyCode: 'EUR',
  Total: 1234.56,
  AmountDue: 1234.56,
  AmountPaid: 0,
  AmountCredited: 0,
  UpdatedDateUTC: '/Date(1540000000123+0000)/',
  ...over,
});

describe('invoice mapper', () => {
  it.each([
    ['DRAFT', 'draft'],
    ['SUBMITTED', 'draft'],
    ['AUTHORISED', 'open'],
    ['PAID', 'paid'],
    ['VOIDED', 'voided'],
    ['DELETED', 'deleted'],
  ])('maps status %s to %s', (xero, ours) => {
    const m = mapInvoice(invoice({ Status: xero }));
    expect(m.ok && m.ok !== 'skip' ? m.value.status : m).toBe(ours);
  });

  it('keeps the calendar dates Xero wrote and the modification instant', () => {
    const m = mapInvoice(invoice());
    expect(m).toMatchObject({
      ok: true,
      value: { issueDate: '2018-10-20', dueDate: '2018-11-20', updatedAt: '2018-10-20T01:46:40.123Z', number: 'INV-0001' },
    });
  });

  it('prefers DateString: the day in the organisation zone, not the UTC day of /Date()/', () => {
    // 2018-10-19T23:00Z is already the 20th in Paris; Xero's DateString says so
    const m = mapInvoice(invoice({ Date: '/Date(1539990000000+0000)/', DateString: '2018-10-20T00:00:00' }));
    expect(m).toMatchObject({ ok: true, value: { issueDate: '2018-10-20' } });
  });

  it('reads /Date(ms+hhmm)/ on its offset when there is no DateString', () => {
    const m = mapInvoice(invoice({ Date: '/Date(1539990000000+0100)/', DateString: undefined }));
    expect(m).toMatchObject({ ok: true, value: { issueDate: '2018-10-20' } });
  });

  it('turns amounts into exact minor units', () => {
    const m = mapInvoice(invoice({ Total: 0.1 + 0.2, AmountDue: 0.3, AmountPaid: '1234.56', AmountCredited: 1e-2 }));
    expect(m).toMatchObject({ ok: true, value: { totalMinor: 30, amountDueMinor: 30, amountPaidMinor: 123456, amountCreditedMinor: 1 } });
    const yen = mapInvoice(invoice({ CurrencyCode: 'JPY', Total: 1500, AmountDue: 1500 }));
    expect(yen).toMatchObject({ ok: true, value: { totalMinor: 1500 } });
  });

  it('never loses a cent on any two-decimal amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const m = mapInvoice(invoice({ Total: cents / 100 }));
        return m.ok === true && m.value.totalMinor === cents;
      }),
    );
  });

  it('skips purchase invoices silently and rejects a broken record with its reason', () => {
    expect(mapInvoice(invoice({ Type: 'ACCPAY' }))).toEqual({ ok: 'skip' });
    const bad = mapInvoice(invoice({ Total: 'lots', Status: 'WEIRD' }));
    expect(bad).toMatchObject({ ok: false, externalId: 'inv-1' });
    expect(bad.ok === false && bad.reason).toMatch(/Status/);
    expect(bad.ok === false && bad.reason).toMatch(/Total/);
  });

  it('rejects an approved invoice without a due date but lets a draft borrow its issue date', () => {
    expect(mapInvoice(invoice({ DueDate: undefined, DueDateString: undefined }))).toMatchObject({ ok: false });
    expect(mapInvoice(invoice({ Status: 'DRAFT', DueDate: undefined, DueDateString: undefined }))).toMatchObject({
      ok: true,
      value: { dueDate: '2018-10-20' },
    });
  });
});

describe('other mappers', () => {
  it('collects contact emails from EmailAddress and the persons included in emails, once each', () => {
    const m = mapContact({
      ContactID: 'c-1',
      Name: 'Atelier',
      EmailAddress: 'compta@atelier.fr',
      ContactPersons: [
        { FirstName: 'A', EmailAddress: 'anne@atelier.fr', IncludeInEmails: true },
        { FirstName: 'B', EmailAddress: 'bob@atelier.fr', IncludeInEmails: false },
        { FirstName: 'C', EmailAddress: 'COMPTA@atelier.fr', IncludeInEmails: true },
      ],
      UpdatedDateUTC: '/Date(1540000000000+0000)/',
    });
    expect(m).toMatchObject({ ok: true, value: { emails: ['compta@atelier.fr', 'anne@atelier.fr'] } });
    const none = mapContact({ ContactID: 'c-2', Name: 'X', EmailAddress: '', UpdatedDateUTC: '/Date(0+0000)/' });
    expect(none).toMatchObject({ ok: true, value: { emails: [], phone: null } });
  });

  it('reads the number to call: the DEFAULT line, else mobile, direct dial or office, never a fax; codes joined', () => {
    const empty = (PhoneType: string) => ({ PhoneType, PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' });
    const contact = (Phones: unknown[]) => mapContact({ ContactID: 'c-3', Name: 'P', Phones, UpdatedDateUTC: '/Date(0+0000)/' });
    expect(
      contact([
        { PhoneType: 'DEFAULT', PhoneNumber: '23456789', PhoneAreaCode: '1', PhoneCountryCode: '33' },
        { PhoneType: 'MOBILE', PhoneNumber: '612345678', PhoneAreaCode: '', PhoneCountryCode: '+33' },
      ]),
    ).toMatchObject({ value: { phone: '+33 1 23456789' } });
    expect(
      contact([
        empty('DEFAULT'),
        empty('DDI'),
        { PhoneType: 'MOBILE', PhoneNumber: ' 07700 900123 ', PhoneCountryCode: '+44' },
        empty('FAX'),
      ]),
    ).toMatchObject({ value: { phone: '+44 07700 900123' } });
    expect(contact([empty('DEFAULT'), { PhoneType: 'FAX', PhoneNumber: '0123' }])).toMatchObject({ value: { phone: null } });
    expect(contact([])).toMatchObject({ value: { phone: null } });
  });

  it('maps receivable payments and skips supplier ones', () => {
    const raw = {
      PaymentID: 'p-1',
      PaymentType: 'ACCRECPAYMENT',
      Date: '/Date(1542672000000+0000)/',
      Amount: 100.1,
      Status: 'DELETED',
      Invoice: { InvoiceID: 'inv-1', CurrencyCode: 'GBP' },
      UpdatedDateUTC: '/Date(1542672000000+0000)/',
    };
    expect(mapPayment(raw)).toMatchObject({
      ok: true,
      value: {
        allocations: [{ invoiceExternalId: 'inv-1', amountMinor: 10010 }],
        currency: 'GBP',
        status: 'deleted',
        date: '2018-11-20',
      },
    });
    expect(mapPayment({ ...raw, PaymentType: 'ACCPAYPAYMENT' })).toEqual({ ok: 'skip' });
  });

  it('offers the active REVENUE accounts with a code as charge targets', () => {
    const body = {
      Accounts: [
        { Code: '200', Name: 'Sales', Class: 'REVENUE', Status: 'ACTIVE' },
        { Code: '270', Name: 'Interest Income', Class: 'REVENUE', Status: 'ACTIVE' },
        { Code: '090', Name: 'Business Bank', Class: 'ASSET', Status: 'ACTIVE' },
        { Code: '275', Name: 'Old fees', Class: 'REVENUE', Status: 'ARCHIVED' },
        { Name: 'No code', Class: 'REVENUE', Status: 'ACTIVE' },
        'garbage',
      ],
    };
    expect(mapChargeAccounts(body)).toEqual([
      { id: '200', name: '200 Sales' },
      { id: '270', name: '270 Interest Income' },
    ]);
  });

  it('maps credit notes with their allocations', () => {
    const m = mapCreditNote({
      CreditNoteID: 'cn-1',
      Type: 'ACCRECCREDIT',
      Contact: { ContactID: 'c-1' },
      Status: 'PAID',
      CurrencyCode: 'EUR',
      Allocations: [{ Invoice: { InvoiceID: 'inv-1' }, Amount: 19.99, Date: '/Date(1542672000000+0000)/' }],
      UpdatedDateUTC: '/Date(1542672000000+0000)/',
    });
    expect(m).toMatchObject({
      ok: true,
      value: { status: 'active', allocations: [{ invoiceExternalId: 'inv-1', amountMinor: 1999, date: '2018-11-20' }] },
    });
  });

  it('keeps the rest of a page when one record is bad', () => {
    const page = mapRecords('invoices', [invoice({ InvoiceID: 'a' }), { InvoiceID: 'b', Type: 'ACCREC' }, invoice({ InvoiceID: 'c' })]);
    expect(page.invoices.map((i) => i.externalId)).toEqual(['a', 'c']);
    expect(page.rejected).toEqual([{ entity: 'invoice', externalId: 'b', reason: expect.stringContaining('Contact') }]);
  });

  it("reads Xero's validation messages", () => {
    const body = {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [{ ValidationErrors: [{ Message: 'This document cannot be edited as it has a payment or credit note allocated to it.' }] }],
    };
    expect(xeroErrorMessages(body)).toEqual(['This document cannot be edited as it has a payment or credit note allocated to it.']);
    expect(xeroErrorMessages(JSON.stringify({ Message: 'nope' }))).toEqual(['nope']);
  });
});
