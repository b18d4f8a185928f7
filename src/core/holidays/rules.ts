import { addDays, calendarDate, weekday, type CalendarDate } from '../calendar.ts';
import { easterSunday } from './easter.ts';

/** One public holiday: the local date it is observed on and its English name. */
export type Holiday = { date: CalendarDate; name: string };

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A fixed day of the year. */
export function fixed(year: number, month: number, day: number): CalendarDate {
  return calendarDate(`${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`);
}

/** Easter Sunday plus `days` (Good Friday -2, Easter Monday +1, Ascension +39, Whit Monday +50). */
export function easter(year: number, days: number): CalendarDate {
  return addDays(easterSunday(year), days);
}

/**
 * The `n`th ISO weekday (1 = Monday) of a month: n = 1 the first, 3 the third; n = -1 the last.
 * "third Monday of January" = nthWeekday(y, 1, 1, 3); "last Monday of May" = nthWeekday(y, 5, 1, -1).
 */
export function nthWeekday(year: number, month: number, isoWeekday: number, n: number): CalendarDate {
  if (n > 0) {
    const first = fixed(year, month, 1);
    const shift = (isoWeekday - weekday(first) + 7) % 7;
    return addDays(first, shift + (n - 1) * 7);
  }
  const lastDay = addDays(month === 12 ? fixed(year + 1, 1, 1) : fixed(year, month + 1, 1), -1);
  const back = (weekday(lastDay) - isoWeekday + 7) % 7;
  return addDays(lastDay, -back - (-n - 1) * 7);
}

/** The last `isoWeekday` strictly before a date (Canada's Victoria Day: the Monday before 25 May). */
export function weekdayBefore(date: CalendarDate, isoWeekday: number): CalendarDate {
  const back = (weekday(date) - isoWeekday + 7) % 7 || 7;
  return addDays(date, -back);
}

const isWeekend = (d: CalendarDate): boolean => weekday(d) >= 6;

/**
 * The British rule (and Canada's for its fixed days): a holiday on a Saturday or Sunday gives a substitute day on the
 * next weekday that is neither a holiday nor another holiday's substitute. Christmas on a Saturday: Monday 27 and
 * Tuesday 28; on a Sunday: Boxing Day Monday 26 and a substitute Tuesday 27; Boxing Day on a Saturday: Monday 28.
 * `which` names the holidays that get a substitute (all of them when absent).
 */
export function nextWeekdaySubstitutes(days: readonly Holiday[], which?: readonly string[]): Holiday[] {
  const taken = new Set(days.map((h) => h.date));
  const out: Holiday[] = [...days];
  for (const h of [...days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    if (!isWeekend(h.date) || (which && !which.includes(h.name))) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    out.push({ date: d, name: `${h.name} (substitute day)` });
  }
  return out;
}

/** The US federal rule: a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. */
export function usObserved(days: readonly Holiday[]): Holiday[] {
  const out: Holiday[] = [...days];
  for (const h of days) {
    const wd = weekday(h.date);
    if (wd === 6) out.push({ date: addDays(h.date, -1), name: `${h.name} (observed)` });
    if (wd === 7) out.push({ date: addDays(h.date, 1), name: `${h.name} (observed)` });
  }
  return out;
}
