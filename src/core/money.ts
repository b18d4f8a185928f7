import { Decimal } from 'decimal.js';

/** An amount in integer minor units (cents, pence) of one currency. Never a binary float. */
export type Money = { readonly minor: number; readonly currency: string };

/** ISO 4217 currencies whose minor unit is not two digits. Everything else has two. */
const MINOR_DIGITS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  XOF: 0,
  XAF: 0,
  XPF: 0,
  HUF: 2,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
};

const KNOWN_CURRENCIES = new Set([
  'EUR',
  'GBP',
  'USD',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'RON',
  'BGN',
  'ZAR',
  'SGD',
  'HKD',
  'INR',
  'MXN',
  'BRL',
  'AED',
  'MAD',
  'CNY',
  ...Object.keys(MINOR_DIGITS),
]);

export function isCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`money: ${minor} is not a whole number of minor units`);
  return { minor, currency };
}

export const zero = (currency: string): Money => money(0, currency);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`money: cannot combine ${a.currency} with ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor - b.minor, a.currency);
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

/** "1234.50" in EUR → 123450 minor units. Rejects more decimals than the currency has. */
export function parseMoney(text: string, currency: string): Money {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) throw new RangeError(`"${text}" is not an amount (expected digits like 1234.50)`);
  const d = new Decimal(trimmed);
  const digits = minorDigits(currency);
  if (d.decimalPlaces() > digits) throw new RangeError(`"${text}" has more than ${digits} decimals for ${currency}`);
  return money(d.times(10 ** digits).toNumber(), currency);
}

/** Exact decimal → minor units, rounded once, half-up (away from zero on .5). */
export function fromDecimal(value: Decimal, currency: string): Money {
  const digits = minorDigits(currency);
  return money(
    value
      .times(10 ** digits)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .toNumber(),
    currency,
  );
}

export function toDecimal(m: Money): Decimal {
  return new Decimal(m.minor).dividedBy(10 ** minorDigits(m.currency));
}

/** "1234.50": the plain decimal string used in JSON and vendor payloads. */
export function toDecimalString(m: Money): string {
  return toDecimal(m).toFixed(minorDigits(m.currency));
}

/** "1 234,50 €" / "£1,234.50": for people, in their locale. */
export function formatMoney(m: Money, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(toDecimal(m).toNumber());
}
