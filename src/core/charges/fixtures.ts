import { calendarDate } from '../calendar.ts';
import { parseMoney, toDecimalString } from '../money.ts';
import { statutoryCharges } from './statutory.ts';
import type { ChargeInput, ChargeResult, CustomCharges, Regime } from './types.ts';

/** Test shorthand: amounts and dates as the reference writes them. */
export type Case = {
  regime: Regime;
  amount: string;
  currency?: string;
  due: string;
  asOf: string;
  payments?: [date: string, amount: string][];
  consumer?: boolean;
  contractRate?: number;
  notice?: string;
  custom?: Partial<CustomCharges>;
};

export function chargeInput(c: Case): ChargeInput {
  const currency = c.currency ?? (c.regime === 'UK' ? 'GBP' : 'EUR');
  return {
    regime: c.regime,
    consumer: c.consumer ?? false,
    principal: parseMoney(c.amount, currency),
    dueDate: calendarDate(c.due),
    asOf: calendarDate(c.asOf),
    payments: (c.payments ?? []).map(([date, amount]) => ({ date: calendarDate(date), amount: parseMoney(amount, currency) })),
    contractRatePercent: c.contractRate ?? null,
    formalNoticeDate: c.notice ? calendarDate(c.notice) : null,
    custom: c.custom
      ? {
          fixedFee: null,
          percentOfBalance: null,
          annualRatePercent: null,
          graceDays: 0,
          minimumBalance: null,
          cap: null,
          repeatEveryDays: null,
          ...c.custom,
        }
      : null,
  };
}

export const charges = (c: Case): ChargeResult => statutoryCharges(chargeInput(c));

/** "108.08"-style strings of a result's totals, for readable expectations. */
export const amounts = (r: ChargeResult) => ({
  interest: toDecimalString(r.interest),
  compensation: toDecimalString(r.compensation),
  total: toDecimalString(r.total),
});
