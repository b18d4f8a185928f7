import { Decimal } from 'decimal.js';
import { type CalendarDate, addDays, isCalendarDate, maxDate } from '../calendar.ts';
import { isCurrency, toDecimalString } from '../money.ts';
import { customCharges } from './custom.ts';
import { Exact, accrue, balanceOn, constantRate } from './interest.ts';
import { type RateTable, rateOn } from './rates.ts';
import { type StatutoryRegime, STATUTORY, compensationFor, statutoryTimeline } from './regimes.ts';
import { type ExactCharges, nothing, settle } from './result.ts';
import { ChargeInputError, REGIMES, type ChargeInput, type ChargeResult, type Payment } from './types.ts';

/**
 * Late-payment charges on one invoice on `asOf`: statutory interest (simple, 365-day year, from the day after the due
 * date, per balance and per rate period) and the fixed compensation, rounded once. Pure: the same input always gives
 * the same charges, however often a reminder asks for them.
 */
export function statutoryCharges(input: ChargeInput): ChargeResult {
  const payments = checkInput(input);
  const checked: ChargeInput = { ...input, payments };
  return settle(checked, exactCharges(checked));
}

function exactCharges(input: ChargeInput): ExactCharges {
  if (input.regime === 'custom') return customCharges(input);
  const regime = STATUTORY[input.regime];
  const firstLateDay = addDays(input.dueDate, 1);
  if (regime.contractFloor && !input.consumer && input.contractRatePercent != null)
    checkContractFloor(regime.contractFloor, input.contractRatePercent, firstLateDay, maxDate(input.asOf, firstLateDay));
  if (input.asOf < firstLateDay) return nothing(`not late on ${input.asOf}: charges run from ${firstLateDay}`);
  const unpaidAtDue = balanceOn(input.principal, input.payments, firstLateDay);
  if (unpaidAtDue.minor === 0) return nothing('paid by the due date: no charges');
  return input.consumer ? consumerCharges(input, regime) : businessCharges(input, regime, unpaidAtDue.minor);
}

function businessCharges(input: ChargeInput, regime: StatutoryRegime, unpaidAtDueMinor: number): ExactCharges {
  const firstLateDay = addDays(input.dueDate, 1);
  const notes: string[] = [];
  const contract = input.contractRatePercent;
  const timeline =
    contract != null
      ? constantRate(
          new Decimal(String(contract)),
          `contract rate ${contract.toFixed(2)}% agreed with the customer, in place of the statutory rate`,
        )
      : statutoryTimeline(regime.business, firstLateDay);
  const { segments, exact } = accrue({
    start: firstLateDay,
    end: input.asOf,
    principal: input.principal,
    payments: input.payments,
    timeline,
  });

  let compensation = new Exact(0);
  if (input.principal.currency === regime.currency) {
    compensation = new Exact(compensationFor(regime, unpaidAtDueMinor)).dividedBy(100);
  } else {
    notes.push(
      `the fixed compensation is set in ${regime.currency} and this invoice is in ${input.principal.currency}: it is left out (claim its equivalent yourself if you wish)`,
    );
  }
  if (segments.some((s) => s.stale))
    notes.push('a rate table has no row for part of this period: the latest known rate was used; add the new rate to the table');
  return { interest: exact, compensation, segments, notes };
}

/** Consumers owe no fixed compensation, and interest only from a formal notice, where the law covers them at all. */
function consumerCharges(input: ChargeInput, regime: StatutoryRegime): ExactCharges {
  const rule = regime.consumer;
  if (!rule) return nothing(`${regime.business.law} covers business debts only: no statutory charges on a consumer's invoice`);
  const notes = ['no fixed compensation is owed by a consumer'];
  if (input.contractRatePercent != null) notes.push('the contract rate is not applied to a consumer: the legal rate is');
  if (!input.formalNoticeDate)
    return nothing(
      ...notes,
      'a consumer owes interest only from a formal notice (mise en demeure / Mahnung): none has been sent, so no interest yet',
    );
  const start = maxDate(addDays(input.dueDate, 1), addDays(input.formalNoticeDate, 1));
  notes.push(`interest runs from the day after the formal notice of ${input.formalNoticeDate}`);
  const { segments, exact } = accrue({
    start,
    end: input.asOf,
    principal: input.principal,
    payments: input.payments,
    timeline: statutoryTimeline(rule, start),
  });
  return { interest: exact, compensation: new Exact(0), segments, notes };
}

export type ContractFloor = {
  legalPercent: string;
  floorPercent: string;
  from: CalendarDate;
  to: CalendarDate;
  source: string;
  stale: boolean;
};

/** France: the lowest contract rate the law allows on `date` (3 × the legal rate of that half-year). */
export function frenchContractFloor(date: CalendarDate): ContractFloor {
  return contractFloorOn(STATUTORY.FR.contractFloor!, date);
}

function contractFloorOn(floor: { table: RateTable; multiple: number }, date: CalendarDate): ContractFloor {
  const r = rateOn(floor.table, date);
  return {
    legalPercent: r.rate.toFixed(2),
    floorPercent: r.rate.times(floor.multiple).toFixed(2),
    from: r.row.from,
    to: r.row.to,
    source: r.row.source,
    stale: r.stale,
  };
}

function checkContractFloor(
  floor: { table: RateTable; multiple: number },
  ratePercent: number,
  from: CalendarDate,
  to: CalendarDate,
): void {
  for (let day = from; day <= to; ) {
    const f = contractFloorOn(floor, day);
    if (new Decimal(String(ratePercent)).lessThan(f.floorPercent))
      throw new ChargeInputError(
        `contract rate ${ratePercent.toFixed(2)}% is under the French floor of 3 × the legal rate ${f.legalPercent}% = ${f.floorPercent}% ` +
          `for ${f.from}…${f.to} (Code de commerce L441-10): set at least ${f.floorPercent}% or drop the contract rate to use ECB + 10 points`,
      );
    if (f.stale) break;
    day = addDays(f.to, 1);
  }
}

/** Guard clauses for everything a caller might get wrong; returns the payments received by `asOf`. */
function checkInput(input: ChargeInput): Payment[] {
  const { principal } = input;
  if (!(REGIMES as readonly string[]).includes(input.regime))
    throw new ChargeInputError(`unknown regime "${input.regime}": use one of ${REGIMES.join(', ')}`);
  if (!isCurrency(principal.currency))
    throw new ChargeInputError(`unknown currency "${principal.currency}": use an ISO 4217 code such as EUR or GBP`);
  if (principal.minor < 0) throw new ChargeInputError(`the amount must not be negative (got ${toDecimalString(principal)})`);
  for (const [name, date] of [
    ['due date', input.dueDate],
    ['as-of date', input.asOf],
    ['formal notice date', input.formalNoticeDate],
  ] as const)
    if (date != null && !isCalendarDate(date)) throw new ChargeInputError(`the ${name} "${date}" is not a calendar date: use YYYY-MM-DD`);
  if (input.contractRatePercent != null && !(input.contractRatePercent >= 0 && input.contractRatePercent <= 100))
    throw new ChargeInputError(`the contract rate ${input.contractRatePercent}% must be an annual percentage between 0 and 100`);
  for (const p of input.payments) {
    if (!isCalendarDate(p.date)) throw new ChargeInputError(`payment date "${p.date}" is not a calendar date: use YYYY-MM-DD`);
    if (p.amount.currency !== principal.currency)
      throw new ChargeInputError(`payment of ${p.date} is in ${p.amount.currency}, the invoice in ${principal.currency}: convert it first`);
    if (p.amount.minor < 0)
      throw new ChargeInputError(`payment of ${p.date} is negative (${toDecimalString(p.amount)}): record refunds separately`);
  }
  return input.payments.filter((p) => p.date <= input.asOf);
}
