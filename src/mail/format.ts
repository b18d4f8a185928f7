import type { CalendarDate } from '../core/calendar.ts';
import { toDecimal, type Money } from '../core/money.ts';

/** C0/C1 control characters and the Unicode line/paragraph separators: never wanted inside a value. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function stripControl(value: string): string {
  return value.replace(CONTROL, ' ');
}

/**
 * At most `max` characters (UTF-16 units), ending with "…" when cut: at a space when one is near the end, never inside
 * a surrogate pair.
 */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = max - 1;
  const space = value.lastIndexOf(' ', cut);
  if (space > cut - 16 && space > 0) cut = space;
  const code = value.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${value.slice(0, cut).trimEnd()}…`;
}

/** One line of text for a header or a subject: no control characters, spaces collapsed, clipped. */
export function oneLine(value: string, max: number): string {
  return clip(stripControl(value).replace(/\s+/g, ' ').trim(), max);
}

export class UnsafeUrlError extends RangeError {
  constructor(url: string) {
    super(`refusing link "${clip(stripControl(url), 80)}": only absolute http(s) URLs are allowed in an email`);
    this.name = 'UnsafeUrlError';
  }
}

export const MAX_URL_LENGTH = 2048;

export function isSafeUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(value) || HAS_CONTROL.test(value)) return false;
  return URL.canParse(value);
}

export function checkUrl(value: string): string {
  if (!isSafeUrl(value)) throw new UnsafeUrlError(value);
  return value;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '{': '&#123;', '}': '&#125;' };
const HTML_SPECIAL = /[&<>"'{}]/g;

/** Text into HTML (element content or a quoted attribute). Braces too, so a value can never form a template tag. */
export function escapeHtml(value: string): string {
  return stripControl(value).replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c] ?? c);
}

/** The runtime escaper for the HTML part: everything escaped, and URLs in href/src checked first. */
export function htmlValue(value: string, url: boolean): string {
  return escapeHtml(url ? checkUrl(value) : value);
}

/** The runtime escaper for the plain-text part. */
export function textValue(value: string, url: boolean): string {
  return url ? checkUrl(value) : stripControl(value);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const plurals = new Map<string, Intl.PluralRules>();

function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** Same output as core's formatMoney, with the Intl formatter kept: a render formats a dozen amounts. */
export function formatAmount(m: Money, intl: string): string {
  const f = memo(moneyFormats, `${intl}|${m.currency}`, () => new Intl.NumberFormat(intl, { style: 'currency', currency: m.currency }));
  return f.format(toDecimal(m).toNumber());
}

/** A calendar date for people: "31 Mar 2026" (short) or "31 March 2026" (long). Read as UTC: it is a wall date. */
export function formatDate(date: CalendarDate, intl: string, style: 'medium' | 'long'): string {
  const f = memo(dateFormats, `${intl}|${style}`, () => new Intl.DateTimeFormat(intl, { dateStyle: style, timeZone: 'UTC' }));
  return f.format(new Date(`${date}T00:00:00Z`));
}

export function pluralCategory(n: number, intl: string): Intl.LDMLPluralRule {
  return memo(plurals, intl, () => new Intl.PluralRules(intl)).select(n);
}
