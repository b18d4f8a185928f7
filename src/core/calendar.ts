/**
 * Calendar dates in an organisation's time zone. A due date is a day on the wall calendar of the business, not an
 * instant: "2026-03-31" stays the 31st whatever the server's zone or a daylight-saving change does.
 * Pure: Intl does the zone arithmetic, nothing reads a clock.
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(text: string): text is CalendarDate {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

export function calendarDate(text: string): CalendarDate {
  if (!isCalendarDate(text)) throw new RangeError(`"${text}" is not a calendar date (expected YYYY-MM-DD)`);
  return text;
}

function toUtcDays(date: CalendarDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function fromUtcDays(days: number): CalendarDate {
  return new Date(days * 86_400_000).toISOString().slice(0, 10) as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcDays(toUtcDays(date) + days);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toUtcDays(b) - toUtcDays(a);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekday(date: CalendarDate): number {
  const dow = new Date(toUtcDays(date) * 86_400_000).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export type LocalTime = { date: CalendarDate; hour: number; minute: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone. */
export function localTime(instant: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(formatter(zone).formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}` as CalendarDate;
  return { date, hour: Number(parts.hour), minute: Number(parts.minute), weekday: weekday(date) };
}

export function localDate(instant: Date, zone: string): CalendarDate {
  return localTime(instant, zone).date;
}

/**
 * The instant at which the wall clock of `zone` reads `date` `hour`:`minute`. In a spring-forward gap the wall time
 * does not exist and the next existing instant is returned; in a fall-back overlap, the first.
 */
export function zonedInstant(date: CalendarDate, hour: number, minute: number, zone: string): Date {
  const wanted = toUtcDays(date) * 86_400_000 + (hour * 60 + minute) * 60_000;
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(new Date(guess), zone);
    const seenMs = toUtcDays(seen.date) * 86_400_000 + (seen.hour * 60 + seen.minute) * 60_000;
    const diff = wanted - seenMs;
    if (diff === 0) break;
    guess += diff;
  }
  const seen = localTime(new Date(guess), zone);
  if (seen.date === date && seen.hour === hour && seen.minute === minute) {
    // fall-back overlap: prefer the earlier of two matching instants
    const hourEarlier = new Date(guess - 3_600_000);
    const e = localTime(hourEarlier, zone);
    if (e.date === date && e.hour === hour && e.minute === minute) return hourEarlier;
    return new Date(guess);
  }
  // spring-forward gap: walk forward to the first existing minute after the wanted wall time
  let t = guess - 2 * 3_600_000;
  while (true) {
    const l = localTime(new Date(t), zone);
    const lMs = toUtcDays(l.date) * 86_400_000 + (l.hour * 60 + l.minute) * 60_000;
    if (lMs >= wanted) return new Date(t);
    t += 60_000;
  }
}
