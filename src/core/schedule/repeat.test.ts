import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localDate, zonedInstant, type CalendarDate } from '../calendar.ts';
import { policySchema, type Policy } from '../policy.ts';
import type { Decision, ReminderRecord } from '../reminder.ts';
import { nextActionOn } from './next-action.ts';
import { dueSteps } from './plan.ts';
import { aContact, anInvoice, aPolicy, aRecord, day, wall } from './testkit.ts';

// Due Tue 3 Mar 2026: friendly 4 Mar, final 2 Apr; the final comes back every 14 days, twice at most.
const policy = aPolicy({
  steps: [
    { key: 'friendly', offsetDays: 1, tone: 'warm', template: 'friendly', channel: 'email', charges: 'none', requiresApproval: false },
    { key: 'final', offsetDays: 30, tone: 'firm', template: 'final', channel: 'email', charges: 'claim', requiresApproval: false },
  ],
  repeatLast: { everyDays: 14, max: 2 },
  minDaysBetweenContacts: 0,
});
const sent = (stepKey: string, at: string): ReminderRecord => aRecord({ stepKey, state: 'sent', at });
const upToFinal = [sent('friendly', '2026-03-04T09:00:00Z'), sent('final', '2026-04-02T09:00:00Z')];

function run(now: Date, history: ReminderRecord[], p: Policy = policy, invoice: Parameters<typeof anInvoice>[0] = {}) {
  return dueSteps({
    now,
    zone: 'Europe/Paris',
    policies: { default: p, rules: [] },
    invoices: [anInvoice(invoice)],
    contacts: [aContact()],
    answers: [],
    history,
  }).decisions;
}
const summary = (d: Decision): string =>
  d.kind === 'hold' ? `hold ${d.reason} ${d.stepKey ?? '-'} ${d.until ?? '-'}` : `${d.kind} ${d.step.key} ${d.dueOn}`;

describe('repeatLast: the last step comes back', () => {
  it('every everyDays after it went out, as a reminder of its own with the same channel, tone, template and charges', () => {
    expect(run(wall('2026-04-10', 10), upToFinal).map(summary)).toEqual(['hold not-yet-due final~1 2026-04-16']);
    const [d] = run(wall('2026-04-16', 10), upToFinal);
    expect(summary(d as Decision)).toBe('send final~1 2026-04-16');
    expect(d).toMatchObject({
      step: { key: 'final~1', channel: 'email', tone: 'firm', template: 'final', charges: 'claim', offsetDays: 30 },
    });
    expect(d?.why).toBe('INV-0001: final reminder (repeat 1 of 2) due today (44 days after the due date, 3 Mar 2026).');
  });

  it('counts from the day the previous one went out, in the organisation zone', () => {
    // the final went out late (Sunday 5 April 23:30 in Paris, 21:30 UTC): the repeat is 14 days after 5 April
    const late = [sent('friendly', '2026-03-04T09:00:00Z'), sent('final', '2026-04-05T21:30:00Z')];
    expect(run(wall('2026-04-10', 10), late).map(summary)).toEqual(['hold not-yet-due final~1 2026-04-19']);
    expect(nextActionOn(anInvoice(), aContact(), [], late, policy, 'Europe/Paris')).toBe('2026-04-19');
    // read in Auckland it was already the 6th
    expect(nextActionOn(anInvoice(), aContact(), [], late, policy, 'Pacific/Auckland')).toBe('2026-04-20');
  });

  it('the second counts from the first; then it stops', () => {
    const first = [...upToFinal, sent('final~1', '2026-04-20T08:00:00Z')];
    expect(run(wall('2026-04-21', 10), first).map(summary)).toEqual(['hold not-yet-due final~2 2026-05-04']);
    expect(nextActionOn(anInvoice(), aContact(), [], first, policy)).toBe('2026-05-04');
    const both = [...first, sent('final~2', '2026-05-04T08:00:00Z')];
    expect(run(wall('2026-06-30', 10), both).map(summary)).toEqual(['hold all-steps-done - -']);
    expect(nextActionOn(anInvoice(), aContact(), [], both, policy)).toBeNull();
  });

  it('a repetition the owner skipped counts from its due day; a skipped last step is not repeated', () => {
    const skipped = [...upToFinal, aRecord({ stepKey: 'final~1', state: 'skipped', at: '2026-04-25T08:00:00Z' })];
    expect(nextActionOn(anInvoice(), aContact(), [], skipped, policy)).toBe('2026-04-30');
    const lastSkipped = [
      sent('friendly', '2026-03-04T09:00:00Z'),
      aRecord({ stepKey: 'final', state: 'skipped', at: '2026-04-02T09:00:00Z' }),
    ];
    expect(nextActionOn(anInvoice(), aContact(), [], lastSkipped, policy)).toBeNull();
  });

  it('a failed repetition is tried again; one in progress holds', () => {
    const failed = [...upToFinal, aRecord({ stepKey: 'final~1', state: 'failed', at: '2026-04-16T08:00:00Z' })];
    expect(run(wall('2026-04-17', 10), failed).map(summary)).toEqual(['send final~1 2026-04-16']);
    const planned = [...upToFinal, aRecord({ stepKey: 'final~1', state: 'planned', at: '2026-04-16T08:00:00Z' })];
    expect(run(wall('2026-04-17', 10), planned).map(summary)).toEqual(['hold in-progress final~1 -']);
  });

  it('without repeatLast nothing comes back', () => {
    const p = aPolicy({ ...policy, repeatLast: null });
    expect(run(wall('2026-05-30', 10), upToFinal, p).map(summary)).toEqual(['hold all-steps-done - -']);
    expect(nextActionOn(anInvoice(), aContact(), [], upToFinal, p)).toBeNull();
  });

  it('property: never more than max repetitions, never two reminders on one day, none once paid, each at least everyDays after the one before', () => {
    const arb = fc.record({
      offsets: fc.uniqueArray(fc.integer({ min: -5, max: 40 }), { minLength: 1, maxLength: 4 }),
      everyDays: fc.integer({ min: 1, max: 20 }),
      max: fc.integer({ min: 1, max: 6 }),
      minDays: fc.integer({ min: 0, max: 4 }),
      weekdays: fc.oneof(
        fc.constant([1, 2, 3, 4, 5, 6, 7]),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      ),
      payOn: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null, freq: 2 }),
      failEvery: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 })),
    });
    fc.assert(
      fc.property(arb, ({ offsets, everyDays, max, minDays, weekdays, payOn, failEvery }) => {
        const p = policySchema.parse({
          steps: [...offsets].sort((a, b) => a - b).map((offsetDays, i) => ({ key: `s${i}`, offsetDays, template: 'firm' })),
          sendWindow: { startHour: 9, endHour: 17, weekdays, skipHolidays: true },
          minDaysBetweenContacts: minDays,
          repeatLast: { everyDays, max },
        });
        const dueDate = day('2026-03-03');
        const history: ReminderRecord[] = [];
        const sentOn: { key: string; on: CalendarDate }[] = [];
        let attempt = 0;
        for (let i = -10; i < 260; i++) {
          const today = addDays(dueDate, i);
          const paid = payOn !== null && i >= payOn;
          const now = zonedInstant(today, 10, 0, 'Europe/Paris');
          const decisions = run(now, history, p, paid ? { amountDueMinor: 0, status: 'paid', dueDate } : { dueDate });
          for (const d of decisions) {
            if (d.kind === 'skip') history.push(aRecord({ stepKey: d.step.key, state: 'skipped', at: now.toISOString() }));
            if (d.kind !== 'send' && d.kind !== 'approve') continue;
            const fails = failEvery > 0 && ++attempt % failEvery === 0;
            history.push(aRecord({ stepKey: d.step.key, state: fails ? 'failed' : 'sent', at: now.toISOString() }));
            if (!fails) sentOn.push({ key: d.step.key, on: localDate(now, 'Europe/Paris') });
          }
        }
        const repeats = sentOn.filter((s) => s.key.includes('~'));
        expect(repeats.length).toBeLessThanOrEqual(max);
        expect(new Set(sentOn.map((s) => s.on)).size).toBe(sentOn.length);
        expect(new Set(sentOn.map((s) => s.key)).size).toBe(sentOn.length);
        if (payOn !== null) for (const s of sentOn) expect(daysBetween(dueDate, s.on)).toBeLessThan(payOn);
        const chain = sentOn.filter((s) => s.key === `s${offsets.length - 1}` || s.key.includes('~'));
        for (let k = 1; k < chain.length; k++)
          expect(daysBetween(chain[k - 1]?.on as CalendarDate, chain[k]?.on as CalendarDate)).toBeGreaterThanOrEqual(everyDays);
        // a run without payment nor failures and a window open every day repeats exactly max times (all fit in the run),
        // unless the last step is set before the due date: like it, its repetitions are never sent once that date passed
        const lastSent = sentOn.some((s) => s.key === `s${offsets.length - 1}`);
        if (payOn === null && failEvery === 0 && weekdays.length === 7 && minDays <= everyDays && lastSent && Math.max(...offsets) >= 0)
          expect(repeats.length).toBe(max);
      }),
      { numRuns: 60 },
    );
  });
});
