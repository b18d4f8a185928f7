import { addDays, daysBetween, localDate, type CalendarDate, type LocalTime } from '../calendar.ts';
import type { SendWindow } from '../policy.ts';
import type { ReminderRecord, ReminderState } from '../reminder.ts';
import { PHRASES } from './phrases.ts';
import { scheduleLocale } from './words.ts';

export function inSendWindow(t: LocalTime, w: SendWindow): boolean {
  return w.weekdays.includes(t.weekday) && t.hour >= w.startHour && t.hour < w.endHour;
}

/** The next local day on which the window opens: today when it has not opened yet, else the next allowed weekday. */
export function nextWindowDay(t: LocalTime, w: SendWindow): CalendarDate {
  if (w.weekdays.includes(t.weekday) && t.hour < w.startHour) return t.date;
  for (let i = 1; i <= 7; i++) {
    const day = addDays(t.date, i);
    if (w.weekdays.includes(((t.weekday - 1 + i) % 7) + 1)) return day;
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
