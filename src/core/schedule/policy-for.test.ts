import { describe, expect, it } from 'vitest';
import type { PolicySet } from '../policy.ts';
import { customerPolicy, policyFor, policyNameFor } from './policy-for.ts';
import { aContact, anInvoice, aPolicy } from './testkit.ts';

const named = (name: string) => aPolicy({ name });
const set: PolicySet = {
  default: named('Standard'),
  rules: [
    { name: 'consumers', when: { consumer: true }, policy: named('Consumer') },
    { name: 'late payers, big', when: { profile: 'chronic-late', minAmountMinor: 500_000 }, policy: named('Strict') },
    { name: 'small', when: { maxAmountMinor: 10_000 }, policy: named('Light') },
    { name: 'late payers', when: { profile: 'chronic-late' }, policy: named('Firm') },
  ],
};

describe('policyFor', () => {
  it.each([
    ['a business, mid amount', {}, {}, 'Standard'],
    ['a consumer, whatever the amount', { amountDueMinor: 1_000_000 }, { isConsumer: true }, 'Consumer'],
    ['a chronic late payer owing 5 000 €', { amountDueMinor: 500_000 }, { profile: 'chronic-late' }, 'Strict'],
    ['a chronic late payer owing 4 999.99 €', { amountDueMinor: 499_999 }, { profile: 'chronic-late' }, 'Firm'],
    ['a chronic late payer owing 100 € (the first matching rule wins)', { amountDueMinor: 10_000 }, { profile: 'chronic-late' }, 'Light'],
    ['a big invoice mostly paid: read on what is still due', { totalMinor: 1_000_000, amountDueMinor: 5_000 }, {}, 'Light'],
    ['a reliable customer', { amountDueMinor: 50_000 }, { profile: 'reliable' }, 'Standard'],
  ] as const)('%s → %s', (_name, invoice, contact, expected) => {
    expect(policyFor(anInvoice(invoice), aContact(contact), set).name).toBe(expected);
  });

  it('uses the default when there are no rules', () => {
    expect(policyFor(anInvoice(), aContact({ isConsumer: true }), { default: named('Only'), rules: [] }).name).toBe('Only');
  });
});

describe('named customers in rules', () => {
  const withNamed: PolicySet = {
    default: named('Standard'),
    rules: [
      { name: 'key accounts, big', when: { contactIds: ['c-big'], minAmountMinor: 1_000_000 }, policy: named('Gentle') },
      { name: 'friends', when: { contactIds: ['c-1', 'c-2'] }, policy: named('Soft') },
      { name: 'nobody', when: { contactIds: [] }, policy: named('Never') },
      ...set.rules,
    ],
  };

  it.each([
    ['a named customer', {}, { id: 'c-2' }, 'Soft'],
    ['a named customer who is also a consumer: the first matching rule wins', {}, { id: 'c-1', isConsumer: true }, 'Soft'],
    ['a customer not named falls through to the other rules', {}, { id: 'c-9', isConsumer: true }, 'Consumer'],
    ['named with an amount bound: within it', { amountDueMinor: 2_000_000 }, { id: 'c-big' }, 'Gentle'],
    ['named with an amount bound: outside it, the next rules', { amountDueMinor: 5_000 }, { id: 'c-big' }, 'Light'],
    ['an empty list names nobody', {}, { id: 'c-3' }, 'Standard'],
  ] as const)('%s → %s', (_name, invoice, contact, expected) => {
    expect(policyFor(anInvoice(invoice), aContact(contact), withNamed).name).toBe(expected);
  });

  it('per customer: one policy, or the policies the amount owed chooses between', () => {
    expect(customerPolicy(aContact({ id: 'c-1' }), withNamed)).toEqual({
      kind: 'one',
      choice: { ruleName: 'friends', policyName: 'Soft' },
    });
    expect(customerPolicy(aContact({ id: 'c-9', isConsumer: true }), withNamed)).toEqual({
      kind: 'one',
      choice: { ruleName: 'consumers', policyName: 'Consumer' },
    });
    expect(customerPolicy(aContact({ id: 'c-9' }), withNamed)).toEqual({
      kind: 'by-amount',
      choices: [
        { ruleName: 'small', policyName: 'Light', maxAmountMinor: 10_000 },
        { ruleName: null, policyName: 'Standard' },
      ],
    });
    expect(customerPolicy(aContact({ id: 'c-big', profile: 'chronic-late' }), withNamed)).toEqual({
      kind: 'by-amount',
      choices: [
        { ruleName: 'key accounts, big', policyName: 'Gentle', minAmountMinor: 1_000_000 },
        { ruleName: 'late payers, big', policyName: 'Strict', minAmountMinor: 500_000 },
        { ruleName: 'small', policyName: 'Light', maxAmountMinor: 10_000 },
        { ruleName: 'late payers', policyName: 'Firm' },
      ],
    });
    expect(policyNameFor(aContact({ id: 'c-big' }), withNamed)).toBeNull();
    expect(policyNameFor(aContact({ id: 'c-big' }), withNamed, anInvoice({ amountDueMinor: 2_000_000 }))).toBe('Gentle');
    expect(policyNameFor(aContact({ id: 'c-2' }), withNamed)).toBe('Soft');
    expect(policyNameFor(aContact(), { default: named('Only'), rules: [] })).toBe('Only');
  });

  it('agrees with policyFor on every invoice', () => {
    const contacts = ['c-1', 'c-big', 'c-9'].flatMap((id) => [
      aContact({ id }),
      aContact({ id, isConsumer: true }),
      aContact({ id, profile: 'chronic-late' }),
    ]);
    for (const contact of contacts) {
      const view = customerPolicy(contact, withNamed);
      const names = view.kind === 'one' ? [view.choice.policyName] : view.choices.map((c) => c.policyName);
      for (const amountDueMinor of [0, 5_000, 10_000, 10_001, 499_999, 500_000, 999_999, 1_000_000, 9_000_000]) {
        const invoice = anInvoice({ contactId: contact.id, amountDueMinor });
        expect(names).toContain(policyFor(invoice, contact, withNamed).name);
        expect(policyNameFor(contact, withNamed, invoice)).toBe(policyFor(invoice, contact, withNamed).name);
      }
    }
  });
});
