/**
 * Calendar dates in an organisation's time zone. A due date is a day on the wall calendar of the business, not an
 * instant: "2026-03-31" stays the 31st whatever the server's zone or a daylight-saving change does.
 * Pure: Intl does the zone arithmetic, nothing reads a clock.
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real day: "2026-02-30" and "2026-13-01" are not (each would round-trip to another date). */
export function isCalendarDate(text: string): text is CalendarDate {
  return DATE_RE.test(text) && fromUtcDays(toUtcDays(text as CalendarDate)) === text;
}

export function calendarDate(text: string): CalendarDate {
  if (!isCalendarDate(text)) throw new RangeError(`"${text}" is not a calendar date (expected YYYY-MM-DD)`);
  return text;
}

/**
 * Days since 1970-01-01 and back, by plain arithmetic on the proleptic Gregorian calendar (H. Hinnant's civil-days
 * algorithms): the planner does this for every step of every invoice, and a Date round trip costs far more.
 */
function toUtcDays(date: CalendarDate): number {
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const y = Number(date.slice(0, 4)) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function fromUtcDays(days: number): CalendarDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}` as CalendarDate;
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
  // 1970-01-01 was a Thursday (4)
  return ((((toUtcDays(date) + 3) % 7) + 7) % 7) + 1;
}

export type LocalTime = { date: CalendarDate; hour: number; minute: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
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
  let year = '',
    month = '',
    day = '',
    hour = '',
    minute = '';
  for (const p of formatter(zone).formatToParts(instant)) {
    if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
    else if (p.type === 'hour') hour = p.value;
    else if (p.type === 'minute') minute = p.value;
  }
  const date = `${year}-${month}-${day}` as CalendarDate;
  return { date, hour: Number(hour), minute: Number(minute), weekday: weekday(date) };
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
