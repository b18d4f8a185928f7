import { describe, expect, it } from 'vitest';
import type { CustomerAnswer } from '../answers.ts';
import { addDays } from '../calendar.ts';
import type { ReminderRecord } from '../reminder.ts';
import { nextActionOn, nextStepOf } from './next-action.ts';
import { dueSteps } from './plan.ts';
import { aContact, anInvoice, aPolicy, aRecord, day, wall } from './testkit.ts';

// Standard policy, due 3 Mar 2026: courtesy 28 Feb, friendly 4 Mar, firm 13 Mar, call 23 Mar, final 2 Apr, notice 17 Apr.
const policy = aPolicy({ promiseGraceDays: 3 });
const sent = (...keys: string[]): ReminderRecord[] =>
  keys.map((stepKey) => aRecord({ stepKey, state: 'sent', at: '2026-03-01T09:00:00Z' }));
const promise = (promisedDate: string): CustomerAnswer => ({
  kind: 'promise',
  id: 'p',
  invoiceIds: ['inv-1'],
  at: '2026-03-01T09:00:00Z',
  promisedDate: day(promisedDate),
  source: 'customer',
});
const next = (
  over: {
    invoice?: Parameters<typeof anInvoice>[0];
    contact?: Parameters<typeof aContact>[0];
    answers?: CustomerAnswer[];
    history?: ReminderRecord[];
  } = {},
) => nextActionOn(anInvoice(over.invoice), aContact(over.contact), over.answers ?? [], over.history ?? [], policy);

describe('nextActionOn', () => {
  it.each([
    ['a fresh invoice: its first step', {}, '2026-02-28'],
    ['courtesy sent: the friendly reminder', { history: sent('courtesy') }, '2026-03-04'],
    [
      'friendly failed: the friendly reminder again',
      { history: [...sent('courtesy'), aRecord({ stepKey: 'friendly', state: 'failed', at: '2026-03-04T09:00:00Z' })] },
      '2026-03-04',
    ],
    [
      'friendly cancelled: the friendly reminder again',
      { history: [...sent('courtesy'), aRecord({ stepKey: 'friendly', state: 'cancelled', at: '2026-03-04T09:00:00Z' })] },
      '2026-03-04',
    ],
    ['a later step recorded over a gap: the gap, to record it skipped', { history: sent('courtesy', 'firm') }, '2026-03-04'],
    ['up to the final: the formal notice', { history: sent('courtesy', 'friendly', 'firm', 'call', 'final') }, '2026-04-17'],
    ['every step recorded: never', { history: sent('courtesy', 'friendly', 'firm', 'call', 'final', 'formal-notice') }, null],
    [
      'a step in progress: never until its record changes',
      { history: [...sent('courtesy'), aRecord({ stepKey: 'friendly', state: 'planned', at: '2026-03-04T09:00:00Z' })] },
      null,
    ],
    [
      'awaiting approval: never until the owner answers',
      {
        history: [
          ...sent('courtesy', 'friendly', 'firm', 'call', 'final'),
          aRecord({ stepKey: 'formal-notice', state: 'awaiting-approval', at: '2026-04-17T09:00:00Z' }),
        ],
      },
      null,
    ],
    [
      'promised for 20 Mar with 3 days of grace: 24 Mar',
      { history: sent('courtesy', 'friendly'), answers: [promise('2026-03-20')] },
      '2026-03-24',
    ],
    [
      'promised for 1 Mar, long lapsed: the next step',
      { history: sent('courtesy', 'friendly'), answers: [promise('2026-03-01')] },
      '2026-03-13',
    ],
    ['paid: never', { invoice: { amountDueMinor: 0, status: 'paid' } }, null],
    ['a charges invoice relance wrote: never on its own', { invoice: { chargesFor: 'inv-0' } }, null],
    ['credited: never', { invoice: { amountDueMinor: 0, amountCreditedMinor: 120_000 } }, null],
    ['voided: never', { invoice: { status: 'voided' } }, null],
    ['deleted: never', { invoice: { status: 'deleted' } }, null],
    ['a draft: never until approved', { invoice: { status: 'draft' } }, null],
    ['paused: never until resumed', { invoice: { paused: true } }, null],
    ['customer paused: never until resumed', { contact: { paused: true } }, null],
    [
      'disputed: never until resolved',
      { answers: [{ kind: 'dispute', id: 'd', invoiceIds: ['inv-1'], at: '2026-03-01T00:00:00Z', reason: 'x', source: 'customer' }] },
      null,
    ],
    [
      'reported paid: never until the next sync',
      { answers: [{ kind: 'paid', id: 'a', invoiceIds: ['inv-1'], at: '2026-03-02T00:00:00Z', source: 'customer' }] },
      null,
    ],
    ['no email: still the step date, so the block shows', { contact: { emails: [] } }, '2026-02-28'],
  ] as const)('%s', (_name, over, expected) => {
    expect(next(over as Parameters<typeof next>[0])).toBe(expected);
  });
});

describe('nextActionOn and a step set before the due date', () => {
  // friendly moved to 10 Mar: from 4 to 9 Mar the open courtesy reminder is skipped as past due, which is acting
  const gap = aPolicy({ steps: aPolicy().steps.map((s) => (s.key === 'friendly' ? { ...s, offsetDays: 7 } : s)) });

  it('is never later than the first day dueSteps acts, be it a send or the past-due skip', () => {
    const invoice = anInvoice();
    const firstAct = (history: ReminderRecord[], from: string): string | null => {
      for (let d = day(from); d <= day('2026-04-30'); d = addDays(d, 1)) {
        const { decisions } = dueSteps({
          now: wall(d, 10),
          zone: 'Europe/Paris',
          policies: { default: gap, rules: [] },
          invoices: [invoice],
          contacts: [aContact()],
          answers: [],
          history,
          locale: 'en',
        });
        if (decisions.some((x) => x.kind !== 'hold')) return d;
      }
      return null;
    };
    for (const [history, from, acts] of [
      [[], '2026-02-20', '2026-03-02'],
      [[], '2026-03-04', '2026-03-04'],
      [sent('courtesy'), '2026-03-04', '2026-03-10'],
    ] as const) {
      const next = nextActionOn(invoice, aContact(), [], [...history], gap);
      expect(firstAct([...history], from)).toBe(acts);
      expect(next !== null && next <= acts).toBe(true);
    }
  });
});

describe('nextStepOf: the step the next action date is for', () => {
  const of = (history: ReminderRecord[], answers: CustomerAnswer[] = [], invoice: Parameters<typeof anInvoice>[0] = {}) =>
    nextStepOf(anInvoice(invoice), aContact(), answers, history, policy);

  it.each([
    ['a fresh invoice: the courtesy note', [], [], {}, { on: '2026-02-28', stepKey: 'courtesy' }],
    ['courtesy sent: the friendly reminder', sent('courtesy'), [], {}, { on: '2026-03-04', stepKey: 'friendly' }],
    [
      'a promise pushes it: the step due on the day chasing resumes',
      sent('courtesy', 'friendly'),
      [promise('2026-03-20')],
      {},
      { on: '2026-03-24', stepKey: 'call' },
    ],
    [
      'a pause with an end: the step due when it ends',
      sent('courtesy'),
      [],
      { paused: true, pausedUntil: day('2026-03-14') },
      { on: '2026-03-14', stepKey: 'firm' },
    ],
    ['a gap before a recorded step: that day only records a skip', sent('courtesy', 'firm'), [], {}, { on: '2026-03-04', stepKey: null }],
    ['nothing left', sent('courtesy', 'friendly', 'firm', 'call', 'final', 'formal-notice'), [], {}, { on: null, stepKey: null }],
    ['paused with no end', [], [], { paused: true }, { on: null, stepKey: null }],
  ] as const)('%s', (_name, history, answers, invoice, expected) => {
    expect(of([...history], [...answers], invoice)).toEqual(expected);
  });

  it('its date is always nextActionOn', () => {
    for (const history of [[], sent('courtesy'), sent('courtesy', 'firm'), sent('courtesy', 'friendly', 'firm')]) {
      expect(of(history).on).toBe(nextActionOn(anInvoice(), aContact(), [], history, policy));
    }
  });
});
