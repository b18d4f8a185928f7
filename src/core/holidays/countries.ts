import { type CalendarDate, weekday } from '../calendar.ts';
import { easter, fixed, type Holiday, nextWeekdaySubstitutes, nthWeekday, usObserved, weekdayBefore } from './rules.ts';

/**
 * Public holidays as data, one function per country giving the holidays a year's rules make (a substitute or
 * observed day may fall in the next or previous year: `holidaysOf` sorts that out). National days only: regional
 * ones (Alsace-Moselle, German Länder, Spanish communities, Scotland, US states) are not there.
 */
type Country = (year: number) => Holiday[];

const h = (date: CalendarDate, name: string): Holiday => ({ date, name });
const MON = 1;
const THU = 4;

/** France: the eleven jours fériés of the Code du travail (L3133-1). */
const FR: Country = (y) => [
  h(fixed(y, 1, 1), "New Year's Day"),
  h(easter(y, 1), 'Easter Monday'),
  h(fixed(y, 5, 1), 'Labour Day'),
  h(fixed(y, 5, 8), 'Victory in Europe Day'),
  h(easter(y, 39), 'Ascension Day'),
  h(easter(y, 50), 'Whit Monday'),
  h(fixed(y, 7, 14), 'Bastille Day'),
  h(fixed(y, 8, 15), 'Assumption Day'),
  h(fixed(y, 11, 1), "All Saints' Day"),
  h(fixed(y, 11, 11), 'Armistice Day'),
  h(fixed(y, 12, 25), 'Christmas Day'),
];

/**
 * England and Wales bank holidays as the government publishes them: weekend days give a substitute weekday, and the
 * one-off changes by royal proclamation are listed by year (moved days and extra days).
 */
const GB_ONE_OFF: Record<number, { moved?: Record<string, CalendarDate>; extra?: Holiday[] }> = {
  1995: { moved: { 'Early May bank holiday': fixed(1995, 5, 8) } },
  1999: { extra: [h(fixed(1999, 12, 31), 'Millennium Eve')] },
  2002: { moved: { 'Spring bank holiday': fixed(2002, 6, 4) }, extra: [h(fixed(2002, 6, 3), 'Golden Jubilee bank holiday')] },
  2011: { extra: [h(fixed(2011, 4, 29), 'Royal wedding')] },
  2012: { moved: { 'Spring bank holiday': fixed(2012, 6, 4) }, extra: [h(fixed(2012, 6, 5), 'Diamond Jubilee bank holiday')] },
  2020: { moved: { 'Early May bank holiday': fixed(2020, 5, 8) } },
  2022: {
    moved: { 'Spring bank holiday': fixed(2022, 6, 2) },
    extra: [h(fixed(2022, 6, 3), 'Platinum Jubilee bank holiday'), h(fixed(2022, 9, 19), 'State Funeral of Queen Elizabeth II')],
  },
  2023: { extra: [h(fixed(2023, 5, 8), 'Coronation of King Charles III')] },
};

const GB: Country = (y) => {
  const fixedDays = [h(fixed(y, 1, 1), "New Year's Day"), h(fixed(y, 12, 25), 'Christmas Day'), h(fixed(y, 12, 26), 'Boxing Day')];
  const oneOff = GB_ONE_OFF[y] ?? {};
  const ruled = [
    h(easter(y, -2), 'Good Friday'),
    h(easter(y, 1), 'Easter Monday'),
    h(nthWeekday(y, 5, MON, 1), 'Early May bank holiday'),
    h(nthWeekday(y, 5, MON, -1), 'Spring bank holiday'),
    h(nthWeekday(y, 8, MON, -1), 'Summer bank holiday'),
  ].map((d) => h(oneOff.moved?.[d.name] ?? d.date, d.name));
  // substitutes are found among all the year's days so that none lands on another holiday
  return nextWeekdaySubstitutes(
    [...fixedDays, ...ruled, ...(oneOff.extra ?? [])],
    fixedDays.map((d) => d.name),
  );
};

/** Germany: the nine days set by federal law (German Unity Day since 1990); 2017 had Reformation Day nationwide. */
const DE: Country = (y) => [
  h(fixed(y, 1, 1), "New Year's Day"),
  h(easter(y, -2), 'Good Friday'),
  h(easter(y, 1), 'Easter Monday'),
  h(fixed(y, 5, 1), 'Labour Day'),
  h(easter(y, 39), 'Ascension Day'),
  h(easter(y, 50), 'Whit Monday'),
  ...(y >= 1990 ? [h(fixed(y, 10, 3), 'German Unity Day')] : []),
  ...(y === 2017 ? [h(fixed(y, 10, 31), 'Reformation Day')] : []),
  h(fixed(y, 12, 25), 'Christmas Day'),
  h(fixed(y, 12, 26), "St Stephen's Day"),
];

/** Ireland's public holidays. A holiday on a weekend gives no substitute public holiday in Irish law (none here). */
const IE: Country = (y) => {
  const brigid = fixed(y, 2, 1);
  return [
    h(fixed(y, 1, 1), "New Year's Day"),
    // since 2023: the first Monday of February, or 1 February when that is a Friday
    ...(y >= 2023 ? [h(weekday(brigid) === 5 ? brigid : nthWeekday(y, 2, MON, 1), "St Brigid's Day")] : []),
    h(fixed(y, 3, 17), "St Patrick's Day"),
    ...(y === 2022 ? [h(fixed(y, 3, 18), 'Day of Remembrance and Recognition')] : []),
    h(easter(y, 1), 'Easter Monday'),
    h(nthWeekday(y, 5, MON, 1), 'May bank holiday'),
    h(nthWeekday(y, 6, MON, 1), 'June bank holiday'),
    h(nthWeekday(y, 8, MON, 1), 'August bank holiday'),
    h(nthWeekday(y, 10, MON, -1), 'October bank holiday'),
    h(fixed(y, 12, 25), 'Christmas Day'),
    h(fixed(y, 12, 26), "St Stephen's Day"),
  ];
};

/** Belgium's ten legal holidays (no substitute day is a public holiday: employers set those). */
const BE: Country = (y) => [
  h(fixed(y, 1, 1), "New Year's Day"),
  h(easter(y, 1), 'Easter Monday'),
  h(fixed(y, 5, 1), 'Labour Day'),
  h(easter(y, 39), 'Ascension Day'),
  h(easter(y, 50), 'Whit Monday'),
  h(fixed(y, 7, 21), 'Belgian National Day'),
  h(fixed(y, 8, 15), 'Assumption Day'),
  h(fixed(y, 11, 1), "All Saints' Day"),
  h(fixed(y, 11, 11), 'Armistice Day'),
  h(fixed(y, 12, 25), 'Christmas Day'),
];

/** Luxembourg (Europe Day since 2019). */
const LU: Country = (y) => [
  h(fixed(y, 1, 1), "New Year's Day"),
  h(easter(y, 1), 'Easter Monday'),
  h(fixed(y, 5, 1), 'Labour Day'),
  ...(y >= 2019 ? [h(fixed(y, 5, 9), 'Europe Day')] : []),
  h(easter(y, 39), 'Ascension Day'),
  h(easter(y, 50), 'Whit Monday'),
  h(fixed(y, 6, 23), 'National Day'),
  h(fixed(y, 8, 15), 'Assumption Day'),
  h(fixed(y, 11, 1), "All Saints' Day"),
  h(fixed(y, 12, 25), 'Christmas Day'),
  h(fixed(y, 12, 26), "St Stephen's Day"),
];

/** Spain: the national days every community keeps (communities add and move others; not here). */
const ES: Country = (y) => [
  h(fixed(y, 1, 1), "New Year's Day"),
  h(fixed(y, 1, 6), 'Epiphany'),
  h(easter(y, -2), 'Good Friday'),
  h(fixed(y, 5, 1), 'Labour Day'),
  h(fixed(y, 8, 15), 'Assumption Day'),
  h(fixed(y, 10, 12), 'National Day of Spain'),
  h(fixed(y, 11, 1), "All Saints' Day"),
  h(fixed(y, 12, 6), 'Constitution Day'),
  h(fixed(y, 12, 8), 'Immaculate Conception'),
  h(fixed(y, 12, 25), 'Christmas Day'),
];

/** Italy (St Francis of Assisi, 4 October, a national holiday again from 2026 by law 151/2025). */
const IT: Country = (y) => [
  h(fixed(y, 1, 1), "New Year's Day"),
  h(fixed(y, 1, 6), 'Epiphany'),
  h(easter(y, 1), 'Easter Monday'),
  h(fixed(y, 4, 25), 'Liberation Day'),
  h(fixed(y, 5, 1), 'Labour Day'),
  h(fixed(y, 6, 2), 'Republic Day'),
  h(fixed(y, 8, 15), 'Assumption Day'),
  ...(y >= 2026 ? [h(fixed(y, 10, 4), 'St Francis of Assisi')] : []),
  h(fixed(y, 11, 1), "All Saints' Day"),
  h(fixed(y, 12, 8), 'Immaculate Conception'),
  h(fixed(y, 12, 25), 'Christmas Day'),
  h(fixed(y, 12, 26), "St Stephen's Day"),
];

/**
 * The Netherlands: the days of the Algemene termijnenwet, Liberation Day (5 May) every year. King's Day is 27 April
 * (26 April when the 27th is a Sunday) since 2014, Queen's Day 30 April before (29 April when a Sunday).
 */
const NL: Country = (y) => {
  const king = y >= 2014 ? fixed(y, 4, 27) : fixed(y, 4, 30);
  const kingsDay = weekday(king) === 7 ? fixed(y, 4, y >= 2014 ? 26 : 29) : king;
  return [
    h(fixed(y, 1, 1), "New Year's Day"),
    h(easter(y, 0), 'Easter Sunday'),
    h(easter(y, 1), 'Easter Monday'),
    h(kingsDay, y >= 2014 ? "King's Day" : "Queen's Day"),
    h(fixed(y, 5, 5), 'Liberation Day'),
    h(easter(y, 39), 'Ascension Day'),
    h(easter(y, 49), 'Whit Sunday'),
    h(easter(y, 50), 'Whit Monday'),
    h(fixed(y, 12, 25), 'Christmas Day'),
    h(fixed(y, 12, 26), 'Second Day of Christmas'),
  ];
};

/** United States federal holidays (5 U.S.C. 6103), each observed on the Friday before or the Monday after a weekend. */
const US: Country = (y) =>
  usObserved([
    h(fixed(y, 1, 1), "New Year's Day"),
    h(nthWeekday(y, 1, MON, 3), 'Birthday of Martin Luther King, Jr.'),
    h(nthWeekday(y, 2, MON, 3), "Washington's Birthday"),
    h(nthWeekday(y, 5, MON, -1), 'Memorial Day'),
    ...(y >= 2021 ? [h(fixed(y, 6, 19), 'Juneteenth National Independence Day')] : []),
    h(fixed(y, 7, 4), 'Independence Day'),
    h(nthWeekday(y, 9, MON, 1), 'Labor Day'),
    h(nthWeekday(y, 10, MON, 2), 'Columbus Day'),
    h(fixed(y, 11, 11), 'Veterans Day'),
    h(nthWeekday(y, 11, THU, 4), 'Thanksgiving Day'),
    h(fixed(y, 12, 25), 'Christmas Day'),
  ]);

/**
 * Canada's federal general holidays (Canada Labour Code s. 166). A fixed day on a weekend gives the next free weekday
 * (Canada Day on a Sunday is 2 July by the Holidays Act; the others as federal employers observe them).
 */
const CA: Country = (y) => {
  const fixedDays = [
    h(fixed(y, 1, 1), "New Year's Day"),
    h(fixed(y, 7, 1), 'Canada Day'),
    ...(y >= 2021 ? [h(fixed(y, 9, 30), 'National Day for Truth and Reconciliation')] : []),
    h(fixed(y, 11, 11), 'Remembrance Day'),
    h(fixed(y, 12, 25), 'Christmas Day'),
    h(fixed(y, 12, 26), 'Boxing Day'),
  ];
  return nextWeekdaySubstitutes(
    [
      ...fixedDays,
      h(easter(y, -2), 'Good Friday'),
      h(weekdayBefore(fixed(y, 5, 25), MON), 'Victoria Day'),
      h(nthWeekday(y, 9, MON, 1), 'Labour Day'),
      h(nthWeekday(y, 10, MON, 2), 'Thanksgiving'),
    ],
    fixedDays.map((d) => d.name),
  );
};

export const COUNTRIES: Readonly<Record<string, Country>> = { FR, GB, UK: GB, DE, IE, BE, LU, ES, IT, NL, US, CA };
