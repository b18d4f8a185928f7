import { describe, expect, it } from 'vitest';
import type { PolicySet } from '../policy.ts';
import { policyFor } from './policy-for.ts';
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
