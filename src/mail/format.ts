import type { CalendarDate } from '../core/calendar.ts';
import { minorDigits, type Money } from '../core/money.ts';

/** C0/C1 control characters and the Unicode line/paragraph separators: never wanted inside a value. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function stripControl(value: string): string {
  return HAS_CONTROL.test(value) ? value.replace(CONTROL, ' ') : value;
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
  if (value.length > MAX_URL_LENGTH || !HREF.test(value)) return false;
  return URL.canParse(value);
}

export function checkUrl(value: string): string {
  if (!isSafeUrl(value)) throw new UnsafeUrlError(value);
  return value;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '{': '&#123;',
  '}': '&#125;',
};
const HTML_SPECIAL = /[&<>"'{}]/g;

/** Text into HTML (element content or a quoted attribute). Braces too, so a value can never form a template tag. */
const HAS_HTML_SPECIAL = /[&<>"'{}]/;
export function escapeHtml(value: string): string {
  const clean = stripControl(value);
  return HAS_HTML_SPECIAL.test(clean) ? clean.replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c] ?? c) : clean;
}

/**
 * The last line of defence in an href: the view has already parsed each link (checkUrl); this cheap test only makes sure
 * nothing but an http(s) URL without spaces or controls ever lands in an attribute, whatever a template author does.
 */
const HREF = /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f"<>`]+$/i;
function hrefOnly(value: string): string {
  if (value.length > MAX_URL_LENGTH || !HREF.test(value)) throw new UnsafeUrlError(value);
  return value;
}

/** The runtime escaper for the HTML part: everything escaped, and values in href/src refused unless http(s). */
export function htmlValue(value: string, url: boolean): string {
  return escapeHtml(url ? hrefOnly(value) : value);
}

/** The runtime escaper for the plain-text part. */
export function textValue(value: string, url: boolean): string {
  return url ? hrefOnly(value) : stripControl(value);
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

/**
 * Same output as core's formatMoney, cheaper: the Intl formatter is kept, and the amount is divided as a float (exact
 * enough: for any safe integer of minor units, the nearest double rounds back to the same digits).
 */
export function formatAmount(m: Money, intl: string): string {
  const f = memo(moneyFormats, `${intl}|${m.currency}`, () => new Intl.NumberFormat(intl, { style: 'currency', currency: m.currency }));
  return f.format(m.minor / 10 ** minorDigits(m.currency));
}

const formattedDates = new Map<string, string>();

/** A calendar date for people: "31 Mar 2026" (medium) or "31 March 2026" (long). Read as UTC: it is a wall date. */
export function formatDate(date: CalendarDate, intl: string, style: 'medium' | 'long'): string {
  const key = `${intl}|${style}|${date}`;
  let text = formattedDates.get(key);
  if (text === undefined) {
    const f = memo(dateFormats, `${intl}|${style}`, () => new Intl.DateTimeFormat(intl, { dateStyle: style, timeZone: 'UTC' }));
    text = f.format(new Date(`${date}T00:00:00Z`));
    // A few years of dates in a few languages; emptied rather than grown without bound.
    if (formattedDates.size >= 20_000) formattedDates.clear();
    formattedDates.set(key, text);
  }
  return text;
}

const categories = new Map<string, Intl.LDMLPluralRule>();
export function pluralCategory(n: number, intl: string): Intl.LDMLPluralRule {
  const key = `${intl}|${n}`;
  let c = categories.get(key);
  if (c === undefined) {
    c = memo(plurals, intl, () => new Intl.PluralRules(intl)).select(n);
    if (categories.size >= 10_000) categories.clear();
    categories.set(key, c);
  }
  return c;
}
