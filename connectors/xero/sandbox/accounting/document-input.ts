import { z } from 'zod';
import type { CalendarDate } from '../../../../src/core/calendar.ts';
import { localDate } from '../../../../src/core/calendar.ts';
import { parseCalendarDate, toMinor } from '../format.ts';
import type { LineAmountTypes, SandboxContact, Tenant } from '../state.ts';
import type { Ids, LineInput } from './ledger.ts';

/** What invoices and credit notes share on the way in: contact, dates, line items, line amount types. */

const Amount = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

export const LineBody = z.looseObject({
  LineItemID: z.string().optional(),
  Description: z.string().optional(),
  Quantity: Amount.optional(),
  UnitAmount: Amount.optional(),
  LineAmount: Amount.optional(),
  AccountCode: z.string().optional(),
  ItemCode: z.string().optional(),
  TaxType: z.string().optional(),
});

export const ContactRef = z.looseObject({ ContactID: z.string().optional(), Name: z.string().optional() });

export const DocumentBody = z.looseObject({
  Contact: ContactRef.optional(),
  Date: z.string().optional(),
  DueDate: z.string().optional(),
  Status: z.string().optional(),
  LineAmountTypes: z.string().optional(),
  LineItems: z.array(LineBody).optional(),
  Reference: z.string().optional(),
  CurrencyCode: z.string().optional(),
});

export type DocumentBody = z.infer<typeof DocumentBody>;

/** Xero accepts `{Invoices:[…]}` or a single object; the same for every collection. */
export function documents<T extends z.ZodType>(body: unknown, key: string, schema: T): z.infer<T>[] | string {
  const list = typeof body === 'object' && body !== null && key in body ? (body as Record<string, unknown>)[key] : [body];
  const parsed = z.array(schema).safeParse(list);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return parsed.data;
}

export function lineAmountTypes(text: string | undefined, fallback: LineAmountTypes): LineAmountTypes | null {
  if (text === undefined) return fallback;
  const t = text.toLowerCase();
  return t === 'exclusive' ? 'Exclusive' : t === 'inclusive' ? 'Inclusive' : t === 'notax' ? 'NoTax' : null;
}

export function today(tenant: Tenant, ids: Ids): CalendarDate {
  return localDate(new Date(ids.now()), tenant.timeZone);
}

export function dateField(text: string | undefined, name: string, errors: string[]): CalendarDate | null | undefined {
  if (text === undefined) return undefined;
  const d = parseCalendarDate(text);
  if (!d) errors.push(`${name} is not a valid date`);
  return d;
}

/** An existing contact by ID or name; a new one when only an unknown name is given (as Xero does). */
export function resolveContact(
  tenant: Tenant,
  ref: z.infer<typeof ContactRef> | undefined,
  ids: Ids,
  errors: string[],
): SandboxContact | null {
  if (!ref) {
    errors.push('A Contact must be specified for this type of transaction');
    return null;
  }
  if (ref.ContactID) {
    const c = tenant.contacts.get(ref.ContactID.toLowerCase());
    if (!c) errors.push('The contact ID provided is not valid');
    return c ?? null;
  }
  const name = ref.Name?.trim();
  if (!name) {
    errors.push('A Contact must be specified for this type of transaction');
    return null;
  }
  const found = [...tenant.contacts.values()].find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const created: SandboxContact = {
    id: ids.newId(),
    name,
    firstName: null,
    lastName: null,
    email: null,
    persons: [],
    countryCode: tenant.countryCode,
    city: '',
    isCustomer: true,
    isSupplier: false,
    status: 'ACTIVE',
    payer: null,
    updatedAt: ids.now(),
  };
  return created;
}

export function lineInputs(
  tenant: Tenant,
  lines: z.infer<typeof LineBody>[],
  currency: string,
  approved: boolean,
  errors: string[],
): LineInput[] {
  return lines.map((l, i) => {
    const item = l.ItemCode ? tenant.items.find((it) => it.code === l.ItemCode) : undefined;
    if (l.ItemCode && !item) errors.push(`Item code '${l.ItemCode}' is not valid`);
    if (l.AccountCode && !tenant.accounts.some((a) => a.code === l.AccountCode)) {
      errors.push(`Account code '${l.AccountCode}' is not a valid code for this document.`);
    }
    if (approved && !l.AccountCode && !item) errors.push(`Account code '' is not a valid code for this document. (line ${i + 1})`);
    if (!l.Description && !item) errors.push('Description must be specified for every line item.');
    if (l.TaxType && !(l.TaxType in tenant.taxRates))
      errors.push(`The TaxType code '${l.TaxType}' does not exist or cannot be used for this type of transaction.`);
    const quantity = l.Quantity ?? 1;
    const unit =
      l.UnitAmount ?? (l.LineAmount !== undefined && quantity !== 0 ? l.LineAmount / quantity : item ? item.unitPriceMinor / 100 : 0);
    return {
      description: l.Description ?? item?.description ?? '',
      quantity,
      unitAmountMinor: toMinor(unit, currency),
      accountCode: l.AccountCode ?? null,
      itemCode: l.ItemCode ?? null,
      taxType: l.TaxType ?? null,
    };
  });
}
