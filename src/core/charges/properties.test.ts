import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, daysBetween } from '../calendar.ts';
import { money } from '../money.ts';
import { statutoryCharges } from './statutory.ts';
import type { ChargeInput, ChargeResult, CustomCharges, Regime } from './types.ts';

const EPOCH = calendarDate('2019-01-01');
const day = (max = 2900) => fc.integer({ min: 0, max }).map((n) => addDays(EPOCH, n));
const currencyOf = (regime: Regime) => (regime === 'UK' ? 'GBP' : 'EUR');

const customArb: fc.Arbitrary<CustomCharges> = fc.record({
  fixedFee: fc.option(fc.integer({ min: 0, max: 10_000 }).map((c) => (c / 100).toFixed(2))),
  percentOfBalance: fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => n / 100)),
  annualRatePercent: fc.option(fc.integer({ min: 0, max: 3000 }).map((n) => n / 100)),
  graceDays: fc.integer({ min: 0, max: 30 }),
  minimumBalance: fc.option(fc.integer({ min: 0, max: 200_000 }).map((c) => (c / 100).toFixed(2))),
  cap: fc.option(fc.integer({ min: 0, max: 100_000 }).map((c) => (c / 100).toFixed(2))),
  repeatEveryDays: fc.option(fc.integer({ min: 1, max: 60 })),
});

/** Any invoice under any regime, with payments in its currency and an as-of from before the due date to years after. */
const inputArb: fc.Arbitrary<ChargeInput> = fc
  .record({
    regime: fc.constantFrom<Regime>('FR', 'UK', 'DE', 'IE', 'EU', 'custom'),
    consumer: fc.boolean(),
    minor: fc.integer({ min: 0, max: 5_000_000_00 }),
    due: day(),
    asOfOffset: fc.integer({ min: -40, max: 900 }),
    notice: fc.option(fc.integer({ min: -10, max: 400 })),
    payments: fc.array(fc.record({ offset: fc.integer({ min: -30, max: 900 }), minor: fc.integer({ min: 0, max: 2_000_000_00 }) }), {
      maxLength: 4,
    }),
    custom: customArb,
  })
  .map((r) => {
    const currency = currencyOf(r.regime);
    return {
      regime: r.regime,
      consumer: r.consumer,
      principal: money(r.minor, currency),
      dueDate: r.due,
      asOf: addDays(r.due, r.asOfOffset),
      payments: r.payments.map((p) => ({ date: addDays(r.due, p.offset), amount: money(p.minor, currency) })),
      formalNoticeDate: r.notice === null ? null : addDays(r.due, r.notice),
      custom: r.regime === 'custom' ? r.custom : null,
    };
  });

const total = (i: ChargeInput): number => statutoryCharges(i).total.minor;
const later = (i: ChargeInput, days: number): ChargeInput => ({ ...i, asOf: addDays(i.asOf, days) });

describe('charges, for any invoice', () => {
  it('are zero before and at the due date', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 40 }), (i, back) => {
        const r = statutoryCharges({ ...i, asOf: addDays(i.dueDate, -back) });
        expect([r.interest.minor, r.compensation.minor, r.total.minor]).toEqual([0, 0, 0]);
        expect(r.segments).toEqual([]);
      }),
    );
  });

  it('never decrease as days go by', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 400 }), (i, days) => {
        expect(total(later(i, days))).toBeGreaterThanOrEqual(total(i));
      }),
    );
  });

  it('never decrease with the amount', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 1_000_000_00 }), (i, more) => {
        expect(total({ ...i, principal: money(i.principal.minor + more, i.principal.currency) })).toBeGreaterThanOrEqual(total(i));
      }),
    );
  });

  it('only go down when a payment is added', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: -30, max: 900 }), fc.integer({ min: 0, max: 1_000_000_00 }), (i, offset, minor) => {
        const paid = { date: addDays(i.dueDate, offset), amount: money(minor, i.principal.currency) };
        expect(total({ ...i, payments: [...i.payments, paid] })).toBeLessThanOrEqual(total(i));
      }),
    );
  });

  it('do not change when the delay is split at a day where nothing changes (a zero payment)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 900 }), (i, offset) => {
        const split = { date: addDays(i.dueDate, offset), amount: money(0, i.principal.currency) };
        expect(total({ ...i, payments: [...i.payments, split] })).toBe(total(i));
      }),
    );
  });

  it('over a stretch at one rate (FR 2019–2022: ECB 0 + 10) equal the one-line formula to the cent, however many half-years it crosses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1460 }),
        fc.integer({ min: 1, max: 1400 }),
        fc.integer({ min: 1, max: 1_000_000_00 }),
        (dueN, daysLate, minor) => {
          const dueDate = addDays(EPOCH, dueN);
          const asOf = addDays(dueDate, daysLate);
          fc.pre(asOf <= '2022-12-31');
          const r = statutoryCharges({ regime: 'FR', consumer: false, principal: money(minor, 'EUR'), dueDate, asOf, payments: [] });
          // minor × 10 × days / 36500 in cents, half-up: integer arithmetic, no floats
          const numerator = BigInt(minor) * 10n * BigInt(daysLate);
          const expected = (numerator * 2n + 36_500n) / 73_000n;
          expect(BigInt(r.interest.minor)).toBe(expected);
        },
      ),
    );
  });

  it('give the same compensation whenever and however often they are computed', () => {
    fc.assert(
      fc.property(
        inputArb.filter((i) => i.regime !== 'custom'),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 700 }),
        (i, a, b) => {
          const at = (days: number) => statutoryCharges({ ...i, asOf: addDays(i.dueDate, days) }).compensation.minor;
          expect(at(a)).toBe(at(b));
          expect(statutoryCharges(i)).toEqual(statutoryCharges(i));
        },
      ),
    );
  });

  it('total exactly interest + compensation, in the invoice currency', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const r: ChargeResult = statutoryCharges(i);
        expect(r.total.minor).toBe(r.interest.minor + r.compensation.minor);
        expect(r.interest.minor).toBeGreaterThanOrEqual(0);
        expect([r.interest.currency, r.compensation.currency, r.total.currency]).toEqual([
          i.principal.currency,
          i.principal.currency,
          i.principal.currency,
        ]);
        expect(r.stale).toBe(r.segments.some((s) => s.stale));
        const covered = r.segments.reduce((n, s) => n + s.days, 0);
        expect(covered).toBeLessThanOrEqual(Math.max(0, daysBetween(i.dueDate, i.asOf)));
      }),
    );
  });
});
