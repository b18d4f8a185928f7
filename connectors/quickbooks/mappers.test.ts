import { describe, expect, it } from 'vitest';
import { countryCodeOf, emailsOf, faultMessages, mapContact, mapCreditNote, mapInvoice, mapPayment } from './mappers.ts';

const META = { CreateTime: '2026-01-05T10:00:00-08:00', LastUpdatedTime: '2026-01-06T09:30:00-08:00' };

const invoice = (over: Record<string, unknown> = {}) => ({
  Id: '130',
  SyncToken: '2',
  DocNumber: '1037',
  TxnDate: '2026-01-05',
  DueDate: '2026-02-04',
  CurrencyRef: { value: 'USD', name: 'United States Dollar' },
  CustomerRef: { value: '3', name: 'Cool Cars' },
  TotalAmt: 362.07,
  Balance: 362.07,
  InvoiceLink: 'https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-abc',
  Line: [],
  MetaData: META,
  ...over,
});

describe('invoice mapper', () => {
  it('reads amounts in minor units, the days as written and the instant in UTC', () => {
    expect(mapInvoice(invoice({ Balance: 100.5 }))).toMatchObject({
      ok: true,
      value: {
        externalId: '130',
        number: '1037',
        contactExternalId: '3',
        issueDate: '2026-01-05',
        dueDate: '2026-02-04',
        currency: 'USD',
        totalMinor: 36207,
        amountDueMinor: 10050,
        amountPaidMinor: 26157,
        status: 'open',
        paymentUrl: 'https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-abc',
        updatedAt: '2026-01-06T17:30:00.000Z',
      },
    });
  });

  it('takes a Balance of 0 as paid, and zero with "Voided" in the private note as voided', () => {
    expect(mapInvoice(invoice({ Balance: 0 }))).toMatchObject({ ok: true, value: { status: 'paid' } });
    expect(mapInvoice(invoice({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided - PO 12' }))).toMatchObject({
      ok: true,
      value: { status: 'voided' },
    });
    // a note that merely mentions voiding on an invoice still owed is not a void
    expect(mapInvoice(invoice({ PrivateNote: 'Voided cheque replaced' }))).toMatchObject({ ok: true, value: { status: 'open' } });
  });

  it('keeps the invoice own addresses (several in one field), which win over the customer for that invoice', () => {
    const m = mapInvoice(invoice({ BillEmail: { Address: 'ap@cool.example, boss@cool.example ,not-an-address' } }));
    expect(m).toMatchObject({ ok: true, value: { emails: ['ap@cool.example', 'boss@cool.example'] } });
    expect(mapInvoice(invoice())).not.toHaveProperty('value.emails');
  });

  it('maps BillEmail and BillEmailCc to the invoice addresses, once each, and leaves the blind copy out', () => {
    const m = mapInvoice(
      invoice({
        BillEmail: { Address: 'ap@cool.example' },
        BillEmailCc: { Address: 'AP@cool.example; controller@cool.example' },
        BillEmailBcc: { Address: 'books@our-company.example' },
      }),
    );
    expect(m).toMatchObject({ ok: true, value: { emails: ['ap@cool.example', 'controller@cool.example'] } });
  });

  it('reads the charges reference from either memo, and the home currency when CurrencyRef is absent', () => {
    const m = mapInvoice(invoice({ CurrencyRef: undefined, CustomerMemo: { value: 'Late-payment charges: 1001' } }), {
      homeCurrency: 'GBP',
    });
    expect(m).toMatchObject({ ok: true, value: { currency: 'GBP', reference: 'Late-payment charges: 1001' } });
    expect(mapInvoice(invoice({ CurrencyRef: undefined }))).toMatchObject({ ok: false, reason: /home currency/ });
  });

  it('rejects a broken record with the reason, and reads a CDC deletion', () => {
    expect(mapInvoice(invoice({ TotalAmt: 'lots', TxnDate: '05/01/2026' }))).toMatchObject({
      ok: false,
      externalId: '130',
      reason: expect.stringMatching(/TxnDate.*not a QuickBooks date.*TotalAmt.*not an amount|TotalAmt.*TxnDate/),
    });
    expect(mapInvoice({ Id: '7', status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: '2026-03-01T10:00:00-08:00' } })).toEqual({
      ok: 'deleted',
      value: { externalId: '7', updatedAt: '2026-03-01T18:00:00.000Z' },
    });
  });
});

describe('customer mapper', () => {
  it('reads the display name, every address and the country', () => {
    const m = mapContact({
      Id: '3',
      DisplayName: 'Cool Cars',
      PrimaryEmailAddr: { Address: 'grace@cool.example;accounts@cool.example' },
      PrimaryPhone: { FreeFormNumber: ' (415) 555-0134 ' },
      Mobile: { FreeFormNumber: '(415) 555-0199' },
      BillAddr: { Country: 'United Kingdom' },
      Active: true,
      MetaData: META,
    });
    expect(m).toEqual({
      ok: true,
      value: {
        externalId: '3',
        name: 'Cool Cars',
        emails: ['grace@cool.example', 'accounts@cool.example'],
        countryCode: 'GB',
        phone: '(415) 555-0134',
        updatedAt: '2026-01-06T17:30:00.000Z',
      },
    });
  });

  it('has no address when QuickBooks has none, and tells country names and codes apart', () => {
    expect(mapContact({ Id: '4', DisplayName: 'Diego', MetaData: META })).toMatchObject({
      ok: true,
      value: { emails: [], countryCode: null, phone: null },
    });
    // no primary number: the mobile, then the alternate one
    expect(
      mapContact({
        Id: '5',
        DisplayName: 'Eve',
        PrimaryPhone: { FreeFormNumber: ' ' },
        Mobile: { FreeFormNumber: '07700 900123' },
        MetaData: META,
      }),
    ).toMatchObject({ ok: true, value: { phone: '07700 900123' } });
    expect(mapContact({ Id: '6', DisplayName: 'Fay', AlternatePhone: { FreeFormNumber: '555-0100' }, MetaData: META })).toMatchObject({
      ok: true,
      value: { phone: '555-0100' },
    });
    expect(['US', 'USA', 'United States', 'france', 'UK', 'Atlantis', 'ZZ'].map(countryCodeOf)).toEqual([
      'US',
      'US',
      'US',
      'FR',
      'GB',
      null,
      null,
    ]);
    expect(emailsOf(' a@b.example ', 'A@B.example', '')).toEqual(['a@b.example']);
  });
});

describe('payment mapper', () => {
  it('allocates one payment to every invoice its lines link', () => {
    const m = mapPayment({
      Id: '40',
      TxnDate: '2026-02-10',
      CurrencyRef: { value: 'USD' },
      TotalAmt: 150,
      Line: [
        { Amount: 100, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] },
        { Amount: 50, LinkedTxn: [{ TxnId: '131', TxnType: 'Invoice' }] },
      ],
      MetaData: META,
    });
    expect(m).toMatchObject({
      ok: true,
      value: {
        externalId: '40',
        date: '2026-02-10',
        allocations: [
          { invoiceExternalId: '130', amountMinor: 10000 },
          { invoiceExternalId: '131', amountMinor: 5000 },
        ],
      },
    });
  });

  it('counts credit applied through a payment on the invoice, and leaves the credit memo without allocations', () => {
    const applied = mapPayment({
      Id: '41',
      TxnDate: '2026-02-11',
      CurrencyRef: { value: 'GBP' },
      TotalAmt: 0,
      Line: [
        { Amount: 25, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] },
        { Amount: 25, LinkedTxn: [{ TxnId: '90', TxnType: 'CreditMemo' }] },
      ],
      MetaData: META,
    });
    expect(applied).toMatchObject({ ok: true, value: { allocations: [{ invoiceExternalId: '130', amountMinor: 2500 }] } });
    const memo = mapCreditNote({ Id: '90', CustomerRef: { value: '3' }, CurrencyRef: { value: 'GBP' }, TotalAmt: 25, MetaData: META });
    expect(memo).toMatchObject({ ok: true, value: { allocations: [], status: 'active', contactExternalId: '3' } });
  });
});

describe('fault messages', () => {
  it('reads the code and the detail of a QuickBooks fault', () => {
    expect(
      faultMessages({ Fault: { Error: [{ Message: 'Stale Object Error', Detail: 'Stale Object Error : You and…', code: '5010' }] } }),
    ).toEqual(['5010 Stale Object Error : You and…']);
    expect(faultMessages('<html>')).toEqual([]);
  });
});
