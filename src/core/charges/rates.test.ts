import { describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../calendar.ts';
import { basiszins, boe, ecb, frLegal, rateOn, rateTables } from './rates.ts';

/** The reference's tables (shared/reference/late-payment-law.md), one value per half-year from 2019 H1 to 2026 H1. */
const reference = {
  ecb: [0, 0, 0, 0, 0, 0, 0, 0, 2.5, 4.0, 4.5, 4.25, 3.15, 2.15, 2.15],
  frLegal: [0.86, 0.87, 0.87, 0.84, 0.79, 0.76, 0.76, 0.77, 2.06, 4.22, 5.07, 4.92, 3.71, 2.76, 2.62],
  frContractFloor: [2.58, 2.61, 2.61, 2.52, 2.37, 2.28, 2.28, 2.31, 6.18, 12.66, 15.21, 14.76, 11.13, 8.28, 7.86],
  frPenalty: [10, 10, 10, 10, 10, 10, 10, 10, 12.5, 14.0, 14.5, 14.25, 13.15, 12.15, 12.15],
  boe: [0.75, 0.75, 0.75, 0.1, 0.1, 0.1, 0.25, 1.25, 3.5, 5.0, 5.25, 5.25, 4.75, 4.25, 3.75],
  ukStatutory: [8.75, 8.75, 8.75, 8.1, 8.1, 8.1, 8.25, 9.25, 11.5, 13.0, 13.25, 13.25, 12.75, 12.25, 11.75],
  basiszins: [-0.88, -0.88, -0.88, -0.88, -0.88, -0.88, -0.88, -0.88, 1.62, 3.12, 3.62, 3.37, 2.27, 1.27, 1.27],
};
const halfYears = Array.from({ length: 15 }, (_, i) => calendarDate(`${2019 + Math.floor(i / 2)}-${i % 2 ? '07' : '01'}-01`));

describe('rate tables', () => {
  it.each(rateTables.map((t) => [t.name, t] as const))('%s is ordered and contiguous, each row with a real source', (_, t) => {
    t.rows.forEach((row, i) => {
      expect(row.from <= row.to, `${t.name} row ${i}`).toBe(true);
      const next = t.rows[i + 1];
      if (next) expect(next.from, `${t.name}: the row after ${row.to} must start the next day`).toBe(addDays(row.to, 1));
      expect(row.source).toMatch(/https:\/\/www\.(ecb\.europa\.eu|gov\.uk|bundesbank\.de|service-public\.fr)\//);
    });
  });

  it('every table covers 2019 H1 to 2026 H1 in half-years (1 January / 1 July)', () => {
    for (const t of rateTables) {
      expect(t.rows.map((r) => r.from)).toEqual(halfYears);
      expect(t.rows.at(-1)?.to).toBe('2026-06-30');
    }
  });

  it('agree with the reference, and give its derived columns', () => {
    const at = (t: typeof ecb) => halfYears.map((d) => rateOn(t, d).rate.toNumber());
    expect(at(ecb)).toEqual(reference.ecb);
    expect(at(frLegal)).toEqual(reference.frLegal);
    expect(at(boe)).toEqual(reference.boe);
    expect(at(basiszins)).toEqual(reference.basiszins);
    expect(halfYears.map((d) => rateOn(ecb, d).rate.plus(10).toNumber())).toEqual(reference.frPenalty);
    expect(halfYears.map((d) => rateOn(frLegal, d).rate.times(3).toNumber())).toEqual(reference.frContractFloor);
    expect(halfYears.map((d) => rateOn(boe, d).rate.plus(8).toNumber())).toEqual(reference.ukStatutory);
  });

  it('past the last row uses the latest one and says it is stale; before the first row there is no rate', () => {
    expect(rateOn(ecb, calendarDate('2026-06-30'))).toMatchObject({ stale: false });
    const after = rateOn(ecb, calendarDate('2026-07-01'));
    expect(after.stale).toBe(true);
    expect(after.row.from).toBe('2026-01-01');
    expect(() => rateOn(ecb, calendarDate('2018-12-31'))).toThrow(/ecb\.json has no rate before 2019-01-01/);
  });
});
