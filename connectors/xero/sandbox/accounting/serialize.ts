import { amount, dateString, fixed, msDate, msInstant, msStamp } from '../format.ts';
import type {
  HistoryEntry,
  SandboxAccount,
  SandboxContact,
  SandboxCreditNote,
  SandboxInvoice,
  SandboxItem,
  SandboxLine,
  SandboxPayment,
  Tenant,
} from '../state.ts';
import { amountsOf, creditsOf, paymentsOf, remainingCredit, totals } from './ledger.ts';

/** Sandbox records → the JSON Xero answers with (field names, date forms and decimals as in the OpenAPI examples). */

type Json = Record<string, unknown>;

export function envelope(id: string, now: number, body: Json): Json {
  return { Id: id, Status: 'OK', ProviderName: 'relance sandbox', DateTimeUTC: msStamp(now), ...body };
}

export function contactSummary(c: SandboxContact | undefined, contactId: string): Json {
  return {
    ContactID: contactId,
    Name: c?.name ?? '',
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
}

export function contactJson(c: SandboxContact, tenant: Tenant): Json {
  return {
    ContactID: c.id,
    ContactStatus: c.status,
    Name: c.name,
    ...(c.firstName ? { FirstName: c.firstName } : {}),
    ...(c.lastName ? { LastName: c.lastName } : {}),
    ...(c.email ? { EmailAddress: c.email } : {}),
    ContactPersons: c.persons.map((p) => ({
      FirstName: p.firstName,
      LastName: p.lastName,
      EmailAddress: p.email,
      IncludeInEmails: p.includeInEmails,
    })),
    BankAccountDetails: '',
    Addresses: [
      { AddressType: 'STREET', City: '', Region: '', PostalCode: '', Country: '' },
      { AddressType: 'POBOX', City: c.city, Region: '', PostalCode: '', Country: c.countryCode },
    ],
    // Xero lists the four types, empty unless the contact has that number
    Phones: (['DEFAULT', 'DDI', 'FAX', 'MOBILE'] as const).map((type) =>
      c.phone?.type === type
        ? { PhoneType: type, PhoneNumber: c.phone.number, PhoneAreaCode: c.phone.areaCode, PhoneCountryCode: c.phone.countryCode }
        : { PhoneType: type, PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' },
    ),
    UpdatedDateUTC: msInstant(c.updatedAt),
    ContactGroups: [],
    IsSupplier: c.isSupplier,
    IsCustomer: c.isCustomer,
    DefaultCurrency: tenant.currency,
    SalesTrackingCategories: [],
    PurchasesTrackingCategories: [],
    HasAttachments: false,
    HasValidationErrors: false,
  };
}

function lineJson(l: SandboxLine, currency: string): Json {
  return {
    LineItemID: l.id,
    Description: l.description,
    Quantity: fixed(l.quantity, 4),
    UnitAmount: amount(l.unitAmountMinor, currency),
    ...(l.itemCode ? { ItemCode: l.itemCode } : {}),
    ...(l.accountCode ? { AccountCode: l.accountCode } : {}),
    TaxType: l.taxType,
    TaxAmount: amount(l.taxMinor, currency),
    LineAmount: amount(l.lineMinor, currency),
    Tracking: [],
  };
}

function paymentSummary(p: SandboxPayment, currency: string): Json {
  return {
    PaymentID: p.id,
    Date: msDate(p.date),
    Amount: amount(p.amountMinor, currency),
    Reference: p.reference,
    CurrencyRate: fixed(1, 6),
    HasAccount: false,
    HasValidationErrors: false,
  };
}

/** `withLines`: Xero leaves LineItems out of unpaged lists and puts them in single reads and paged lists. */
export function invoiceJson(tenant: Tenant, inv: SandboxInvoice, withLines: boolean): Json {
  const t = totals(inv);
  const a = amountsOf(tenant, inv);
  const c = inv.currency;
  return {
    Type: inv.type,
    InvoiceID: inv.id,
    InvoiceNumber: inv.number,
    Reference: inv.reference,
    Payments: paymentsOf(tenant, inv.id).map((p) => paymentSummary(p, c)),
    CreditNotes: creditsOf(tenant, inv.id).map((cr) => ({
      CreditNoteID: cr.note.id,
      CreditNoteNumber: cr.note.number,
      ID: cr.note.id,
      AppliedAmount: amount(cr.amountMinor, c),
      DateString: dateString(cr.date),
      Date: msDate(cr.date),
      LineItems: [],
      Total: amount(totals(cr.note).total, c),
    })),
    Prepayments: [],
    Overpayments: [],
    AmountDue: amount(a.due, c),
    AmountPaid: amount(a.paid, c),
    AmountCredited: amount(a.credited, c),
    SentToContact: inv.sentToContact,
    CurrencyRate: fixed(1, 6),
    IsDiscounted: false,
    HasAttachments: false,
    HasErrors: false,
    Contact: contactSummary(tenant.contacts.get(inv.contactId), inv.contactId),
    DateString: dateString(inv.date),
    Date: msDate(inv.date),
    ...(inv.dueDate ? { DueDateString: dateString(inv.dueDate), DueDate: msDate(inv.dueDate) } : {}),
    Status: inv.status,
    LineAmountTypes: inv.lineAmountTypes,
    LineItems: withLines ? inv.lines.map((l) => lineJson(l, c)) : [],
    SubTotal: amount(t.subTotal, c),
    TotalTax: amount(t.totalTax, c),
    Total: amount(t.total, c),
    UpdatedDateUTC: msInstant(inv.updatedAt),
    CurrencyCode: c,
    ...(inv.fullyPaidOn ? { FullyPaidOnDate: msDate(inv.fullyPaidOn) } : {}),
  };
}

export function paymentJson(tenant: Tenant, p: SandboxPayment): Json {
  const inv = tenant.invoices.get(p.invoiceId);
  const c = inv?.currency ?? tenant.currency;
  return {
    PaymentID: p.id,
    Date: msDate(p.date),
    BankAmount: amount(p.amountMinor, c),
    Amount: amount(p.amountMinor, c),
    Reference: p.reference,
    CurrencyRate: fixed(1, 6),
    PaymentType: inv?.type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
    Status: p.status,
    UpdatedDateUTC: msInstant(p.updatedAt),
    HasAccount: true,
    IsReconciled: p.isReconciled,
    Account: { AccountID: tenant.accounts.find((a) => a.code === p.accountCode)?.id, Code: p.accountCode },
    Invoice: inv
      ? {
          Type: inv.type,
          InvoiceID: inv.id,
          InvoiceNumber: inv.number,
          Payments: [],
          CreditNotes: [],
          Prepayments: [],
          Overpayments: [],
          IsDiscounted: false,
          HasErrors: false,
          CurrencyCode: c,
          Contact: contactSummary(tenant.contacts.get(inv.contactId), inv.contactId),
          LineItems: [],
        }
      : undefined,
    HasValidationErrors: false,
  };
}

export function creditNoteJson(tenant: Tenant, n: SandboxCreditNote, withLines: boolean): Json {
  const t = totals(n);
  const c = n.currency;
  return {
    CreditNoteID: n.id,
    CreditNoteNumber: n.number,
    Payments: [],
    ID: n.id,
    CurrencyRate: fixed(1, 6),
    Type: n.type,
    Reference: n.reference,
    RemainingCredit: amount(n.status === 'AUTHORISED' || n.status === 'PAID' ? remainingCredit(n) : 0, c),
    Allocations: n.allocations.map((a) => {
      const inv = tenant.invoices.get(a.invoiceId);
      return {
        AllocationID: a.id,
        Amount: amount(a.amountMinor, c),
        Date: msDate(a.date),
        DateString: dateString(a.date),
        Invoice: {
          InvoiceID: a.invoiceId,
          InvoiceNumber: inv?.number ?? '',
          Payments: [],
          CreditNotes: [],
          Prepayments: [],
          Overpayments: [],
          HasErrors: false,
          IsDiscounted: false,
          LineItems: [],
        },
      };
    }),
    HasAttachments: false,
    Contact: contactSummary(tenant.contacts.get(n.contactId), n.contactId),
    DateString: dateString(n.date),
    Date: msDate(n.date),
    Status: n.status,
    LineAmountTypes: n.lineAmountTypes,
    LineItems: withLines ? n.lines.map((l) => lineJson(l, c)) : [],
    SubTotal: amount(t.subTotal, c),
    TotalTax: amount(t.totalTax, c),
    Total: amount(t.total, c),
    UpdatedDateUTC: msInstant(n.updatedAt),
    CurrencyCode: c,
    ...(n.status === 'PAID' ? { FullyPaidOnDate: msDate(n.allocations.at(-1)?.date ?? n.date) } : {}),
  };
}

export function historyJson(h: HistoryEntry): Json {
  return {
    Changes: h.changes,
    DateUTCString: new Date(h.at).toISOString().slice(0, 19),
    DateUTC: msInstant(h.at),
    User: h.user,
    Details: h.details,
  };
}

export function accountJson(a: SandboxAccount, tenant: Tenant): Json {
  return {
    AccountID: a.id,
    Code: a.code,
    Name: a.name,
    Status: 'ACTIVE',
    Type: a.type,
    TaxType: a.taxType,
    Class: a.type === 'BANK' || a.type === 'CURRENT' ? 'ASSET' : a.type === 'EXPENSE' ? 'EXPENSE' : 'REVENUE',
    EnablePaymentsToAccount: a.enablePayments,
    ShowInExpenseClaims: false,
    ...(a.type === 'BANK' ? { BankAccountType: 'BANK', BankAccountNumber: '', CurrencyCode: tenant.currency } : {}),
    ...(a.systemAccount ? { SystemAccount: a.systemAccount } : {}),
    ReportingCode: '',
    HasAttachments: false,
    UpdatedDateUTC: msInstant(tenant.createdAt),
    AddToWatchlist: false,
  };
}

export function itemJson(i: SandboxItem, tenant: Tenant): Json {
  return {
    ItemID: i.id,
    Code: i.code,
    Name: i.name,
    Description: i.description,
    IsSold: true,
    IsPurchased: false,
    IsTrackedAsInventory: false,
    UpdatedDateUTC: msInstant(tenant.createdAt),
    SalesDetails: { UnitPrice: amount(i.unitPriceMinor, tenant.currency), AccountCode: i.accountCode, TaxType: i.taxType },
  };
}

export function organisationJson(tenant: Tenant): Json {
  return {
    OrganisationID: tenant.id,
    APIKey: '',
    Name: tenant.name,
    LegalName: tenant.legalName,
    PaysTax: true,
    Version: tenant.countryCode === 'GB' ? 'UK' : 'GLOBAL',
    OrganisationType: 'COMPANY',
    BaseCurrency: tenant.currency,
    CountryCode: tenant.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 12,
    Timezone: tenant.xeroTimezone,
    OrganisationEntityType: 'COMPANY',
    ShortCode: tenant.shortCode,
    Edition: 'BUSINESS',
    Class: 'STANDARD',
    LineOfBusiness: 'Services',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
    CreatedDateUTC: msInstant(tenant.createdAt),
  };
}
