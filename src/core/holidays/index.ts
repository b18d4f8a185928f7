import type { CalendarDate } from '../calendar.ts';
import { COUNTRIES } from './countries.ts';
import type { Holiday } from './rules.ts';

export type { Holiday } from './rules.ts';
export { easterSunday } from './easter.ts';

/** The countries with a table (ISO 3166-1 alpha-2; "UK" reads as GB, England and Wales). */
export const HOLIDAY_COUNTRIES: readonly string[] = Object.keys(COUNTRIES).filter((c) => c !== 'UK');

/** The planner asks about a few dates a run across thousands of invoices: each (country, year) is built once. */
const cache = new Map<string, Holiday[]>();

/**
 * The public holidays observed in a country in a year, in date order, with English names: substitute and observed days
 * included (named "… (substitute day)" / "… (observed)"), also when the holiday they stand for is in the year next
 * to it (US New Year's Day on a Saturday is observed on 31 December before). An unknown country has none.
 */
export function holidaysOf(countryCode: string, year: number): Holiday[] {
  const code = countryCode.toUpperCase();
  const key = `${code}${year}`;
  const known = cache.get(key);
  if (known) return known;
  const country = COUNTRIES[code];
  if (!country) return [];
  const prefix = String(year).padStart(4, '0');
  const seen = new Set<string>();
  const days = [year - 1, year, year + 1]
    .flatMap((y) => country(y))
    .filter((d) => d.date.startsWith(prefix) && !seen.has(`${d.date}${d.name}`) && seen.add(`${d.date}${d.name}`))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (cache.size > 500) cache.clear();
  cache.set(key, days);
  return days;
}

/** The holiday on a date (the first listed when two fall together), or null. */
export function holidayOn(countryCode: string, date: CalendarDate): Holiday | null {
  return holidaysOf(countryCode, Number(date.slice(0, 4))).find((d) => d.date === date) ?? null;
}

export function isPublicHoliday(countryCode: string, date: CalendarDate): boolean {
  return holidayOn(countryCode, date) !== null;
}
