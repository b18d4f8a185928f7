import { Decimal } from 'decimal.js';
import { type CalendarDate, addDays, daysBetween } from '../calendar.ts';
import { type Money, money, toDecimal } from '../money.ts';
import type { Payment, Segment } from './types.ts';

/** Enough digits that principal × rate × days never rounds: the only rounding is the final one, to the minor unit. */
export const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Exact = InstanceType<typeof Exact>;

/** Segment amounts are shown to this many places; the total is summed from exact numerators, not from these. */
const AMOUNT_PLACES = 10;

/** The laws' year basis, leap years included. */
const DAY_BASIS = 365;

export type RateOn = { rate: Decimal; source: string; stale: boolean };
/** An annual rate for each accrual day, and the days where it may change. */
export type RateTimeline = { changes: readonly CalendarDate[]; on(day: CalendarDate): RateOn };

export const constantRate = (rate: Decimal, source: string): RateTimeline => ({
  changes: [],
  on: () => ({ rate, source, stale: false }),
});

/** balance × rate% × days, before the division by 100 × 365 that is done once on the sum. */
const interestNumerator = (balance: Money, rate: Decimal, days: number): Exact => new Exact(toDecimal(balance)).times(rate).times(days);
const shown = (numerator: Exact): string =>
  numerator
    .dividedBy(100 * DAY_BASIS)
    .toDecimalPlaces(AMOUNT_PLACES)
    .toFixed();

/**
 * What is unpaid on accrual day `day`. A payment received on day D still leaves D accruing on the amount before it:
 * the laws count days late as (payment date − due date), so the payment day is the last day late for that part.
 */
export function balanceOn(principal: Money, payments: readonly Payment[], day: CalendarDate): Money {
  const paid = payments.filter((p) => p.date < day).reduce((n, p) => n + p.amount.minor, 0);
  return money(Math.max(0, principal.minor - paid), principal.currency);
}

/**
 * Simple interest over the accrual days `start`…`end` (both inclusive), split wherever the balance or the rate changes.
 * Returns the segments and their exact sum; nothing is rounded here.
 */
export function accrue(args: {
  start: CalendarDate;
  end: CalendarDate;
  principal: Money;
  payments: readonly Payment[];
  timeline: RateTimeline;
  /** Below this balance nothing accrues (custom policies). */
  minimumBalance?: Decimal | null;
}): { segments: Segment[]; exact: Exact } {
  const { start, end, principal, payments, timeline } = args;
  if (end < start) return { segments: [], exact: new Exact(0) };
  const cuts = new Set<CalendarDate>([start]);
  for (const p of payments) cuts.add(addDays(p.date, 1));
  for (const c of timeline.changes) cuts.add(c);
  const starts = [...cuts].filter((c) => c >= start && c <= end).sort();

  const segments: Segment[] = [];
  let numerators = new Exact(0);
  starts.forEach((from, i) => {
    const next = starts[i + 1];
    const to = next ? addDays(next, -1) : end;
    const balance = balanceOn(principal, payments, from);
    if (balance.minor === 0) return;
    if (args.minimumBalance && toDecimal(balance).lessThan(args.minimumBalance)) return;
    const { rate, source, stale } = timeline.on(from);
    const days = daysBetween(from, to) + 1;
    const numerator = interestNumerator(balance, rate, days);
    numerators = numerators.plus(numerator);
    const last = segments[segments.length - 1];
    if (
      last &&
      last.principal.minor === balance.minor &&
      last.ratePercent === rate.toFixed() &&
      last.rateSource === source &&
      last.stale === stale &&
      addDays(last.to, 1) === from
    ) {
      last.to = to;
      last.days += days;
      last.amount = shown(interestNumerator(balance, rate, last.days));
      return;
    }
    segments.push({
      from,
      to,
      days,
      principal: balance,
      ratePercent: rate.toFixed(),
      amount: shown(numerator),
      rateSource: source,
      stale,
    });
  });
  return { segments, exact: numerators.dividedBy(100 * DAY_BASIS) };
}
