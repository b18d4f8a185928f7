import { type CalendarDate, daysBetween } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Policy, Step } from '../../core/policy.ts';
import { describeOffset, describeStep, formatDay } from '../../core/schedule/index.ts';
import type { StoredInvoice } from '../../core/store.ts';
import type { DashboardWords } from './words.ts';

/** A repeated last step is stored as `<last>~<n>` (policy.repeatLast). */
const REPEAT = /^(.+)~(\d+)$/;

/**
 * The policy an invoice's step key comes from, without loading its customer: a rule naming the customer or bounding
 * the amount is tried first, then the default, then any rule with that key. A rule on the customer's profile may
 * name a step the default also has: the label may then read the default's tone, never a step that does not exist.
 */
function policyWith(org: Organisation, invoice: StoredInvoice, key: string): Policy | null {
  const has = (p: Policy) => p.steps.some((s) => s.key === key);
  const own = org.policy.rules.find(({ when, policy }) => {
    if (when.contactIds && !when.contactIds.includes(invoice.contactId)) return false;
    if (when.minAmountMinor !== undefined && invoice.amountDueMinor < when.minAmountMinor) return false;
    if (when.maxAmountMinor !== undefined && invoice.amountDueMinor > when.maxAmountMinor) return false;
    return when.consumer === undefined && when.profile === undefined && has(policy);
  });
  if (own) return own.policy;
  if (has(org.policy.default)) return org.policy.default;
  return org.policy.rules.find((r) => has(r.policy))?.policy ?? null;
}

export function stepOf(org: Organisation, invoice: StoredInvoice, stepKey: string): { step: Step; repeat: number } | null {
  const repeated = REPEAT.exec(stepKey);
  const key = repeated ? repeated[1]! : stepKey;
  const step = policyWith(org, invoice, key)?.steps.find((s) => s.key === key);
  return step ? { step, repeat: repeated ? Number(repeated[2]) : 0 } : null;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Why relance acts on an invoice that day, in the owner's words: the step, how it reaches the customer (or that it
 * is the owner's to do), when it falls relative to the due date, its tone and whether it waits for approval.
 */
export function upcomingReason(
  org: Organisation,
  invoice: StoredInvoice,
  stepKey: string | null,
  on: CalendarDate,
  w: DashboardWords,
): string {
  if (!stepKey) return capitalised(w.checkAgain);
  const found = stepOf(org, invoice, stepKey);
  if (!found) return capitalised(w.stepUnknown(stepKey));
  const { step, repeat } = found;
  const how = step.channel === 'call' ? w.callForYou : step.channel === 'letter' ? w.letterForYou : w.byEmail;
  const parts = [
    `${describeStep(step, org.locale)} (${how})`,
    repeat > 0 ? w.repeat(repeat) : describeOffset(step.offsetDays, org.locale),
    ...(invoice.scheduleFrom ? [w.counted(formatDay(invoice.scheduleFrom, org.locale))] : []),
    w.tone(w[`tone_${step.tone}`]),
    w.daysLate(daysBetween(invoice.dueDate, on)),
    ...(step.requiresApproval ? [w.waitsApproval] : []),
  ];
  return `${capitalised(parts.join(' · '))}.`;
}
