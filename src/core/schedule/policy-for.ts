import type { Policy, PolicyRule, PolicySet } from '../policy.ts';
import type { ScheduleContact, ScheduleInvoice } from '../reminder.ts';

/** Amount bounds are inclusive and read on what is still owed, not the invoice total. */
function matches(rule: PolicyRule, invoice: ScheduleInvoice, contact: ScheduleContact): boolean {
  const { consumer, profile, minAmountMinor, maxAmountMinor } = rule.when;
  if (consumer !== undefined && consumer !== contact.isConsumer) return false;
  if (profile !== undefined && profile !== contact.profile) return false;
  if (minAmountMinor !== undefined && invoice.amountDueMinor < minAmountMinor) return false;
  if (maxAmountMinor !== undefined && invoice.amountDueMinor > maxAmountMinor) return false;
  return true;
}

/** The policy for one invoice: the first rule that matches, else the default. */
export function policyFor(invoice: ScheduleInvoice, contact: ScheduleContact, set: PolicySet): Policy {
  return set.rules.find((r) => matches(r, invoice, contact))?.policy ?? set.default;
}
