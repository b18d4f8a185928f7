import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../../src/core/calendar.ts';
import type { LedgerContact, LedgerCreditNote, LedgerInvoice, LedgerPayment } from '../../src/core/ledger.ts';
import { chargedInvoiceNumber } from '../../src/core/charges/reference.ts';
import { fromDecimal, isCurrency } from '../../src/core/money.ts';

/**
 * QuickBooks Online JSON → core types. QuickBooks JSON uses the XSD's element names (shared/contracts/quickbooks).
 * Each record is parsed on its own: one that fails its schema is rejected with the reason and the rest of the page
 * goes on. Change data capture reports a deleted record as `{Id, status: "Deleted", MetaData}` only: those map to a
 * `deleted` result carrying the id and the instant, since nothing else of the record is left to read.
 */

/** `2026-11-30T08:15:00-08:00` (QuickBooks stamps in Pacific time) → the ISO instant. */
const instant = z.string().transform((text, ctx) => {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`) : Number.NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a QuickBooks date-time` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** `TxnDate` and `DueDate` are calendar days (xs:date) in the company's books, taken as written. */
const day = z.string().transform((text, ctx) => {
  const d = text.slice(0, 10);
  if (!isCalendarDate(d)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a QuickBooks date` });
    return z.NEVER;
  }
  return d;
});

/** Exact amounts: the JSON number's shortest decimal form goes through Decimal, never a float sum. */
const amount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an amount` });
    return z.NEVER;
  }
  return new Decimal(text);
});

const currency = z.string().refine(isCurrency, { error: (issue) => `unknown currency "${String(issue.input)}"` });
const id = z.string().min(1);
const ref = z.object({ value: id, name: z.string().nullish() });
const meta = z.object({ LastUpdatedTime: instant });
/** A record without CurrencyRef is in the company's home currency (QuickBooks omits it when multicurrency is off). */
const currencyRef = z.object({ value: currency }).optional();

function minor(value: Decimal | undefined, code: string): number {
  return value ? fromDecimal(value, code).minor : 0;
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** QuickBooks lets one email field hold several addresses separated by commas (or semicolons): each valid one, once. */
export function emailsOf(...fields: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const field of fields)
    for (const part of (field ?? '').split(/[,;]/)) {
      const address = part.trim();
      if (!EMAIL.test(address) || seen.has(address.toLowerCase())) continue;
      seen.add(address.toLowerCase());
      out.push(address);
    }
  return out;
}

/** QuickBooks' `Country` is free text ("US", "USA", "United Kingdom"…): the ISO code when it can be told, else null. */
let regionNames: Map<string, string> | null = null;
const COUNTRY_ALIASES: Record<string, string> = {
  USA: 'US',
  'U.S.': 'US',
  'U.S.A.': 'US',
  'UNITED STATES OF AMERICA': 'US',
  UK: 'GB',
  'U.K.': 'GB',
  'GREAT BRITAIN': 'GB',
  ENGLAND: 'GB',
  SCOTLAND: 'GB',
  WALES: 'GB',
  'NORTHERN IRELAND': 'GB',
};
export function countryCodeOf(text: string | null | undefined): string | null {
  const t = text?.trim().toUpperCase();
  if (!t) return null;
  if (COUNTRY_ALIASES[t]) return COUNTRY_ALIASES[t];
  if (!regionNames) {
    regionNames = new Map();
    const names = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code)?.toUpperCase();
        // first code wins ("France" is FR, not FX); ZZ and such pseudo-regions are no country
        if (name && name !== code && !/UNKNOWN|PSEUDO/.test(name) && !regionNames.has(name)) regionNames.set(name, code);
      }
  }
  if (/^[A-Z]{2}$/.test(t)) return [...regionNames.values()].includes(t) ? t : null;
  return regionNames.get(t) ?? null;
}

export const qbCustomer = z.object({
  Id: id,
  DisplayName: z.string().nullish(),
  CompanyName: z.string().nullish(),
  GivenName: z.string().nullish(),
  FamilyName: z.string().nullish(),
  PrimaryEmailAddr: z.object({ Address: z.string().nullish() }).nullish(),
  PrimaryPhone: z.object({ FreeFormNumber: z.string().nullish() }).nullish(),
  Mobile: z.object({ FreeFormNumber: z.string().nullish() }).nullish(),
  AlternatePhone: z.object({ FreeFormNumber: z.string().nullish() }).nullish(),
  BillAddr: z.object({ Country: z.string().nullish() }).nullish(),
  Active: z.boolean().optional(),
  MetaData: meta,
});

const linkedTxn = z.object({ TxnId: id, TxnType: z.string() });

export const qbInvoice = z.object({
  Id: id,
  DocNumber: z.string().nullish(),
  TxnDate: day,
  DueDate: day.nullish(),
  CustomerRef: ref,
  CurrencyRef: currencyRef,
  TotalAmt: amount,
  Balance: amount,
  PrivateNote: z.string().nullish(),
  CustomerMemo: z.object({ value: z.string().nullish() }).nullish(),
  BillEmail: z.object({ Address: z.string().nullish() }).nullish(),
  BillEmailCc: z.object({ Address: z.string().nullish() }).nullish(),
  InvoiceLink: z.string().nullish(),
  MetaData: meta,
});

export const qbPayment = z.object({
  Id: id,
  TxnDate: day,
  CurrencyRef: currencyRef,
  Line: z.array(z.object({ Amount: amount, LinkedTxn: z.array(linkedTxn).nullish() })).nullish(),
  MetaData: meta,
});

export const qbCreditMemo = z.object({
  Id: id,
  CustomerRef: ref,
  CurrencyRef: currencyRef,
  MetaData: meta,
});

/** CDC's form of a deleted record. */
const qbDeleted = z.object({ Id: id, status: z.literal('Deleted'), MetaData: meta });

export type Deleted = { externalId: string; updatedAt: string };
export type Mapped<T> =
  | { ok: true; value: T }
  | { ok: 'deleted'; value: Deleted }
  | { ok: false; externalId: string | null; reason: string }
  | { ok: 'skip' };

function reasonOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
}

export function idOf(raw: unknown): string | null {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).Id : undefined;
  return typeof v === 'string' ? v : null;
}

/** The modification instant of a raw record, whatever else is wrong with it (the sync's high mark passes it). */
export function updatedAtOf(raw: unknown): string | null {
  const m = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).MetaData : undefined;
  const parsed = meta.safeParse(m);
  return parsed.success ? parsed.data.LastUpdatedTime : null;
}

/** What a mapper needs besides the record: the company's home currency, for records that do not name theirs. */
export type MapContext = { homeCurrency: string | null };

function mapWith<S extends z.ZodType, T>(schema: S, build: (r: z.output<S>, ctx: MapContext) => T | string | null) {
  return (raw: unknown, ctx: MapContext = { homeCurrency: null }): Mapped<T> => {
    if (raw && typeof raw === 'object' && (raw as Record<string, unknown>).status === 'Deleted') {
      const gone = qbDeleted.safeParse(raw);
      if (!gone.success) return { ok: false, externalId: idOf(raw), reason: reasonOf(gone.error) };
      return { ok: 'deleted', value: { externalId: gone.data.Id, updatedAt: gone.data.MetaData.LastUpdatedTime } };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, externalId: idOf(raw), reason: reasonOf(parsed.error) };
    const built = build(parsed.data, ctx);
    if (built === null) return { ok: 'skip' };
    if (typeof built === 'string') return { ok: false, externalId: idOf(raw), reason: built };
    return { ok: true, value: built };
  };
}

function currencyOf(r: { CurrencyRef?: { value: string } | undefined }, ctx: MapContext): string | null {
  return r.CurrencyRef?.value ?? ctx.homeCurrency;
}

/**
 * Voiding keeps the invoice, zeroes its amounts and lines and writes "Voided" at the start of `PrivateNote` (Intuit's
 * blog "Voiding Invoice Objects", 2016; the void operation's reference says "prepended to existing text"). There is
 * no status field: an invoice at zero whose private note starts with "Voided" is taken as voided. A guess at the
 * edge: an invoice issued at zero by hand with a note starting "Voided" would be taken as voided too (it owes nothing,
 * so nothing is lost).
 */
export function isVoided(totalAmt: Decimal, privateNote: string | null | undefined): boolean {
  return totalAmt.isZero() && /^voided\b/i.test(privateNote?.trim() ?? '');
}

/** relance's charges invoices carry their reference in both memos (see writeback.ts): that one wins, else the first memo. */
function referenceOf(...memos: (string | null | undefined)[]): string | null {
  const texts = memos.map((m) => m?.trim()).filter((m): m is string => Boolean(m));
  return texts.find((t) => chargedInvoiceNumber(t) !== null) ?? texts[0] ?? null;
}

export const mapInvoice = mapWith(qbInvoice, (r, ctx): LedgerInvoice | string => {
  const c = currencyOf(r, ctx);
  if (!c) return 'no CurrencyRef and no home currency known';
  const total = minor(r.TotalAmt, c);
  const due = minor(r.Balance, c);
  const voided = isVoided(r.TotalAmt, r.PrivateNote);
  const invoice: LedgerInvoice = {
    externalId: r.Id,
    number: r.DocNumber ?? '',
    contactExternalId: r.CustomerRef.value,
    issueDate: r.TxnDate as CalendarDate,
    // an invoice with no due date is due on issue (QuickBooks' "Due on receipt")
    dueDate: (r.DueDate ?? r.TxnDate) as CalendarDate,
    currency: c,
    totalMinor: total,
    amountDueMinor: due,
    // QuickBooks only says what is left: payments and applied credit both live in Payment lines (see mapPayment)
    amountPaidMinor: Math.max(0, total - due),
    amountCreditedMinor: 0,
    status: voided ? 'voided' : due <= 0 ? 'paid' : 'open',
    reference: referenceOf(r.PrivateNote, r.CustomerMemo?.value),
    paymentUrl: r.InvoiceLink?.trim() || null,
    updatedAt: r.MetaData.LastUpdatedTime,
  };
  // The invoice's own addresses win over the customer's for this invoice (QuickBooks sends it to BillEmail, copying
  // BillEmailCc). BillEmailBcc is left out: core has no blind copy, and in To it would show the customer an address
  // meant to stay hidden (usually the company's own copy).
  const emails = emailsOf(r.BillEmail?.Address, r.BillEmailCc?.Address);
  if (emails.length > 0) invoice.emails = emails;
  return invoice;
});

/** QuickBooks never deletes a customer, it makes it inactive; an inactive customer's invoices are still owed and chased. */
export const mapContact = mapWith(qbCustomer, (r): LedgerContact => {
  const name =
    r.DisplayName?.trim() || r.CompanyName?.trim() || [r.GivenName, r.FamilyName].filter(Boolean).join(' ').trim() || `Customer ${r.Id}`;
  return {
    externalId: r.Id,
    name,
    emails: emailsOf(r.PrimaryEmailAddr?.Address),
    countryCode: countryCodeOf(r.BillAddr?.Country),
    phone: [r.PrimaryPhone, r.Mobile, r.AlternatePhone].map((p) => p?.FreeFormNumber?.trim()).find((n) => !!n) ?? null,
    updatedAt: r.MetaData.LastUpdatedTime,
  };
});

/**
 * A payment's allocations are its lines linking invoices (one payment may pay several; one line may link several
 * invoices, then each gets the line's amount only when it links one: QuickBooks documents one invoice per line for
 * received payments). Credit applied to an invoice is also a Payment, its lines linking the invoice and the credit memo
 * (TotalAmt 0): its invoice lines are kept as allocations too, so "what reduced this invoice, and when" (the receipts the
 * charges are computed from) counts applied credit once, here, and never on the credit memo (see mapCreditNote).
 */
export const mapPayment = mapWith(qbPayment, (r, ctx): LedgerPayment | string => {
  const c = currencyOf(r, ctx);
  if (!c) return 'no CurrencyRef and no home currency known';
  const byInvoice = new Map<string, number>();
  for (const line of r.Line ?? []) {
    const invoices = (line.LinkedTxn ?? []).filter((l) => l.TxnType === 'Invoice');
    if (invoices.length !== 1) continue;
    const inv = invoices[0]!.TxnId;
    byInvoice.set(inv, (byInvoice.get(inv) ?? 0) + minor(line.Amount, c));
  }
  return {
    externalId: r.Id,
    allocations: [...byInvoice].map(([invoiceExternalId, amountMinor]) => ({ invoiceExternalId, amountMinor })),
    date: r.TxnDate as CalendarDate,
    currency: c,
    status: 'active',
    updatedAt: r.MetaData.LastUpdatedTime,
  };
});

/**
 * A credit memo. Its allocations are left empty on purpose: QuickBooks applies credit through a Payment whose lines
 * link the invoice and the memo, and mapPayment already counts that as a receipt on the invoice; counting it here too
 * would reduce the invoice twice. The invoice's own `Balance` stays the truth for what is owed.
 */
export const mapCreditNote = mapWith(qbCreditMemo, (r, ctx): LedgerCreditNote | string => {
  const c = currencyOf(r, ctx);
  if (!c) return 'no CurrencyRef and no home currency known';
  return {
    externalId: r.Id,
    contactExternalId: r.CustomerRef.value,
    allocations: [],
    currency: c,
    status: 'active',
    updatedAt: r.MetaData.LastUpdatedTime,
  };
});

/** QuickBooks' entity names, in sync order, with the core entity each maps to. */
export const ENTITIES = [
  { name: 'Customer', entity: 'contacts', label: 'contact', map: mapContact },
  { name: 'Invoice', entity: 'invoices', label: 'invoice', map: mapInvoice },
  { name: 'Payment', entity: 'payments', label: 'payment', map: mapPayment },
  { name: 'CreditMemo', entity: 'creditNotes', label: 'credit note', map: mapCreditNote },
] as const;
export type QbEntity = (typeof ENTITIES)[number]['name'];
export type CoreEntity = (typeof ENTITIES)[number]['entity'];

/** The records of one entity in a `QueryResponse` (absent when nothing matched: QuickBooks then answers `{}`). */
export function recordsOf(queryResponse: unknown, name: QbEntity): unknown[] {
  const list = queryResponse && typeof queryResponse === 'object' ? (queryResponse as Record<string, unknown>)[name] : undefined;
  return Array.isArray(list) ? list : [];
}

/** QuickBooks' error body: `Fault.Error[].{Message, Detail, code}` (or the gateway's lower-case `fault.error[]`). */
const faultBody = z.object({
  Fault: z.object({
    Error: z.array(z.object({ Message: z.string().optional(), Detail: z.string().optional(), code: z.string().optional() })),
  }),
});
export function faultMessages(body: unknown): string[] {
  const parsed = faultBody.safeParse(body);
  if (!parsed.success) return [];
  return parsed.data.Fault.Error.map((e) => [e.code ? `${e.code}` : '', e.Detail ?? e.Message ?? ''].filter(Boolean).join(' ')).filter(
    Boolean,
  );
}
