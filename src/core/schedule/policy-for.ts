import type { Policy, PolicyRule, PolicySet } from '../policy.ts';
import type { ScheduleContact, ScheduleInvoice } from '../reminder.ts';

/**
 * What a rule says of the customer alone: consumer, profile and named customers. Every condition given must hold (AND):
 * a rule naming customers and also saying `consumer: true` picks only those of them who are consumers. A rule with an
 * empty list of named customers names nobody: it matches no one (rather than everyone, were the list taken as absent).
 */
function matchesContact(rule: PolicyRule, contact: ScheduleContact): boolean {
  const { consumer, profile, contactIds } = rule.when;
  if (consumer !== undefined && consumer !== contact.isConsumer) return false;
  if (profile !== undefined && profile !== contact.profile) return false;
  if (contactIds !== undefined && !contactIds.includes(contact.id)) return false;
  return true;
}

/** Amount bounds are inclusive and read on what is still owed, not the invoice total. */
function matchesAmount(rule: PolicyRule, invoice: ScheduleInvoice): boolean {
  const { minAmountMinor, maxAmountMinor } = rule.when;
  if (minAmountMinor !== undefined && invoice.amountDueMinor < minAmountMinor) return false;
  if (maxAmountMinor !== undefined && invoice.amountDueMinor > maxAmountMinor) return false;
  return true;
}

const hasAmount = (rule: PolicyRule): boolean => rule.when.minAmountMinor !== undefined || rule.when.maxAmountMinor !== undefined;

/** The rule that picks the policy for one invoice (the first that matches), or null for the default. */
export function ruleFor(invoice: ScheduleInvoice, contact: ScheduleContact, set: PolicySet): PolicyRule | null {
  return set.rules.find((r) => matchesContact(r, contact) && matchesAmount(r, invoice)) ?? null;
}

/** The policy for one invoice: the first rule that matches, else the default. */
export function policyFor(invoice: ScheduleInvoice, contact: ScheduleContact, set: PolicySet): Policy {
  return ruleFor(invoice, contact, set)?.policy ?? set.default;
}

/** One policy a customer may fall under; `ruleName` null for the default. */
export type PolicyChoice = { ruleName: string | null; policyName: string; minAmountMinor?: number; maxAmountMinor?: number };

/**
 * Which policy a customer falls under, for the settings page. With an invoice: the one for it (as policyFor). Without:
 * `one` when it does not depend on the amount; else `by-amount`, the policies the customer's invoices may get, in the
 * order they are tried, each with its amount bounds (on what is still owed); the last has none and takes the rest.
 */
export type CustomerPolicy = { kind: 'one'; choice: PolicyChoice } | { kind: 'by-amount'; choices: PolicyChoice[] };

const choiceOf = (rule: PolicyRule | null, set: PolicySet): PolicyChoice =>
  rule
    ? {
        ruleName: rule.name,
        policyName: rule.policy.name,
        ...(rule.when.minAmountMinor !== undefined ? { minAmountMinor: rule.when.minAmountMinor } : {}),
        ...(rule.when.maxAmountMinor !== undefined ? { maxAmountMinor: rule.when.maxAmountMinor } : {}),
      }
    : { ruleName: null, policyName: set.default.name };

export function customerPolicy(contact: ScheduleContact, set: PolicySet, invoice?: ScheduleInvoice): CustomerPolicy {
  if (invoice) return { kind: 'one', choice: choiceOf(ruleFor(invoice, contact, set), set) };
  const choices: PolicyChoice[] = [];
  for (const rule of set.rules) {
    if (!matchesContact(rule, contact)) continue;
    choices.push(choiceOf(rule, set));
    if (!hasAmount(rule)) break;
  }
  const last = set.rules.find((r) => matchesContact(r, contact) && !hasAmount(r));
  if (!last) choices.push(choiceOf(null, set));
  const first = choices[0] ?? choiceOf(null, set);
  return choices.length === 1 ? { kind: 'one', choice: first } : { kind: 'by-amount', choices };
}

/** The policy's name for a customer, or for one of their invoices; null when it depends on the amount owed. */
export function policyNameFor(contact: ScheduleContact, set: PolicySet, invoice?: ScheduleInvoice): string | null {
  const found = customerPolicy(contact, set, invoice);
  return found.kind === 'one' ? found.choice.policyName : null;
}
