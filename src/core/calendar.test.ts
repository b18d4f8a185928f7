import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDate,
  compareDates,
  daysBetween,
  isCalendarDate,
  isTimeZone,
  localDate,
  localTime,
  maxDate,
  minDate,
  weekday,
  zonedInstant,
  type CalendarDate,
} from './calendar.ts';

const d = calendarDate;

describe('calendar dates', () => {
  it.each(['2026-03-31', '2024-02-29', '2000-02-29', '1999-12-31', '0099-06-15', '9999-12-31'])('accepts %s', (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });
  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '26-01-05',
    '2026-01-05T00:00',
    ' 2026-01-05',
    '',
  ])('refuses %j', (text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(() => calendarDate(text)).toThrow(/is not a calendar date \(expected YYYY-MM-DD\)/);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 365, '2025-02-28'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2026-03-03', -3, '2026-02-28'],
    ['2026-03-03', 45, '2026-04-17'],
    ['2026-03-29', 0, '2026-03-29'],
  ])('%s %+d days is %s', (from, n, to) => {
    expect(addDays(d(from), n)).toBe(to);
    expect(daysBetween(d(from), d(to))).toBe(n);
  });

  it('adds days like the UTC calendar does, for any date and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: -250_000, max: 2_900_000 }), fc.integer({ min: -4000, max: 4000 }), (day, n) => {
        const from = new Date(day * 86_400_000).toISOString().slice(0, 10) as CalendarDate;
        const expected = new Date((day + n) * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(from, n)).toBe(expected);
        expect(daysBetween(from, addDays(from, n))).toBe(n);
        expect(weekday(from)).toBe(new Date(day * 86_400_000).getUTCDay() || 7);
      }),
    );
  });

  it('knows weekdays, order and bounds', () => {
    expect([d('2026-03-02'), d('2026-03-08'), d('2024-02-29'), d('2000-01-01')].map(weekday)).toEqual([1, 7, 4, 6]);
    expect(compareDates(d('2026-03-02'), d('2026-03-10'))).toBe(-1);
    expect(compareDates(d('2026-03-10'), d('2026-03-02'))).toBe(1);
    expect(compareDates(d('2026-03-10'), d('2026-03-10'))).toBe(0);
    expect(minDate(d('2026-03-02'), d('2025-12-31'))).toBe('2025-12-31');
    expect(maxDate(d('2026-03-02'), d('2025-12-31'))).toBe('2026-03-02');
  });
});

describe('wall clocks in a zone', () => {
  it('reads the local date and hour of an instant', () => {
    const t = new Date('2026-03-04T23:30:00Z');
    expect(localTime(t, 'Europe/Paris')).toEqual({ date: '2026-03-05', hour: 0, minute: 30, weekday: 4 });
    expect(localTime(t, 'America/New_York')).toEqual({ date: '2026-03-04', hour: 18, minute: 30, weekday: 3 });
    expect(localDate(t, 'Pacific/Chatham')).toBe('2026-03-05');
    expect(localTime(new Date('2026-03-04T00:00:00Z'), 'UTC').hour).toBe(0);
  });

  it('tells a zone from a typo', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Europe/Pariss')).toBe(false);
  });

  it.each([
    // zone, local date, hour:minute, expected instant
    ['Europe/Paris', '2026-03-28', 10, 0, '2026-03-28T09:00:00.000Z'],
    ['Europe/Paris', '2026-03-29', 10, 0, '2026-03-29T08:00:00.000Z'],
    ['Europe/London', '2026-06-01', 0, 0, '2026-05-31T23:00:00.000Z'],
    ['America/New_York', '2026-03-08', 12, 0, '2026-03-08T16:00:00.000Z'],
    ['Pacific/Chatham', '2026-01-15', 9, 0, '2026-01-14T19:15:00.000Z'],
    ['Australia/Sydney', '2026-04-05', 9, 0, '2026-04-04T23:00:00.000Z'],
  ])('in %s, %s %d:%d is %s', (zone, date, h, m, iso) => {
    expect(zonedInstant(d(date), h, m, zone).toISOString()).toBe(iso);
  });

  it.each([
    // spring-forward gaps: the missing wall time gives the first instant after the gap
    ['Europe/Paris', '2026-03-29', 2, 30, '2026-03-29T01:00:00.000Z', 3, 0],
    ['America/New_York', '2026-03-08', 2, 15, '2026-03-08T07:00:00.000Z', 3, 0],
    ['Australia/Sydney', '2026-10-04', 2, 0, '2026-10-03T16:00:00.000Z', 3, 0],
    ['Pacific/Chatham', '2026-09-27', 3, 0, '2026-09-26T14:00:00.000Z', 3, 45],
  ])('in %s on %s, %d:%d does not exist: it becomes %s', (zone, date, h, m, iso, lh, lm) => {
    const t = zonedInstant(d(date), h, m, zone);
    expect(t.toISOString()).toBe(iso);
    expect(localTime(t, zone)).toMatchObject({ date, hour: lh, minute: lm });
  });

  it.each([
    // fall-back overlaps: the wall time happens twice; the first is taken
    ['Europe/Paris', '2026-10-25', 2, 30, '2026-10-25T00:30:00.000Z'],
    ['Europe/London', '2026-10-25', 1, 30, '2026-10-25T00:30:00.000Z'],
    ['America/New_York', '2026-11-01', 1, 30, '2026-11-01T05:30:00.000Z'],
    ['Australia/Sydney', '2026-04-05', 2, 30, '2026-04-04T15:30:00.000Z'],
    ['Pacific/Chatham', '2026-04-05', 3, 0, '2026-04-04T13:15:00.000Z'],
  ])('in %s on %s, %d:%d happens twice: the first is %s', (zone, date, h, m, iso) => {
    const t = zonedInstant(d(date), h, m, zone);
    expect(t.toISOString()).toBe(iso);
    expect(localTime(t, zone)).toMatchObject({ date, hour: h, minute: m });
    expect(localTime(new Date(t.getTime() + 3_600_000), zone)).toMatchObject({ date, hour: h, minute: m });
  });

  it('round-trips every wall time that exists, in zones with daylight saving', () => {
    const zones = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Pacific/Chatham', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, offset, hour, minute) => {
          const date = addDays(d('2025-09-01'), offset);
          const t = zonedInstant(date, hour, minute, zone);
          const back = localTime(t, zone);
          const wanted = hour * 60 + minute;
          const got = back.hour * 60 + back.minute;
          expect(back.date).toBe(date);
          if (got !== wanted) {
            // only inside a gap, and then the first minute after it
            expect(got).toBeGreaterThan(wanted);
            expect(
              localTime(new Date(t.getTime() - 60_000), zone).hour * 60 + localTime(new Date(t.getTime() - 60_000), zone).minute,
            ).toBeLessThan(wanted);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a calendar day whole across a daylight-saving change: the next day starts 23 or 25 hours later, same date + 1', () => {
    for (const [zone, date, hours] of [
      ['Europe/Paris', '2026-03-29', 23],
      ['Europe/Paris', '2026-10-25', 25],
      ['America/New_York', '2026-11-01', 25],
      ['Pacific/Chatham', '2026-09-27', 23],
    ] as const) {
      const start = zonedInstant(d(date), 0, 0, zone);
      const next = zonedInstant(addDays(d(date), 1), 0, 0, zone);
      expect((next.getTime() - start.getTime()) / 3_600_000).toBe(hours);
      expect(localDate(new Date(next.getTime() - 1), zone)).toBe(date);
      expect(localDate(next, zone)).toBe(addDays(d(date), 1));
    }
  });
});
