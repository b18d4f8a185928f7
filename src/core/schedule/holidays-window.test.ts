import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, weekday } from '../calendar.ts';
import { HOLIDAY_COUNTRIES, isPublicHoliday } from '../holidays/index.ts';
import { sendWindowSchema } from '../policy.ts';
import type { Decision } from '../reminder.ts';
import { dueSteps } from './plan.ts';
import { aContact, anInvoice, aPolicy, aRecord, day, wall } from './testkit.ts';
import { inSendWindow, nextWindowDay } from './window.ts';

const summary = (d: Decision): string =>
  d.kind === 'hold' ? `hold ${d.reason} ${d.stepKey ?? '-'} ${d.until ?? '-'}` : `${d.kind} ${d.step.key} ${d.dueOn}`;

/** Friendly reminder (due + 1) on the day given; the courtesy note out of the way. */
function friendlyOn(date: string, now: Date, over: { countryCode?: string; skipHolidays?: boolean; locale?: string } = {}) {
  const policy = aPolicy({ sendWindow: sendWindowSchema.parse({ skipHolidays: over.skipHolidays ?? true }) });
  return dueSteps({
    now,
    zone: 'Europe/Paris',
    policies: { default: policy, rules: [] },
    invoices: [anInvoice({ dueDate: addDays(day(date), -1) })],
    contacts: [aContact()],
    answers: [],
    history: [aRecord({ stepKey: 'courtesy', state: 'skipped', at: '2026-01-01T09:00:00Z' })],
    countryCode: over.countryCode ?? 'FR',
    locale: over.locale,
  }).decisions;
}

describe('the send window skips public holidays', () => {
  it('holds a step due on Labour Day until the next send day, and says why', () => {
    const [d] = friendlyOn('2026-05-01', wall('2026-05-01', 10));
    expect(summary(d as Decision)).toBe('hold outside-send-window friendly 2026-05-04');
    expect(d?.why).toBe(
      'INV-0001: friendly reminder due today (1 day after the due date, 30 Apr 2026); today (1 May 2026) is a public holiday (Labour Day), so it goes out on 4 May 2026.',
    );
  });

  it('says it in French', () => {
    const [d] = friendlyOn('2026-05-01', wall('2026-05-01', 10), { locale: 'fr-FR' });
    expect(d?.why).toContain("aujourd'hui (1 mai 2026) est un jour férié (Labour Day) : l'envoi partira le 4 mai 2026.");
  });

  it('skips a run of days: Thursday evening before Victory in Europe Day goes out on Monday', () => {
    const [d] = friendlyOn('2026-05-07', wall('2026-05-07', 18));
    expect(summary(d as Decision)).toBe('hold outside-send-window friendly 2026-05-11');
  });

  it('the UK substitute day for Boxing Day holds too (England and Wales)', () => {
    const [d] = friendlyOn('2026-12-28', wall('2026-12-28', 10, 'Europe/Paris'), { countryCode: 'GB' });
    expect(summary(d as Decision)).toBe('hold outside-send-window friendly 2026-12-29');
  });

  it('sends on the holiday when the window does not skip holidays, or the country is unknown', () => {
    expect(friendlyOn('2026-05-01', wall('2026-05-01', 10), { skipHolidays: false }).map(summary)).toEqual(['send friendly 2026-05-01']);
    expect(friendlyOn('2026-05-01', wall('2026-05-01', 10), { countryCode: 'ZZ' }).map(summary)).toEqual(['send friendly 2026-05-01']);
    // another country's holiday is an ordinary day
    expect(friendlyOn('2026-07-14', wall('2026-07-14', 10), { countryCode: 'GB' }).map(summary)).toEqual(['send friendly 2026-07-14']);
  });

  it('a window open on holidays when told so: the default skips them', () => {
    expect(sendWindowSchema.parse({}).skipHolidays).toBe(true);
  });

  it('property: never in the window on a holiday, and the next window day is a send day that is not a holiday', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HOLIDAY_COUNTRIES),
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 0, max: 23 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        (country, offset, hour, weekdays) => {
          const date = addDays(calendarDate('2026-01-01'), offset);
          const w = sendWindowSchema.parse({ weekdays, startHour: 8, endHour: 18 });
          const t = { date, hour, minute: 0, weekday: weekday(date) };
          if (isPublicHoliday(country, date)) expect(inSendWindow(t, w, country)).toBe(false);
          const next = nextWindowDay(t, w, country);
          expect(next >= date).toBe(true);
          expect(isPublicHoliday(country, next)).toBe(false);
          expect(weekdays).toContain(weekday(next));
          // no send day skipped between
          for (let d = addDays(date, 1); d < next; d = addDays(d, 1)) {
            expect(weekdays.includes(weekday(d)) && !isPublicHoliday(country, d)).toBe(false);
          }
        },
      ),
    );
  });
});
