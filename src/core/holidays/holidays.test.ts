import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, weekday } from '../calendar.ts';
import { easterSunday, HOLIDAY_COUNTRIES, holidayOn, holidaysOf, isPublicHoliday } from './index.ts';

const dates = (country: string, year: number): string[] => holidaysOf(country, year).map((d) => d.date);

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const e = easterSunday(year);
        expect(weekday(e)).toBe(7);
        expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true);
      }),
    );
  });
});

describe('holidaysOf', () => {
  it('France 2026', () => {
    expect(dates('FR', 2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('England and Wales 2026: Boxing Day on a Saturday gives Monday 28 December', () => {
    expect(dates('GB', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
    expect(holidayOn('GB', calendarDate('2026-12-28'))?.name).toBe('Boxing Day (substitute day)');
  });

  it.each([
    // Christmas on a Saturday: Monday 27 and Tuesday 28
    [
      'GB',
      2021,
      [
        '2021-01-01',
        '2021-04-02',
        '2021-04-05',
        '2021-05-03',
        '2021-05-31',
        '2021-08-30',
        '2021-12-25',
        '2021-12-26',
        '2021-12-27',
        '2021-12-28',
      ],
    ],
    // Christmas on a Sunday: Boxing Day Monday 26, substitute Tuesday 27; the one-off days of 2022
    [
      'GB',
      2022,
      [
        '2022-01-01',
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-25',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      'GB',
      2023,
      [
        '2023-01-01',
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      'GB',
      2020,
      ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-26', '2020-12-28'],
    ],
    [
      'GB',
      2027,
      [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-08-30',
        '2027-12-25',
        '2027-12-26',
        '2027-12-27',
        '2027-12-28',
      ],
    ],
    [
      'DE',
      2026,
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26'],
    ],
    [
      'IE',
      2026,
      [
        '2026-01-01',
        '2026-02-02',
        '2026-03-17',
        '2026-04-06',
        '2026-05-04',
        '2026-06-01',
        '2026-08-03',
        '2026-10-26',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
    // St Brigid's Day: 1 February when it is a Friday
    [
      'IE',
      2030,
      [
        '2030-01-01',
        '2030-02-01',
        '2030-03-17',
        '2030-04-22',
        '2030-05-06',
        '2030-06-03',
        '2030-08-05',
        '2030-10-28',
        '2030-12-25',
        '2030-12-26',
      ],
    ],
    [
      'BE',
      2026,
      [
        '2026-01-01',
        '2026-04-06',
        '2026-05-01',
        '2026-05-14',
        '2026-05-25',
        '2026-07-21',
        '2026-08-15',
        '2026-11-01',
        '2026-11-11',
        '2026-12-25',
      ],
    ],
    [
      'LU',
      2026,
      [
        '2026-01-01',
        '2026-04-06',
        '2026-05-01',
        '2026-05-09',
        '2026-05-14',
        '2026-05-25',
        '2026-06-23',
        '2026-08-15',
        '2026-11-01',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
    [
      'ES',
      2026,
      [
        '2026-01-01',
        '2026-01-06',
        '2026-04-03',
        '2026-05-01',
        '2026-08-15',
        '2026-10-12',
        '2026-11-01',
        '2026-12-06',
        '2026-12-08',
        '2026-12-25',
      ],
    ],
    [
      'IT',
      2026,
      [
        '2026-01-01',
        '2026-01-06',
        '2026-04-06',
        '2026-04-25',
        '2026-05-01',
        '2026-06-02',
        '2026-08-15',
        '2026-10-04',
        '2026-11-01',
        '2026-12-08',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
    [
      'NL',
      2026,
      [
        '2026-01-01',
        '2026-04-05',
        '2026-04-06',
        '2026-04-27',
        '2026-05-05',
        '2026-05-14',
        '2026-05-24',
        '2026-05-25',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
    // King's Day on a Sunday moves to Saturday 26 April
    [
      'NL',
      2025,
      [
        '2025-01-01',
        '2025-04-20',
        '2025-04-21',
        '2025-04-26',
        '2025-05-05',
        '2025-05-29',
        '2025-06-08',
        '2025-06-09',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
    // Independence Day on a Saturday: observed Friday 3 July
    [
      'US',
      2026,
      [
        '2026-01-01',
        '2026-01-19',
        '2026-02-16',
        '2026-05-25',
        '2026-06-19',
        '2026-07-03',
        '2026-07-04',
        '2026-09-07',
        '2026-10-12',
        '2026-11-11',
        '2026-11-26',
        '2026-12-25',
      ],
    ],
    // New Year's Day 2022 on a Saturday is observed on Friday 31 December 2021
    [
      'US',
      2021,
      [
        '2021-01-01',
        '2021-01-18',
        '2021-02-15',
        '2021-05-31',
        '2021-06-18',
        '2021-06-19',
        '2021-07-04',
        '2021-07-05',
        '2021-09-06',
        '2021-10-11',
        '2021-11-11',
        '2021-11-25',
        '2021-12-24',
        '2021-12-25',
        '2021-12-31',
      ],
    ],
    // Victoria Day: the Monday before 25 May; Canada Day on a Wednesday
    [
      'CA',
      2026,
      [
        '2026-01-01',
        '2026-04-03',
        '2026-05-18',
        '2026-07-01',
        '2026-09-07',
        '2026-09-30',
        '2026-10-12',
        '2026-11-11',
        '2026-12-25',
        '2026-12-26',
        '2026-12-28',
      ],
    ],
  ] as const)('%s %i', (country, year, expected) => {
    expect(dates(country, year)).toEqual(expected);
  });

  it('names each day in English', () => {
    expect(holidayOn('FR', calendarDate('2026-05-14'))?.name).toBe('Ascension Day');
    expect(holidayOn('US', calendarDate('2026-07-03'))?.name).toBe('Independence Day (observed)');
    expect(holidayOn('us', calendarDate('2026-01-19'))?.name).toBe('Birthday of Martin Luther King, Jr.');
  });

  it('knows no holiday for a country without a table, nor on an ordinary day', () => {
    expect(holidaysOf('ZZ', 2026)).toEqual([]);
    expect(isPublicHoliday('ZZ', calendarDate('2026-12-25'))).toBe(false);
    expect(isPublicHoliday('FR', calendarDate('2026-12-24'))).toBe(false);
    expect(isPublicHoliday('UK', calendarDate('2026-12-28'))).toBe(true);
  });

  it('every country: dates of the year asked, in order; GB substitutes and US observed days are weekdays', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOLIDAY_COUNTRIES), fc.integer({ min: 1995, max: 2100 }), (country, year) => {
        const days = holidaysOf(country, year);
        expect(days.length).toBeGreaterThanOrEqual(8);
        for (const [i, d] of days.entries()) {
          expect(d.date.slice(0, 4)).toBe(String(year));
          if (i > 0) expect(d.date >= (days[i - 1]?.date ?? '')).toBe(true);
          if (/substitute|observed/.test(d.name)) expect(weekday(d.date)).toBeLessThan(6);
        }
        if (country === 'GB') {
          // 25, 26 December: two weekdays off among 25–28 December, whatever the weekday
          const off = [0, 1, 2, 3]
            .map((i) => addDays(calendarDate(`${year}-12-25`), i))
            .filter((d) => weekday(d) < 6 && isPublicHoliday('GB', d));
          expect(off).toHaveLength(2);
        }
      }),
    );
  });
});
