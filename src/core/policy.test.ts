import { describe, expect, it } from 'vitest';
import { defaultPolicy, defaultPolicySet, policySchema, policySetSchema, sendWindowSchema, stepSchema } from './policy.ts';

const step = (key: string, offsetDays: number) => ({ key, offsetDays, template: 'friendly' as const });
const issues = (input: unknown) => {
  const r = policySchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('policy', () => {
  it("reads a policy stored with the old name of charges' booking (incomeAccountCode) as bookTo", () => {
    const stored = JSON.parse(JSON.stringify(defaultPolicySet));
    delete stored.default.charges.bookTo;
    stored.default.charges.incomeAccountCode = '706';
    const read = policySetSchema.parse(stored);
    expect(read.default.charges.bookTo).toBe('706');
    expect(read.default.charges).not.toHaveProperty('incomeAccountCode');
    expect(policySchema.parse({ steps: [step('first', 1)], charges: { bookTo: 'item-9', incomeAccountCode: '706' } }).charges.bookTo).toBe(
      'item-9',
    );
  });

  it('fills the defaults an owner did not set', () => {
    const p = policySchema.parse({ steps: [step('first', 1)] });
    expect(p).toMatchObject({
      name: 'Standard',
      minDaysBetweenContacts: 3,
      consolidate: true,
      promiseGraceDays: 3,
      sendWindow: { startHour: 9, endHour: 17, weekdays: [1, 2, 3, 4, 5] },
      charges: { regime: 'auto', writeAs: 'separate-invoice', contractRatePercent: null, custom: null },
    });
    expect(p.steps[0]).toEqual({
      key: 'first',
      offsetDays: 1,
      channel: 'email',
      tone: 'neutral',
      template: 'friendly',
      charges: 'none',
      requiresApproval: false,
    });
  });

  it("ships the seeds' process as the default, valid and in order of days", () => {
    expect(policySchema.parse(defaultPolicy)).toEqual(defaultPolicy);
    expect(defaultPolicy.steps.map((s) => `${s.key}:${s.offsetDays}`)).toEqual([
      'courtesy:-3',
      'friendly:1',
      'firm:10',
      'call:20',
      'final:30',
      'formal-notice:45',
    ]);
    expect(defaultPolicy.steps.filter((s) => s.requiresApproval).map((s) => s.key)).toEqual(['formal-notice']);
    expect(policySetSchema.parse(defaultPolicySet)).toEqual(defaultPolicySet);
  });

  it.each([
    ['no step', { steps: [] }, 'steps: a policy needs at least one step'],
    ['a step key used twice', { steps: [step('a', 1), step('a', 5)] }, 'steps.1.key: step key "a" is used twice'],
    [
      'steps out of order',
      { steps: [step('a', 5), step('b', 1)] },
      'steps.1.offsetDays: steps must be in order of days: "b" (1) comes after "a" (5)',
    ],
    [
      'two steps on one day',
      { steps: [step('a', 5), step('b', 5)] },
      'steps.1.offsetDays: steps must be in order of days: "b" (5) comes after "a" (5)',
    ],
    ['a bad key', { steps: [step('Relance 1', 1)] }, 'steps.0.key: a step key is 1-40 lowercase letters, digits or dashes'],
    [
      'a window that ends before it starts',
      { steps: [step('a', 1)], sendWindow: { startHour: 17, endHour: 9 } },
      'sendWindow.endHour: the send window must start before it ends',
    ],
    ['a window with no day', { steps: [step('a', 1)], sendWindow: { weekdays: [] } }, 'sendWindow.weekdays: pick at least one weekday'],
  ])('refuses %s, with the path of the field', (_name, input, message) => {
    expect(issues(input)).toContain(message);
  });

  it.each([
    ['an offset too far before', { steps: [step('a', -61)] }, 'steps.0.offsetDays'],
    ['a fractional offset', { steps: [step('a', 1.5)] }, 'steps.0.offsetDays'],
    ['an unknown channel', { steps: [{ ...step('a', 1), channel: 'sms' }] }, 'steps.0.channel'],
    ['an hour out of range', { steps: [step('a', 1)], sendWindow: { startHour: 9, endHour: 25 } }, 'sendWindow.endHour'],
    ['weekday 0', { steps: [step('a', 1)], sendWindow: { weekdays: [0, 1] } }, 'sendWindow.weekdays.0'],
    ['a negative rest', { steps: [step('a', 1)], minDaysBetweenContacts: -1 }, 'minDaysBetweenContacts'],
    ['a contract rate over 100 %', { steps: [step('a', 1)], charges: { contractRatePercent: 120 } }, 'charges.contractRatePercent'],
    ['a custom fee that is not an amount', { steps: [step('a', 1)], charges: { custom: { fixedFee: '40 €' } } }, 'charges.custom.fixedFee'],
  ])('refuses %s at %s', (_name, input, path) => {
    expect(issues(input).map((i) => i.split(':')[0])).toContain(path);
  });

  it('accepts a window over the whole day and every weekday', () => {
    expect(sendWindowSchema.parse({ startHour: 0, endHour: 24, weekdays: [1, 2, 3, 4, 5, 6, 7] })).toEqual({
      startHour: 0,
      endHour: 24,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      skipHolidays: true,
    });
  });

  it('a repetition key (`<key>~<n>`) is a stored reminder step, never a policy step', () => {
    expect(stepSchema.parse(step('final~2', 30)).key).toBe('final~2');
    expect(issues({ steps: [step('final~2', 30)] })).toContain('steps.0.key: a step key is 1-40 lowercase letters, digits or dashes');
    expect(stepSchema.safeParse(step('final~', 30)).success).toBe(false);
  });

  it('repeatLast: off by default, else every 1-90 days at most 1-12 times', () => {
    expect(policySchema.parse({ steps: [step('a', 1)] }).repeatLast).toBeNull();
    expect(policySchema.parse({ steps: [step('a', 1)], repeatLast: { everyDays: 14, max: 3 } }).repeatLast).toEqual({
      everyDays: 14,
      max: 3,
    });
    expect(issues({ steps: [step('a', 1)], repeatLast: { everyDays: 0, max: 3 } }).map((i) => i.split(':')[0])).toContain(
      'repeatLast.everyDays',
    );
    expect(issues({ steps: [step('a', 1)], repeatLast: { everyDays: 7, max: 13 } }).map((i) => i.split(':')[0])).toContain(
      'repeatLast.max',
    );
  });

  it('validates the rules that pick another policy', () => {
    const r = policySetSchema.safeParse({
      default: defaultPolicy,
      rules: [{ name: 'big', when: { minAmountMinor: -5 }, policy: defaultPolicy }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['rules', 0, 'when', 'minAmountMinor']);
    expect(policySetSchema.parse({ default: defaultPolicy }).rules).toEqual([]);
  });
});
