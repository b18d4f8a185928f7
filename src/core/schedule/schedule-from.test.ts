import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, type CalendarDate, zonedInstant } from '../calendar.ts';
import { policySchema, type Policy } from '../policy.ts';
import type { Decision } from '../reminder.ts';
import { nextActionOn } from './next-action.ts';
import { dueSteps } from './plan.ts';
import { stepProgress } from './progress.ts';
import { aContact, anInvoice, aPolicy, aRecord, day, wall } from './testkit.ts';

// Standard policy: courtesy -3, friendly +1, firm +10, call +20, final +30, formal notice +45.
const policy = aPolicy();
/** What a plan run records: each skip and send (an approval taken as given). */
const recorded = (decisions: Decision[], at: Date) =>
  decisions.flatMap((d) =>
    d.kind === 'hold' || d.kind === 'blocked'
      ? []
      : [aRecord({ stepKey: d.step.key, state: d.kind === 'skip' ? 'skipped' : 'sent', at: at.toISOString() })],
  );
const summary = (d: Decision): string =>
  d.kind === 'hold' ? `hold ${d.reason} ${d.stepKey ?? '-'} ${d.until ?? '-'}` : `${d.kind} ${d.step.key} ${d.dueOn}`;

function run(now: Date, invoice: Parameters<typeof anInvoice>[0], p: Policy = policy) {
  return dueSteps({
    now,
    zone: 'Europe/Paris',
    policies: { default: p, rules: [] },
    invoices: [anInvoice(invoice)],
    contacts: [aContact()],
    answers: [],
    history: [],
  }).decisions;
}

describe('scheduleFrom: a gentler restart', () => {
  it('counts the step offsets from it', () => {
    const inv = anInvoice({ dueDate: day('2026-01-10'), scheduleFrom: day('2026-03-03') });
    expect(stepProgress(inv, policy, []).map((p) => p.dueOn)).toEqual([
      '2026-02-28',
      '2026-03-04',
      '2026-03-13',
      '2026-03-23',
      '2026-04-02',
      '2026-04-17',
    ]);
  });

  it('an invoice 53 days overdue restarted at the friendly reminder gets it today, and the firm one 9 days later', () => {
    const invoice = { dueDate: day('2026-01-10'), scheduleFrom: day('2026-03-03') };
    const decisions = run(wall('2026-03-04', 10), invoice);
    expect(decisions.map(summary)).toEqual(['skip courtesy 2026-02-28', 'send friendly 2026-03-04']);
    expect(decisions[1]?.why).toBe('INV-0001: friendly reminder due today (53 days after the due date, 10 Jan 2026).');
    expect(nextActionOn(anInvoice(invoice), aContact(), [], recorded(decisions, wall('2026-03-04', 10)), policy)).toBe('2026-03-13');
  });

  it('never sends a step set before the due date once the real due date has passed', () => {
    // the courtesy note falls on 17 Mar by the restart, after the real due date (3 Mar): skipped, not sent
    const decisions = run(wall('2026-03-17', 10), { dueDate: day('2026-03-03'), scheduleFrom: day('2026-03-20') });
    expect(decisions.map(summary)).toEqual(['skip courtesy 2026-03-17', 'hold not-yet-due friendly 2026-03-21']);
    expect(decisions[0]).toMatchObject({ reason: 'past-due' });
  });

  it('property: restarted at a post-due step s (scheduleFrom = today - s.offsetDays), today acts on s, and the next step follows at its spacing', () => {
    const arb = fc.record({
      offsets: fc.uniqueArray(fc.integer({ min: -10, max: 60 }), { minLength: 1, maxLength: 8 }),
      pick: fc.nat(),
      overdue: fc.integer({ min: 1, max: 400 }),
      approval: fc.boolean(),
      startOffset: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(arb, ({ offsets, pick, overdue, approval, startOffset }) => {
        const sorted = [...offsets].sort((a, b) => a - b);
        const post = sorted.filter((o) => o > 0);
        fc.pre(post.length > 0);
        const p = policySchema.parse({
          steps: sorted.map((offsetDays, i) => ({
            key: `s${i}`,
            offsetDays,
            template: 'friendly',
            requiresApproval: approval && i % 2 === 1,
          })),
          sendWindow: { startHour: 0, endHour: 24, weekdays: [1, 2, 3, 4, 5, 6, 7], skipHolidays: false },
        });
        const sOffset = post[pick % post.length] as number;
        const s = p.steps.find((x) => x.offsetDays === sOffset);
        const today: CalendarDate = addDays(calendarDate('2026-01-01'), startOffset);
        const invoice = { dueDate: addDays(today, -overdue), scheduleFrom: addDays(today, -sOffset) };
        const now = zonedInstant(today, 10, 0, 'Europe/Paris');
        const decisions = run(now, invoice, p);
        const acting = decisions.flatMap((d) => (d.kind === 'skip' || d.kind === 'hold' ? [] : [d.step.key]));
        expect(acting).toEqual([s?.key]);
        const next = p.steps.find((x) => x.offsetDays > sOffset);
        expect(nextActionOn(anInvoice(invoice), aContact(), [], recorded(decisions, now), p)).toBe(
          next ? addDays(today, next.offsetDays - sOffset) : null,
        );
      }),
    );
  });
});
