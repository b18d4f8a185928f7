import { addDays } from '../calendar.ts';
import { fromDecimal, subtract } from '../money.ts';
import { Exact, balanceOn } from './interest.ts';
import type { ChargeInput, ChargeResult, FeeCharge, Segment } from './types.ts';

export type ExactCharges = {
  interest: Exact;
  compensation: Exact;
  segments: Segment[];
  notes: string[];
  fees?: FeeCharge[];
};

export const nothing = (...notes: string[]): ExactCharges => ({
  interest: new Exact(0),
  compensation: new Exact(0),
  segments: [],
  notes,
});

/**
 * The one rounding: the exact total, half-up to the minor unit. The compensation is rounded on its own (it is a whole
 * amount in every statutory regime) and the interest is what remains, so interest + compensation = total exactly.
 */
export function settle(input: ChargeInput, c: ExactCharges): ChargeResult {
  const currency = input.principal.currency;
  const total = fromDecimal(c.interest.plus(c.compensation), currency);
  const compensation = fromDecimal(c.compensation, currency);
  return {
    interest: subtract(total, compensation),
    compensation,
    total,
    currency,
    regime: input.regime,
    segments: c.segments,
    stale: c.segments.some((s) => s.stale),
    notes: c.notes,
    consumer: input.consumer,
    dueDate: input.dueDate,
    asOf: input.asOf,
    balance: balanceOn(input.principal, input.payments, addDays(input.asOf, 1)),
    fees: c.fees ?? [],
  };
}
