import type { CalendarDate } from '../../../src/core/calendar.ts';
import { calendarDate, isCalendarDate } from '../../../src/core/calendar.ts';
import { minorDigits } from '../../../src/core/money.ts';

/**
 * Xero's wire quirks, in one place: Microsoft JSON dates ("/Date(1539993600000+0000)/"), zone-less DateStrings, and
 * amounts written with their decimals ("40.00", not "40"), which JSON.stringify cannot do on its own.
 */

const dayMs = (date: CalendarDate): number => Date.parse(`${date}T00:00:00Z`);

export const msDate = (date: CalendarDate): string => `/Date(${dayMs(date)}+0000)/`;
export const msInstant = (ms: number): string => `/Date(${ms}+0000)/`;
export const dateString = (date: CalendarDate): string => `${date}T00:00:00`;
/** The envelope's DateTimeUTC has no offset in Xero's answers. */
export const msStamp = (ms: number): string => `/Date(${ms})/`;

/** Xero's UTC stamps without a zone designator, as in connections and webhook events ("2019-12-07T18:46:19.5165400"). */
export const utcStamp = (ms: number): string => new Date(ms).toISOString().slice(0, -1);

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Milliseconds of a Xero date in any form Xero accepts: "/Date(…)/", ISO with or without zone (UTC), RFC 1123. */
export function parseInstant(text: string): number | null {
  const ms = MS_DATE.exec(text.trim());
  if (ms) return Number(ms[1]);
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t}Z` : t;
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? null : parsed;
}

/** A calendar date from "2019-03-11", "2019-03-11T00:00:00" or "/Date(…)/". */
export function parseCalendarDate(text: string): CalendarDate | null {
  const head = text.trim().slice(0, 10);
  if (isCalendarDate(head)) return calendarDate(head);
  const ms = parseInstant(text);
  return ms === null ? null : calendarDate(new Date(ms).toISOString().slice(0, 10));
}

const NONCE = `xsbx${Math.random().toString(36).slice(2, 10)}`;
const MARK = new RegExp(`"${NONCE}:(-?\\d+(?:\\.\\d+)?)"`, 'g');

/** A number to be written with a fixed count of decimals. */
export type Fixed = { readonly value: number; toJSON(): string };

export function fixed(value: number, decimals: number): Fixed {
  const text = value.toFixed(decimals);
  return { value, toJSON: () => `${NONCE}:${text}` };
}

export const isFixed = (v: unknown): v is Fixed =>
  typeof v === 'object' && v !== null && 'value' in v && typeof (v as Fixed).toJSON === 'function';

/** Minor units → a JSON number with the currency's decimals: 4000 EUR → 40.00. */
export const amount = (minor: number, currency: string): Fixed => {
  const digits = minorDigits(currency);
  return fixed(minor / 10 ** digits, digits);
};

export function xeroJson(value: unknown): string {
  return JSON.stringify(value).replace(MARK, '$1');
}

/** Major-unit number (as Xero's clients send it) → minor units, rounded half away from zero. */
export function toMinor(value: number, currency: string): number {
  const scaled = value * 10 ** minorDigits(currency);
  return Math.sign(scaled) * Math.round(Math.abs(scaled) + 1e-9);
}
