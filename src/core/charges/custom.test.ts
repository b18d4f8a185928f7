import { describe, expect, it } from 'vitest';
import { amounts, charges, type Case } from './fixtures.ts';

const invoice = { regime: 'custom' as const, amount: '1000.00', due: '2025-03-31' };
const custom = (c: Case['custom'], asOf: string, more: Partial<Case> = {}) => charges({ ...invoice, asOf, custom: c, ...more });

describe('custom terms', () => {
  it('a fixed fee falls due on the day after the grace period, once', () => {
    expect(amounts(custom({ fixedFee: '25.00', graceDays: 5 }, '2025-04-05')).total).toBe('0.00');
    const r = custom({ fixedFee: '25.00', graceDays: 5 }, '2025-04-06');
    expect(amounts(r)).toEqual({ interest: '0.00', compensation: '25.00', total: '25.00' });
    expect(amounts(custom({ fixedFee: '25.00', graceDays: 5 }, '2025-12-31')).total).toBe('25.00');
  });

  it('a fee that repeats every 30 days, on the balance then unpaid', () => {
    // 2% × 1000 on 1 April, then 2% × 600 on 1 May (400 paid on 20 April); 31 May is past as-of
    const r = custom({ percentOfBalance: 2, repeatEveryDays: 30 }, '2025-05-30', { payments: [['2025-04-20', '400.00']] });
    expect(r.fees.map((f) => [f.date, f.amount])).toEqual([
      ['2025-04-01', '20.00'],
      ['2025-05-01', '12.00'],
    ]);
    expect(amounts(r).compensation).toBe('32.00');
    expect(r.fees[1]!.formula).toBe('2% × 600.00 = 12.00');
  });

  it('fixed fee and percentage together', () => {
    // 10.00 + 1.5% × 1000.00 = 25.00
    const r = custom({ fixedFee: '10.00', percentOfBalance: 1.5 }, '2025-04-01');
    expect(amounts(r).compensation).toBe('25.00');
    expect(r.fees[0]!.formula).toBe('10.00 + 1.5% × 1000.00 = 25.00');
  });

  it('an annual rate accrues daily after the grace days', () => {
    // 11–30 April = 20 days: 1000 × 12 × 20 / 36500 = 6.5753… → 6.58
    const r = custom({ annualRatePercent: 12, graceDays: 10 }, '2025-04-30');
    expect(amounts(r)).toEqual({ interest: '6.58', compensation: '0.00', total: '6.58' });
    expect(r.segments[0]).toMatchObject({ from: '2025-04-11', days: 20, ratePercent: '12' });
    expect(r.segments[0]!.rateSource).toMatch(/custom policy: 12\.00% a year accrued daily/);
  });

  it('nothing below the minimum balance', () => {
    expect(amounts(custom({ fixedFee: '25.00', minimumBalance: '1000.01' }, '2025-04-30')).total).toBe('0.00');
    expect(amounts(custom({ fixedFee: '25.00', minimumBalance: '1000.00' }, '2025-04-30')).total).toBe('25.00');
    // the balance drops under the minimum on 11 April: 10 days of 12% on 1000 = 3.2876… → 3.29, then nothing
    const r = custom({ annualRatePercent: 12, minimumBalance: '500.00' }, '2025-04-30', { payments: [['2025-04-10', '600.00']] });
    expect(amounts(r).interest).toBe('3.29');
  });

  it('the cap bounds fees and interest together', () => {
    // fees of 25 on 1, 11, 21 April and 1 May = 100, capped at 60; interest 0 after the cap
    const r = custom({ fixedFee: '25.00', repeatEveryDays: 10, annualRatePercent: 10, cap: '60.00' }, '2025-05-01');
    expect(amounts(r)).toEqual({ interest: '0.00', compensation: '60.00', total: '60.00' });
    expect(r.notes.join(' ')).toMatch(/capped at 60\.00 EUR/);
    // 25 of fees + 31 days of 10% on 1000 (8.4931…) = 33.49 is under a cap of 40
    expect(amounts(custom({ fixedFee: '25.00', annualRatePercent: 10, cap: '40.00' }, '2025-05-01')).total).toBe('33.49');
  });

  it('refuses settings the policy would refuse', () => {
    expect(() => custom({ fixedFee: '-5' }, '2025-04-30')).toThrow(/custom charges: .*fixedFee/);
  });
});
