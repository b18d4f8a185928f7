import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { calendarDate, isCalendarDate, type CalendarDate } from '../../src/core/calendar.ts';
import type {
  ChangePage,
  LedgerContact,
  LedgerCreditNote,
  LedgerInvoice,
  LedgerInvoiceStatus,
  LedgerPayment,
} from '../../src/core/ledger.ts';
import { fromDecimal, isCurrency } from '../../src/core/money.ts';
import { languageOf, mainZoneOf, type LedgerPlace } from '../../src/core/place.ts';
import { parseJson } from '../shared/json.ts';
import { ianaZoneOf } from './timezones.ts';

/**
 * Xero JSON → core types. Each record is parsed on its own: one that fails its schema is rejected with the reason and
 * the rest of the page goes on. Records relance has no business with (purchase invoices, supplier payments) are
 * skipped silently.
 */

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** `/Date(1539993600000+0000)/` → the instant. */
function msDate(text: string): Date | null {
  const m = MS_DATE.exec(text);
  return m ? new Date(Number(m[1])) : null;
}

/** The calendar day Xero means: its `/Date(…+hhmm)/` read on the offset's wall clock. */
function msDateDay(text: string): CalendarDate | null {
  const m = MS_DATE.exec(text);
  if (!m) return null;
  const offset = m[2] ?? '+0000';
  const minutes = (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  return calendarDate(new Date(Number(m[1]) + minutes * 60_000).toISOString().slice(0, 10));
}

const instant = z.string().transform((text, ctx) => {
  const d = msDate(text) ?? (/^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`) : null);
  if (!d || Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a Xero date-time` });
    return z.NEVER;
  }
  return d.toISOString();
});

/** DateString `2018-10-20T00:00:00` has no zone: it is the day in the organisation's zone, taken as written. */
const dayString = z.string().transform((text, ctx) => {
  const day = text.slice(0, 10);
  if (!isCalendarDate(day)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a Xero date` });
    return z.NEVER;
  }
  return day;
});

const msDay = z.string().transform((text, ctx) => {
  const day = msDateDay(text) ?? (isCalendarDate(text.slice(0, 10)) ? calendarDate(text.slice(0, 10)) : null);
  if (!day) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a Xero date` });
    return z.NEVER;
  }
  return day;
});

/** Amounts stay exact: the JSON number's shortest decimal form (what Xero wrote) goes through Decimal, never a float sum. */
export const amount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an amount` });
    return z.NEVER;
  }
  return new Decimal(text);
});

export const currency = z.string().refine(isCurrency, { error: (issue) => `unknown currency "${String(issue.input)}"` });
export const id = z.string().min(1);

function toMinor(value: Decimal | undefined, code: string): number {
  return value ? fromDecimal(value, code).minor : 0;
}

const INVOICE_STATUS: Record<string, LedgerInvoiceStatus> = {
  DRAFT: 'draft',
  SUBMITTED: 'draft',
  AUTHORISED: 'open',
  PAID: 'paid',
  VOIDED: 'voided',
  DELETED: 'deleted',
};

export const xeroInvoice = z.object({
  InvoiceID: id,
  Type: z.string(),
  InvoiceNumber: z.string().optional(),
  Reference: z.string().nullish(),
  Contact: z.object({ ContactID: id }),
  Date: msDay.optional(),
  DateString: dayString.optional(),
  DueDate: msDay.optional(),
  DueDateString: dayString.optional(),
  Status: z.enum(['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED']),
  CurrencyCode: currency,
  Total: amount,
  AmountDue: amount.optional(),
  AmountPaid: amount.optional(),
  AmountCredited: amount.optional(),
  UpdatedDateUTC: instant,
});

export const xeroContact = z.object({
  ContactID: id,
  Name: z.string(),
  EmailAddress: z.string().nullish(),
  ContactPersons: z.array(z.object({ EmailAddress: z.string().nullish(), IncludeInEmails: z.boolean().nullish() })).nullish(),
  Phones: z
    .array(
      z.object({
        PhoneType: z.string().nullish(),
        PhoneNumber: z.string().nullish(),
        PhoneAreaCode: z.string().nullish(),
        PhoneCountryCode: z.string().nullish(),
      }),
    )
    .nullish(),
  UpdatedDateUTC: instant,
});

export const xeroPayment = z.object({
  PaymentID: id,
  PaymentType: z.string().optional(),
  Date: msDay,
  Amount: amount,
  Status: z.enum(['AUTHORISED', 'DELETED']),
  Invoice: z.object({ InvoiceID: id, Type: z.string().optional(), CurrencyCode: currency.optional() }),
  CurrencyCode: currency.optional(),
  UpdatedDateUTC: instant,
});

export const xeroCreditNote = z.object({
  CreditNoteID: id,
  Type: z.string(),
  Contact: z.object({ ContactID: id }),
  Status: z.enum(['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED']),
  CurrencyCode: currency,
  Allocations: z
    .array(z.object({ Invoice: z.object({ InvoiceID: id }), Amount: amount, Date: msDay, IsDeleted: z.boolean().optional() }))
    .nullish(),
  UpdatedDateUTC: instant,
});

export type Mapped<T> = { ok: true; value: T } | { ok: false; externalId: string | null; reason: string } | { ok: 'skip' };

function reasonOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
}

export function idOf(raw: unknown, key: string): string | null {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : null;
}

function mapWith<S extends z.ZodType, T>(schema: S, idKey: string, build: (r: z.output<S>) => T | string | null) {
  return (raw: unknown): Mapped<T> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, externalId: idOf(raw, idKey), reason: reasonOf(parsed.error) };
    const built = build(parsed.data);
    if (built === null) return { ok: 'skip' };
    if (typeof built === 'string') return { ok: false, externalId: idOf(raw, idKey), reason: built };
    return { ok: true, value: built };
  };
}

export const mapInvoice = mapWith(xeroInvoice, 'InvoiceID', (r): LedgerInvoice | string | null => {
  if (r.Type !== 'ACCREC') return null;
  const issueDate = r.DateString ?? r.Date;
  if (!issueDate) return 'no Date';
  const status = INVOICE_STATUS[r.Status] ?? 'draft';
  // drafts may have no due date yet; they are never chased, so their issue date stands in
  const dueDate = r.DueDateString ?? r.DueDate ?? (status === 'draft' ? issueDate : undefined);
  if (!dueDate) return 'no DueDate on an approved invoice';
  const c = r.CurrencyCode;
  return {
    externalId: r.InvoiceID,
    number: r.InvoiceNumber ?? '',
    contactExternalId: r.Contact.ContactID,
    issueDate: calendarDate(issueDate),
    dueDate: calendarDate(dueDate),
    currency: c,
    totalMinor: toMinor(r.Total, c),
    amountDueMinor: toMinor(r.AmountDue, c),
    amountPaidMinor: toMinor(r.AmountPaid, c),
    amountCreditedMinor: toMinor(r.AmountCredited, c),
    status,
    reference: r.Reference ?? null,
    updatedAt: r.UpdatedDateUTC,
  };
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const mapContact = mapWith(xeroContact, 'ContactID', (r): LedgerContact => {
  const candidates = [r.EmailAddress, ...(r.ContactPersons ?? []).filter((p) => p.IncludeInEmails).map((p) => p.EmailAddress)];
  const seen = new Set<string>();
  const emails: string[] = [];
  for (const e of candidates) {
    const address = e?.trim();
    if (!address || !EMAIL.test(address) || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    emails.push(address);
  }
  return { externalId: r.ContactID, name: r.Name, emails, phone: phoneOf(r.Phones), updatedAt: r.UpdatedDateUTC };
});

/** The number to call, by type: the contact's main (DEFAULT) line first, then mobile, direct dial, office; never a fax. */
const PHONE_ORDER = ['DEFAULT', 'MOBILE', 'DDI', 'OFFICE'];

/**
 * "+33 1 23456789" from a Phones entry's country code, area code and number (Xero keeps them apart, each optional, and
 * always lists the four types, most of them empty). Null when no callable type has a number.
 */
export function phoneOf(phones: z.infer<typeof xeroContact>['Phones']): string | null {
  for (const type of PHONE_ORDER) {
    const p = (phones ?? []).find((x) => x.PhoneType?.toUpperCase() === type && x.PhoneNumber?.trim());
    if (!p) continue;
    const country = p.PhoneCountryCode?.trim().replace(/^\+/, '');
    const parts = [country ? `+${country}` : null, p.PhoneAreaCode?.trim() || null, p.PhoneNumber!.trim()];
    return parts.filter((x): x is string => !!x).join(' ');
  }
  return null;
}

export const mapPayment = mapWith(xeroPayment, 'PaymentID', (r): LedgerPayment | string | null => {
  const receivable = r.PaymentType ? r.PaymentType === 'ACCRECPAYMENT' : (r.Invoice.Type ?? 'ACCREC') === 'ACCREC';
  if (!receivable) return null;
  const c = r.Invoice.CurrencyCode ?? r.CurrencyCode;
  if (!c) return 'no CurrencyCode on the payment or its invoice';
  return {
    externalId: r.PaymentID,
    // a Xero payment pays exactly one invoice
    allocations: [{ invoiceExternalId: r.Invoice.InvoiceID, amountMinor: toMinor(r.Amount, c) }],
    date: r.Date,
    currency: c,
    status: r.Status === 'DELETED' ? 'deleted' : 'active',
    updatedAt: r.UpdatedDateUTC,
  };
});

export const mapCreditNote = mapWith(xeroCreditNote, 'CreditNoteID', (r): LedgerCreditNote | null => {
  if (r.Type !== 'ACCRECCREDIT') return null;
  const c = r.CurrencyCode;
  return {
    externalId: r.CreditNoteID,
    contactExternalId: r.Contact.ContactID,
    allocations: (r.Allocations ?? [])
      .filter((a) => !a.IsDeleted)
      .map((a) => ({ invoiceExternalId: a.Invoice.InvoiceID, amountMinor: toMinor(a.Amount, c), date: a.Date })),
    currency: c,
    status: r.Status === 'VOIDED' ? 'voided' : r.Status === 'DELETED' ? 'deleted' : 'active',
    updatedAt: r.UpdatedDateUTC,
  };
});

/** The Xero collection key and mapper of each entity relance syncs, in sync order. */
export const ENTITIES = {
  contacts: { key: 'Contacts', idKey: 'ContactID', map: mapContact, label: 'contact' },
  invoices: { key: 'Invoices', idKey: 'InvoiceID', map: mapInvoice, label: 'invoice' },
  payments: { key: 'Payments', idKey: 'PaymentID', map: mapPayment, label: 'payment' },
  creditNotes: { key: 'CreditNotes', idKey: 'CreditNoteID', map: mapCreditNote, label: 'credit note' },
} as const;

export type Entity = ChangePage['entity'];

type Records = Pick<ChangePage, 'contacts' | 'invoices' | 'payments' | 'creditNotes' | 'rejected'>;

/** Maps one page of raw records; what fails goes to `rejected`, the rest is kept. */
export function mapRecords(entity: Entity, raws: readonly unknown[]): Records {
  const out: Records = { contacts: [], invoices: [], payments: [], creditNotes: [], rejected: [] };
  const { map, label } = ENTITIES[entity];
  for (const raw of raws) {
    const m = map(raw);
    if (m.ok === 'skip') continue;
    if (m.ok === false) out.rejected.push({ entity: label, externalId: m.externalId, reason: m.reason });
    else (out[entity] as unknown[]).push(m.value);
  }
  return out;
}

/** Xero's error body: `Message` plus `Elements[].ValidationErrors[].Message`. */
const xeroErrorBody = z.object({
  Message: z.string().optional(),
  Detail: z.string().optional(),
  Title: z.string().optional(),
  Elements: z.array(z.object({ ValidationErrors: z.array(z.object({ Message: z.string() })).optional() })).optional(),
});

export function xeroErrorMessages(body: unknown): string[] {
  const json = typeof body === 'string' ? parseJson(body) : body;
  const parsed = xeroErrorBody.safeParse(json);
  if (!parsed.success) return typeof body === 'string' && body.length > 0 && body.length < 300 ? [body] : [];
  const validation = (parsed.data.Elements ?? []).flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message));
  if (validation.length > 0) return [...new Set(validation)];
  const top = parsed.data.Message ?? parsed.data.Detail ?? parsed.data.Title;
  return top ? [top] : [];
}

/** The modification instant of a raw record, whatever else is wrong with it (the sync cursor must pass it). */
export function updatedAtOf(raw: unknown): string | null {
  const text = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).UpdatedDateUTC : undefined;
  const parsed = instant.safeParse(text);
  return parsed.success ? parsed.data : null;
}

/** The records and pagination of a Xero list envelope. */
const envelope = z.looseObject({
  pagination: z.object({ page: z.number(), pageSize: z.number(), pageCount: z.number(), itemCount: z.number() }).partial().optional(),
});

export function readEnvelope(body: unknown, key: string): { records: unknown[]; pageCount: number | null; itemCount: number | null } {
  const parsed = envelope.safeParse(body);
  const list = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  const pagination = parsed.success ? parsed.data.pagination : undefined;
  return {
    records: Array.isArray(list) ? list : [],
    pageCount: pagination?.pageCount ?? null,
    itemCount: pagination?.itemCount ?? null,
  };
}

/** `GET /Organisation`: the first organisation of the envelope, the fields relance reads; the rest may be anything. */
const xeroOrganisation = z.object({
  Organisations: z
    .array(
      z.looseObject({
        Name: z.string().nullish(),
        LegalName: z.string().nullish(),
        CountryCode: z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .nullish()
          .catch(null),
        BaseCurrency: currency.nullish().catch(null),
        Timezone: z.string().nullish(),
      }),
    )
    .min(1),
});

/**
 * Where the organisation is, from Xero's Organisation: the country upper-cased, the Windows zone name mapped to IANA
 * (CLDR), the language from the country. A zone name the table does not know falls back to the country's main zone,
 * else UTC, and says so in `notes` for the caller to log. Throws a readable error when the body is no Organisation.
 */
export function mapOrganisation(body: unknown): { place: LedgerPlace; notes: string[] } {
  const parsed = xeroOrganisation.safeParse(body);
  if (!parsed.success) throw new Error(`unexpected Organisation answer: ${parsed.error.issues[0]?.message ?? 'no organisation'}`);
  const o = parsed.data.Organisations[0]!;
  const countryCode = o.CountryCode ? o.CountryCode.toUpperCase() : null;
  const notes: string[] = [];
  let timeZone = o.Timezone ? ianaZoneOf(o.Timezone) : null;
  if (!timeZone) {
    timeZone = mainZoneOf(countryCode) ?? 'UTC';
    notes.push(
      `Xero time zone "${o.Timezone ?? ''}" has no IANA zone: using ${timeZone} (${countryCode ? `country ${countryCode}` : 'no country'})`,
    );
  }
  return {
    place: {
      legalName: o.LegalName || o.Name || null,
      countryCode,
      baseCurrency: o.BaseCurrency ?? null,
      timeZone,
      language: languageOf(countryCode),
    },
    notes,
  };
}

const xeroAccount = z.looseObject({
  Code: z.string().nullish(),
  Name: z.string().nullish(),
  Class: z.string().nullish(),
  Status: z.string().nullish(),
});

/**
 * `GET /Accounts` → what charges can be booked to: active REVENUE-class accounts with a code (charge lines carry an
 * AccountCode). An account that does not parse is left out rather than failing the list.
 */
export function mapChargeAccounts(body: unknown): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const raw of readEnvelope(body, 'Accounts').records) {
    const a = xeroAccount.safeParse(raw);
    if (!a.success || !a.data.Code || a.data.Class !== 'REVENUE') continue;
    if (a.data.Status && a.data.Status !== 'ACTIVE') continue;
    out.push({ id: a.data.Code, name: a.data.Name ? `${a.data.Code} ${a.data.Name}` : a.data.Code });
  }
  return out;
}
