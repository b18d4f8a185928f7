import { addDays, daysBetween, localDate, type CalendarDate, type LocalTime } from '../calendar.ts';
import type { SendWindow } from '../policy.ts';
import { holidayOn, type Holiday } from '../holidays/index.ts';
import type { ReminderRecord, ReminderState } from '../reminder.ts';
import { PHRASES } from './phrases.ts';
import { scheduleLocale } from './words.ts';

/**
 * The public holiday that makes a date no send day under this window, or null: only when the window skips holidays
 * (the default; a window stored before the setting existed skips them too) and the organisation's country is known.
 */
export function windowHoliday(date: CalendarDate, w: SendWindow, countryCode?: string | null): Holiday | null {
  if (!countryCode || w.skipHolidays === false) return null;
  return holidayOn(countryCode, date);
}

function isSendDay(date: CalendarDate, isoWeekday: number, w: SendWindow, countryCode?: string | null): boolean {
  return w.weekdays.includes(isoWeekday) && !windowHoliday(date, w, countryCode);
}

/** A public holiday of `countryCode` counts as a weekday the window leaves out. */
export function inSendWindow(t: LocalTime, w: SendWindow, countryCode?: string | null): boolean {
  return isSendDay(t.date, t.weekday, w, countryCode) && t.hour >= w.startHour && t.hour < w.endHour;
}

/**
 * The next local day on which the window opens: today when it has not opened yet, else the next allowed weekday that
 * is not a public holiday of `countryCode`.
 */
export function nextWindowDay(t: LocalTime, w: SendWindow, countryCode?: string | null): CalendarDate {
  if (isSendDay(t.date, t.weekday, w, countryCode) && t.hour < w.startHour) return t.date;
  // a year and a week covers any run of holidays on a window open one day a week
  for (let i = 1; i <= 371; i++) {
    const day = addDays(t.date, i);
    if (isSendDay(day, ((t.weekday - 1 + i) % 7) + 1, w, countryCode)) return day;
  }
  return addDays(t.date, 1); // unreachable: the schema demands at least one weekday
}

const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/** "Mon–Fri 09:00–17:00", "Mon, Wed, Fri 08:00–12:00" / "lun–ven 09:00–17:00". */
export function describeWindow(w: SendWindow, locale: string = 'en'): string {
  const names = PHRASES[scheduleLocale(locale)].weekdays;
  const days = [...new Set(w.weekdays)].sort((a, b) => a - b);
  const first = days[0] ?? 1;
  const last = days[days.length - 1] ?? 1;
  const contiguous = days.length > 2 && last - first === days.length - 1;
  const dayText = contiguous ? `${names[first - 1]}–${names[last - 1]}` : days.map((d) => names[d - 1]).join(', ');
  return `${dayText} ${hh(w.startHour)}–${hh(w.endHour)}`;
}

/** A reminder that may have reached the customer: `uncertain` and `sending` count, better a day late than twice in a day. */
const CONTACTING: readonly ReminderState[] = ['sent', 'sending', 'uncertain'];

/** The local day each contact was last reached, from the whole history (other invoices' reminders count too). */
export function lastContactDays(history: readonly ReminderRecord[], zone: string): Map<string, CalendarDate> {
  // the latest instant is on the latest local day: read the zone once per contact, not once per record
  const latest = new Map<string, number>();
  for (const r of history) {
    const t = Date.parse(r.at);
    if (!CONTACTING.includes(r.state) || Number.isNaN(t)) continue;
    if (t > (latest.get(r.contactId) ?? -Infinity)) latest.set(r.contactId, t);
  }
  return new Map([...latest].map(([contactId, t]) => [contactId, localDate(new Date(t), zone)]));
}

/** The first day a new contact is allowed, when it is after today. */
export function contactAllowedOn(lastContact: CalendarDate | undefined, today: CalendarDate, minDays: number): CalendarDate | null {
  if (!lastContact || minDays === 0 || daysBetween(lastContact, today) >= minDays) return null;
  return addDays(lastContact, minDays);
}
