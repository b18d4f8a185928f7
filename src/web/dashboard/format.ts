import { money, toDecimal } from '../../core/money.ts';

/** Intl formats are slow to build and a page formats dozens of amounts: one per locale and currency, kept. */
const formats = new Map<string, Intl.NumberFormat>();

/** Exactly formatMoney (core/money.ts), with its Intl format reused: "1 234,50 €" / "£1,234.50". */
export function formatAmount(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= 200) formats.clear();
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format.format(toDecimal(money(minor, currency)).toNumber());
}
