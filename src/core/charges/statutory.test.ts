import { describe, expect, it } from 'vitest';
import { amounts, chargeInput, charges } from './fixtures.ts';
import { frenchContractFloor, statutoryCharges } from './statutory.ts';
import { money } from '../money.ts';
import { regimeFor } from './regimes.ts';
import { ChargeInputError } from './types.ts';
import { calendarDate } from '../calendar.ts';

// Worked by hand from shared/reference/late-payment-law.md: interest = Σ balance × rate% × days / 36500, summed exactly
// and rounded once, half-up to the cent. Days run from the day after the due date to the as-of date, both included.
describe('France (B2B): ECB + 10 points per half-year, €40', () => {
  it('10,000.00 € due 31 March, 30 days at 13.15% on 30 April', () => {
    // 10000 × 13.15 × 30 / 36500 = 3,945,000 / 36,500 = 108.0821… → 108.08; + 40 = 148.08
    const r = charges({ regime: 'FR', amount: '10000.00', due: '2025-03-31', asOf: '2025-04-30' });
    expect(amounts(r)).toEqual({ interest: '108.08', compensation: '40.00', total: '148.08' });
    expect(r.segments).toEqual([
      expect.objectContaining({
        from: '2025-04-01',
        to: '2025-04-30',
        days: 30,
        ratePercent: '13.15',
        amount: '108.0821917808',
        stale: false,
      }),
    ]);
    expect(r.segments[0]!.rateSource).toMatch(/ECB main refinancing rate 3\.15% \+ 10 points.*1 January 2025.*ecb\.europa\.eu/);
    expect(r).toMatchObject({ currency: 'EUR', regime: 'FR', stale: false });
  });

  it('a delay crossing 30 June is split, each half-year at its own rate', () => {
    // 16–30 June: 10000 × 13.15 × 15 = 1,972,500; 1–15 July: 10000 × 12.15 × 15 = 1,822,500
    // 3,795,000 / 36,500 = 103.9726… → 103.97
    const r = charges({ regime: 'FR', amount: '10000.00', due: '2025-06-15', asOf: '2025-07-15' });
    expect(amounts(r)).toEqual({ interest: '103.97', compensation: '40.00', total: '143.97' });
    expect(r.segments.map((s) => [s.from, s.to, s.days, s.ratePercent])).toEqual([
      ['2025-06-16', '2025-06-30', 15, '13.15'],
      ['2025-07-01', '2025-07-15', 15, '12.15'],
    ]);
  });

  it('a partial payment lowers the principal after the day it is received (that day still accrues in full)', () => {
    // 1–10 April on 10,000: 10000 × 13.15 × 10 = 1,315,000; 11–30 April on 7,500: 7500 × 13.15 × 20 = 1,972,500
    // 3,287,500 / 36,500 = 90.0684… → 90.07; + 40 = 130.07
    const r = charges({ regime: 'FR', amount: '10000.00', due: '2025-03-31', asOf: '2025-04-30', payments: [['2025-04-10', '2500.00']] });
    expect(amounts(r)).toEqual({ interest: '90.07', compensation: '40.00', total: '130.07' });
    expect(r.segments.map((s) => [s.from, s.to, s.principal.minor])).toEqual([
      ['2025-04-01', '2025-04-10', 1_000_000],
      ['2025-04-11', '2025-04-30', 750_000],
    ]);
    expect(r.balance.minor).toBe(750_000);
  });

  it('paid in full late: interest stops, the €40 stays; payments after as-of are not counted', () => {
    // 1–10 April: 1,315,000 / 36,500 = 36.0273… → 36.03
    const paid = charges({
      regime: 'FR',
      amount: '10000.00',
      due: '2025-03-31',
      asOf: '2025-04-30',
      payments: [['2025-04-10', '10000.00']],
    });
    expect(amounts(paid)).toEqual({ interest: '36.03', compensation: '40.00', total: '76.03' });
    const later = charges({
      regime: 'FR',
      amount: '10000.00',
      due: '2025-03-31',
      asOf: '2025-04-30',
      payments: [['2025-05-02', '10000.00']],
    });
    expect(amounts(later).interest).toBe('108.08');
  });

  it('paid in full one day late: one day of interest and the €40', () => {
    // 1 April only: 10000 × 13.15 × 1 / 36500 = 3.6027… → 3.60
    const r = charges({ regime: 'FR', amount: '10000.00', due: '2025-03-31', asOf: '2025-04-30', payments: [['2025-04-01', '10000.00']] });
    expect(amounts(r)).toEqual({ interest: '3.60', compensation: '40.00', total: '43.60' });
    expect(r.segments.map((s) => [s.from, s.to])).toEqual([['2025-04-01', '2025-04-01']]);
  });

  it('paid by the due date, or not yet late: nothing', () => {
    expect(
      amounts(charges({ regime: 'FR', amount: '500.00', due: '2025-03-31', asOf: '2025-04-30', payments: [['2025-03-31', '500.00']] }))
        .total,
    ).toBe('0.00');
    expect(amounts(charges({ regime: 'FR', amount: '500.00', due: '2025-03-31', asOf: '2025-03-31' })).total).toBe('0.00');
  });

  it('a 365-day year in a leap year too', () => {
    // 2 Feb – 2 Mar 2024 = 28 + 2 = 30 days at 14.50: 10000 × 14.5 × 30 / 36500 = 119.1780… → 119.18
    expect(amounts(charges({ regime: 'FR', amount: '10000.00', due: '2024-02-01', asOf: '2024-03-02' })).interest).toBe('119.18');
  });

  it('rounds once, half-up', () => {
    // 1 Feb – 14 April 2021 = 28 + 31 + 14 = 73 days at 10%: 1000.25 × 0.10 × 73/365 = 1000.25 × 0.02 = 20.005 → 20.01
    expect(amounts(charges({ regime: 'FR', amount: '1000.25', due: '2021-01-31', asOf: '2021-04-14' })).interest).toBe('20.01');
  });

  it('a contract rate replaces ECB + 10 when it is at least 3 × the legal rate', () => {
    // 10000 × 12 × 30 / 36500 = 98.6301… → 98.63 (floor 2025 H1 = 3 × 3.71 = 11.13)
    const r = charges({ regime: 'FR', amount: '10000.00', due: '2025-03-31', asOf: '2025-04-30', contractRate: 12 });
    expect(amounts(r).interest).toBe('98.63');
    expect(r.segments[0]!.rateSource).toMatch(/^contract rate 12\.00%/);
    // 10% is over 2025 H2's floor (3 × 2.76 = 8.28)
    expect(() => charges({ regime: 'FR', amount: '100.00', due: '2025-07-15', asOf: '2025-08-15', contractRate: 10 })).not.toThrow();
  });

  it('refuses a contract rate under the floor, naming both rates', () => {
    const under = () => charges({ regime: 'FR', amount: '10000.00', due: '2025-03-31', asOf: '2025-04-30', contractRate: 10 });
    expect(under).toThrow(ChargeInputError);
    expect(under).toThrow(/contract rate 10\.00% is under .* legal rate 3\.71% = 11\.13%/);
    // a delay reaching into 2025 H2 is fine in H1 terms only if it also passes H1: 9% fails H1's 11.13
    expect(() => charges({ regime: 'FR', amount: '1.00', due: '2025-06-29', asOf: '2025-07-30', contractRate: 9 })).toThrow(/11\.13%/);
    expect(frenchContractFloor(calendarDate('2026-02-01'))).toMatchObject({ legalPercent: '2.62', floorPercent: '7.86', stale: false });
  });

  it('past the table, uses the latest rate and says so', () => {
    // 16–30 June 2026 at 12.15 (known) and 1–15 July 2026 at 12.15 (2026 H1 row reused): 10000 × 12.15 × 30 / 36500 = 99.8630… → 99.86
    const r = charges({ regime: 'FR', amount: '10000.00', due: '2026-06-15', asOf: '2026-07-15' });
    expect(amounts(r).interest).toBe('99.86');
    expect(r.stale).toBe(true);
    expect(r.segments.map((s) => s.stale)).toEqual([false, true]);
    expect(r.segments[1]!.rateSource).toMatch(/stale/);
    expect(r.notes.join(' ')).toMatch(/latest known rate/);
  });

  it('no compensation when the invoice is not in euros, with a note; interest still runs', () => {
    const r = charges({ regime: 'FR', amount: '10000.00', currency: 'USD', due: '2025-03-31', asOf: '2025-04-30' });
    expect(amounts(r)).toEqual({ interest: '108.08', compensation: '0.00', total: '108.08' });
    expect(r.currency).toBe('USD');
    expect(r.notes.join(' ')).toMatch(/set in EUR and this invoice is in USD/);
  });

  it('refuses dates before the first rate row rather than invent a rate', () => {
    expect(() => charges({ regime: 'FR', amount: '1.00', due: '2018-05-31', asOf: '2019-02-01' })).toThrow(/no rate before 2019-01-01/);
  });
});

describe('France (B2C): legal rate, only from the formal notice', () => {
  it('without a notice: nothing, and the reason', () => {
    const r = charges({ regime: 'FR', consumer: true, amount: '10000.00', due: '2025-03-31', asOf: '2025-07-10' });
    expect(amounts(r).total).toBe('0.00');
    expect(r.notes.join(' ')).toMatch(/only from a formal notice/);
  });

  it('from the day after the notice, split per half-year, no €40', () => {
    // 21–30 June at 3.71: 10000 × 3.71 × 10 = 371,000; 1–10 July at 2.76: 10000 × 2.76 × 10 = 276,000
    // 647,000 / 36,500 = 17.7260… → 17.73
    const r = charges({ regime: 'FR', consumer: true, amount: '10000.00', due: '2025-05-31', asOf: '2025-07-10', notice: '2025-06-20' });
    expect(amounts(r)).toEqual({ interest: '17.73', compensation: '0.00', total: '17.73' });
    expect(r.segments.map((s) => [s.from, s.ratePercent])).toEqual([
      ['2025-06-21', '3.71'],
      ['2025-07-01', '2.76'],
    ]);
  });
});

describe('United Kingdom: base rate + 8, fixed for the life of the debt; £40/£70/£100', () => {
  it('keeps the rate of the half-year the debt became late in, across 1 July', () => {
    // late from 21 June 2025 (H1: 4.75 + 8 = 12.75), 21 June – 19 Aug = 10 + 31 + 19 = 60 days
    // 5000 × 12.75 × 60 / 36500 = 3,825,000 / 36,500 = 104.7945… → 104.79; + £70
    const r = charges({ regime: 'UK', amount: '5000.00', due: '2025-06-20', asOf: '2025-08-19' });
    expect(amounts(r)).toEqual({ interest: '104.79', compensation: '70.00', total: '174.79' });
    expect(r.segments.map((s) => [s.from, s.to, s.ratePercent])).toEqual([['2025-06-21', '2025-08-19', '12.75']]);
    expect(r.segments[0]!.rateSource).toMatch(/31 December 2024/);
  });

  it('a debt late from 1 July takes the 30 June rate', () => {
    // 1–30 July at 4.25 + 8 = 12.25: 5000 × 12.25 × 30 / 36500 = 50.3424… → 50.34
    expect(amounts(charges({ regime: 'UK', amount: '5000.00', due: '2025-06-30', asOf: '2025-07-30' })).interest).toBe('50.34');
  });

  // s. 5A says "less than £1,000" and "less than £10,000": each boundary amount opens the next band.
  it.each([
    ['0.01', '40.00'],
    ['999.99', '40.00'],
    ['1000.00', '70.00'],
    ['1000.01', '70.00'],
    ['9999.99', '70.00'],
    ['10000.00', '100.00'],
    ['10000.01', '100.00'],
  ])('£%s late → £%s fixed sum', (amount, fee) => {
    expect(amounts(charges({ regime: 'UK', amount, due: '2025-03-31', asOf: '2025-04-01' })).compensation).toBe(fee);
  });

  it('the band follows what was unpaid at the due date', () => {
    const r = charges({ regime: 'UK', amount: '12000.00', due: '2025-03-31', asOf: '2025-04-30', payments: [['2025-03-20', '3000.00']] });
    expect(amounts(r).compensation).toBe('70.00');
  });

  it('does not cover consumers', () => {
    const r = charges({ regime: 'UK', consumer: true, amount: '5000.00', due: '2025-03-31', asOf: '2025-04-30', notice: '2025-04-01' });
    expect(amounts(r).total).toBe('0.00');
    expect(r.notes.join(' ')).toMatch(/business debts only/);
  });
});

describe('Ireland: ECB + 8 per half-year; €40/€70/€100', () => {
  it('splits at 1 January', () => {
    // 17–31 Dec 2024 at 4.25 + 8 = 12.25: 10000 × 12.25 × 15 = 1,837,500; 1–15 Jan 2025 at 3.15 + 8 = 11.15: 1,672,500
    // 3,510,000 / 36,500 = 96.1643… → 96.16; €10,000 is in the €70 band
    const r = charges({ regime: 'IE', amount: '10000.00', due: '2024-12-16', asOf: '2025-01-15' });
    expect(amounts(r)).toEqual({ interest: '96.16', compensation: '70.00', total: '166.16' });
  });

  // The Schedule of S.I. 580/2012 says "not exceeding €1,000" and "not exceeding €10,000": each boundary amount
  // stays in the lower band.
  it.each([
    ['0.01', '40.00'],
    ['999.99', '40.00'],
    ['1000.00', '40.00'],
    ['1000.01', '70.00'],
    ['9999.99', '70.00'],
    ['10000.00', '70.00'],
    ['10000.01', '100.00'],
  ])('€%s late → €%s', (amount, fee) => {
    expect(amounts(charges({ regime: 'IE', amount, due: '2025-03-31', asOf: '2025-04-01' })).compensation).toBe(fee);
  });
});

describe('Germany: Basiszins + 9 (B2B) or + 5 (consumer, from the Mahnung)', () => {
  it('B2B, split at 1 July, €40', () => {
    // 16–30 June at 2.27 + 9 = 11.27: 1,690,500; 1–15 July at 1.27 + 9 = 10.27: 1,540,500 → 3,231,000 / 36,500 = 88.5205… → 88.52
    const r = charges({ regime: 'DE', amount: '10000.00', due: '2025-06-15', asOf: '2025-07-15' });
    expect(amounts(r)).toEqual({ interest: '88.52', compensation: '40.00', total: '128.52' });
  });

  it('a negative Basiszins still gives 8.12% (−0.88 + 9)', () => {
    // 10000 × 8.12 × 30 / 36500 = 66.7397… → 66.74
    expect(amounts(charges({ regime: 'DE', amount: '10000.00', due: '2021-03-31', asOf: '2021-04-30' })).interest).toBe('66.74');
  });

  it('consumer: from the day after the Mahnung, no Verzugspauschale', () => {
    // 2–31 May = 30 days at 2.27 + 5 = 7.27: 10000 × 7.27 × 30 / 36500 = 59.7534… → 59.75
    const r = charges({ regime: 'DE', consumer: true, amount: '10000.00', due: '2025-03-31', asOf: '2025-05-31', notice: '2025-05-01' });
    expect(amounts(r)).toEqual({ interest: '59.75', compensation: '0.00', total: '59.75' });
  });
});

describe('EU default: ECB + 8, €40', () => {
  it('30 days in January 2025', () => {
    // 2000 × 11.15 × 30 / 36500 = 669,000 / 36,500 = 18.3287… → 18.33
    expect(amounts(charges({ regime: 'EU', amount: '2000.00', due: '2024-12-31', asOf: '2025-01-30' }))).toEqual({
      interest: '18.33',
      compensation: '40.00',
      total: '58.33',
    });
  });
});

describe('input guards', () => {
  const base = { regime: 'FR' as const, amount: '100.00', due: '2025-03-31', asOf: '2025-04-30' };
  it.each([
    [{ amount: '-1.00' }, /must not be negative/],
    [{ currency: 'XYZ' }, /unknown currency "XYZ"/],
    [{ regime: 'ES' as never }, /unknown regime "ES"/],
    [{ regime: 'custom' as const }, /custom regime needs custom settings/],
  ])('%o is refused', (patch, message) => {
    expect(() => charges({ ...base, ...patch })).toThrow(message);
  });

  it('refuses a payment in another currency or a negative one', () => {
    const input = chargeInput(base);
    const pay = (minor: number, currency: string) =>
      statutoryCharges({ ...input, payments: [{ date: input.asOf, amount: money(minor, currency) }] });
    expect(() => pay(100, 'GBP')).toThrow(/in GBP, the invoice in EUR/);
    expect(() => pay(-100, 'EUR')).toThrow(/negative/);
  });
});

describe('regimeFor', () => {
  it.each([
    ['FR', false, 'FR'],
    ['fr', true, 'FR'],
    ['GB', false, 'UK'],
    ['GB', true, 'none'],
    ['DE', true, 'DE'],
    ['IE', false, 'IE'],
    ['IE', true, 'none'],
    ['IT', false, 'EU'],
    ['IT', true, 'none'],
    ['US', false, 'none'],
    ['CH', false, 'none'],
  ] as const)('%s consumer=%s → %s', (country, consumer, regime) => {
    expect(regimeFor(country, consumer)).toBe(regime);
  });
});

describe('a flat €40 where the law sets one sum whatever the debt (FR D441-5, BGB §288(5), Directive 2011/7/EU art. 6)', () => {
  // The UK and Irish band edges must not leak into the flat regimes.
  it.each([
    ['FR', '0.01'],
    ['FR', '1000.00'],
    ['FR', '10000.00'],
    ['FR', '10000.01'],
    ['DE', '0.01'],
    ['DE', '1000.00'],
    ['DE', '10000.00'],
    ['DE', '10000.01'],
    ['EU', '0.01'],
    ['EU', '1000.00'],
    ['EU', '10000.00'],
    ['EU', '10000.01'],
  ] as const)('%s: €%s late → €40.00', (regime, amount) => {
    expect(amounts(charges({ regime, amount, due: '2025-03-31', asOf: '2025-04-01' })).compensation).toBe('40.00');
  });
});
