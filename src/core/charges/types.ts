import type { CalendarDate } from '../calendar.ts';
import type { Money } from '../money.ts';
import type { ChargeSettings } from '../policy.ts';

/** The regimes relance computes. `ChargeSettings['regime']` adds 'auto' (see regimeFor) and 'none'. */
export const REGIMES = ['FR', 'UK', 'DE', 'IE', 'EU', 'custom'] as const;
export type Regime = (typeof REGIMES)[number];

export type CustomCharges = NonNullable<ChargeSettings['custom']>;

export type Payment = { date: CalendarDate; amount: Money };

export type ChargeInput = {
  regime: Regime;
  /** The debtor is a private person (B2C). */
  consumer: boolean;
  /** The invoice total including tax: interest runs on the amount with tax. */
  principal: Money;
  dueDate: CalendarDate;
  /** The day the charges are computed to, inclusive ("today" in the organisation's zone). */
  asOf: CalendarDate;
  /** Payments and credits received, in the invoice's currency. Those after `asOf` are ignored. */
  payments: readonly Payment[];
  /** Replaces the statutory rate (annual %); in France it must be ≥ 3 × the legal rate. */
  contractRatePercent?: number | null;
  custom?: CustomCharges | null;
  /** Consumers owe interest only from a formal notice (mise en demeure, Mahnung). */
  formalNoticeDate?: CalendarDate | null;
};

/** A run of days at one balance and one rate. `from` and `to` are both accrual days (inclusive). */
export type Segment = {
  from: CalendarDate;
  to: CalendarDate;
  days: number;
  principal: Money;
  /** Annual rate as a decimal string, e.g. "13.15". */
  ratePercent: string;
  /** principal × rate × days / 36500, unrounded. */
  amount: string;
  rateSource: string;
  /** The rate table had no row for these days: its latest row was used. */
  stale: boolean;
};

/** A custom fee that fell due on `date` (fixed fee and/or a percentage of the balance). */
export type FeeCharge = { date: CalendarDate; amount: string; formula: string };

export type ChargeResult = {
  interest: Money;
  compensation: Money;
  /** interest + compensation, exactly: the total is rounded once and the interest is what remains of it. */
  total: Money;
  currency: string;
  regime: Regime;
  segments: Segment[];
  stale: boolean;
  notes: string[];
  consumer: boolean;
  dueDate: CalendarDate;
  asOf: CalendarDate;
  /** What is still unpaid of the principal on `asOf`. */
  balance: Money;
  /** Custom regime only: each fee and how it was computed. */
  fees: FeeCharge[];
};

/** Input the law or the settings refuse: the message says what is wrong and what to do. */
export class ChargeInputError extends Error {
  override name = 'ChargeInputError';
}
