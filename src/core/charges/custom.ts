import { type CalendarDate, addDays } from '../calendar.ts';
import { minorDigits, toDecimal, toDecimalString } from '../money.ts';
import { chargeSettingsSchema } from '../policy.ts';
import { Exact, accrue, balanceOn, constantRate } from './interest.ts';
import { type ExactCharges, nothing } from './result.ts';
import { ChargeInputError, type ChargeInput, type CustomCharges, type FeeCharge } from './types.ts';

const customSchema = chargeSettingsSchema.shape.custom;

export function parseCustom(custom: unknown): CustomCharges {
  const parsed = customSchema.safeParse(custom);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
    throw new ChargeInputError(`custom charges: ${issues.join('; ')}`);
  }
  if (!parsed.data) throw new ChargeInputError('the custom regime needs custom settings (a fee, a percentage or a rate)');
  return parsed.data;
}

/**
 * The owner's own terms. Grace days are free: the first fee falls due, and interest starts, on the day after the grace
 * period. A repeating fee falls due again every N days, on the balance then unpaid (never on earlier fees or interest).
 * Below the minimum balance no fee falls due and no interest accrues. The cap bounds fees + interest; fees count first.
 */
export function customCharges(input: ChargeInput): ExactCharges {
  const s = parseCustom(input.custom);
  const start = addDays(input.dueDate, s.graceDays + 1);
  if (input.asOf < start) return nothing(`within the grace period: custom charges start on ${start}`);
  const minimum = s.minimumBalance === null ? null : new Exact(s.minimumBalance);
  const notes: string[] = [];

  const rate = s.annualRatePercent === null ? null : new Exact(String(s.annualRatePercent));
  const { segments, exact: interest } = rate
    ? accrue({
        start,
        end: input.asOf,
        principal: input.principal,
        payments: input.payments,
        minimumBalance: minimum,
        timeline: constantRate(rate, `custom policy: ${rate.toFixed(2)}% a year accrued daily on the unpaid balance, 365-day year`),
      })
    : { segments: [], exact: new Exact(0) };

  const fees = feesDue(input, s, start, minimum);
  const feeTotal = fees.reduce((acc, f) => acc.plus(f.amount), new Exact(0));
  let compensation = feeTotal;
  let cappedInterest = interest;
  if (s.cap !== null) {
    const cap = new Exact(s.cap);
    if (feeTotal.plus(interest).greaterThan(cap)) {
      compensation = Exact.min(feeTotal, cap);
      cappedInterest = Exact.min(interest, cap.minus(compensation));
      notes.push(
        `capped at ${s.cap} ${input.principal.currency} (fees ${feeTotal.toFixed()} + interest ${interest.toFixed()} before the cap)`,
      );
    }
  }
  if (minimum) notes.push(`nothing is charged while the balance is under ${s.minimumBalance} ${input.principal.currency}`);
  return { interest: cappedInterest, compensation, segments, notes, fees };
}

function feesDue(input: ChargeInput, s: CustomCharges, start: CalendarDate, minimum: Exact | null): FeeCharge[] {
  if (s.fixedFee === null && s.percentOfBalance === null) return [];
  const every = s.repeatEveryDays;
  const dates: CalendarDate[] = [start];
  if (every) for (let d = addDays(start, every); d <= input.asOf; d = addDays(d, every)) dates.push(d);
  const fees: FeeCharge[] = [];
  for (const date of dates) {
    const balance = balanceOn(input.principal, input.payments, date);
    const unpaid = new Exact(toDecimal(balance));
    if (balance.minor === 0 || (minimum && unpaid.lessThan(minimum))) continue;
    const fixed = new Exact(s.fixedFee ?? 0);
    const pct = new Exact(String(s.percentOfBalance ?? 0));
    const exact = fixed.plus(unpaid.times(pct).dividedBy(100));
    const amount = exact.toFixed(Math.max(minorDigits(balance.currency), exact.decimalPlaces()));
    const parts = [
      s.fixedFee !== null ? `${s.fixedFee}` : null,
      s.percentOfBalance !== null ? `${pct.toFixed()}% × ${toDecimalString(balance)}` : null,
    ];
    fees.push({ date, amount, formula: `${parts.filter(Boolean).join(' + ')} = ${amount}` });
  }
  return fees;
}
