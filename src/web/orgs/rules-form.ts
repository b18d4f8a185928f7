import { minorDigits } from '../../core/money.ts';
import { TONES, type Policy, type PolicyRule } from '../../core/policy.ts';
import type { FieldErrors, FormValues } from './form-values.ts';

/**
 * Policy rules as the settings form edits them. A rule says which invoices it is for (consumer or business, a customer
 * profile, an amount range, named customers) and how its policy differs from the default one: the default's steps with
 * another tone for every step, or every step waiting for the owner's approval. Kept that simple on purpose: the rule's
 * policy is rebuilt from the default's steps on each save, so one list of steps is all the owner maintains.
 */
export const PROFILES = ['reliable', 'forgetful', 'chronic-late', 'new'] as const;
export const RULE_TONES = ['', ...TONES] as const;
export const APPROVALS = ['', 'all'] as const;
const MAX_RULES = 20;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []).filter((x) => x.trim() !== '');

/** 150000 minor units of EUR → "1500.00". */
function decimalOf(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

/** The tone and approval a stored rule's policy shows, compared with the default's steps. */
export function ruleChoicesOf(rule: PolicyRule, base: Policy): { tone: string; approval: string } {
  const steps = rule.policy.steps;
  const first = steps[0]?.tone;
  const sameTone = first !== undefined && steps.every((s) => s.tone === first);
  const changedTone = steps.some((s, i) => base.steps[i]?.tone !== s.tone);
  const allWait = steps.every((s) => s.requiresApproval) && !base.steps.every((s) => s.requiresApproval);
  return { tone: sameTone && changedTone ? first : '', approval: allWait ? 'all' : '' };
}

/** The policy a rule uses: the default's steps, with the rule's tone and approval. */
export function policyOfRule(base: Policy, name: string, tone: string, approval: string): Policy {
  return {
    ...base,
    name,
    steps: base.steps.map((s) => ({
      ...s,
      tone: (TONES as readonly string[]).includes(tone) ? (tone as Policy['steps'][number]['tone']) : s.tone,
      requiresApproval: approval === 'all' ? true : s.requiresApproval,
    })),
  };
}

export function ruleValuesOf(rules: readonly PolicyRule[], base: Policy, currency: string): FormValues {
  const values: FormValues = {};
  rules.forEach((rule, i) => {
    const f = (name: string) => `rules.${i}.${name}`;
    const { when } = rule;
    const choices = ruleChoicesOf(rule, base);
    Object.assign(values, {
      [f('name')]: rule.name,
      [f('consumer')]: when.consumer === undefined ? '' : when.consumer ? 'consumer' : 'business',
      [f('profile')]: when.profile ?? '',
      [f('minAmount')]: when.minAmountMinor === undefined ? '' : decimalOf(when.minAmountMinor, currency),
      [f('maxAmount')]: when.maxAmountMinor === undefined ? '' : decimalOf(when.maxAmountMinor, currency),
      [f('contactIds')]: [...(when.contactIds ?? [])],
      [f('tone')]: choices.tone,
      [f('approval')]: choices.approval,
    });
  });
  return values;
}

/** Indices of the rule rows in the form, in order. */
export function ruleRows(values: FormValues): number[] {
  const rows = new Set<number>();
  for (const name of Object.keys(values)) {
    const m = /^rules\.(\d+)\./.exec(name);
    if (m) rows.add(Number(m[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

/**
 * Reads the rules of the form, each built on `base` (the default policy as just read); a wrong field gets its message
 * in `errors`. A row with no name and nothing else is the blank "add a rule" row.
 */
export function readRules(values: FormValues, base: Policy, currency: string, errors: FieldErrors): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const put = (field: string, message: string) => {
    if (!(field in errors)) errors[field] = message;
  };
  for (const row of ruleRows(values)) {
    const f = (name: string) => `rules.${row}.${name}`;
    if (one(values[f('remove')])) continue;
    const name = one(values[f('name')]);
    const consumer = one(values[f('consumer')]);
    const profile = one(values[f('profile')]);
    const min = one(values[f('minAmount')]);
    const max = one(values[f('maxAmount')]);
    const contactIds = many(values[f('contactIds')]);
    const tone = one(values[f('tone')]);
    const approval = one(values[f('approval')]);
    const said = consumer || profile || min || max || contactIds.length > 0;
    if (!name && !said && !tone && !approval) continue;
    if (!name) put(f('name'), 'give the rule a name, like "Large invoices"');
    if (name.length > 80) put(f('name'), 'at most 80 characters');
    if (name && !said) put(f('name'), 'say which invoices this rule is for: consumer or business, a profile, an amount or named customers');
    if (consumer && consumer !== 'consumer' && consumer !== 'business') put(f('consumer'), 'pick consumer or business');
    if (profile && !(PROFILES as readonly string[]).includes(profile)) put(f('profile'), `pick one of: ${PROFILES.join(', ')}`);
    if (tone && !(TONES as readonly string[]).includes(tone)) put(f('tone'), `pick one of: ${TONES.join(', ')}`);
    if (approval && approval !== 'all') put(f('approval'), 'pick "as the default policy" or "every step waits for approval"');
    if (contactIds.length > 500) put(f('contactIds'), 'at most 500 customers');
    const minMinor = amount(min, currency, f('minAmount'), put);
    const maxMinor = amount(max, currency, f('maxAmount'), put);
    if (minMinor !== undefined && maxMinor !== undefined && minMinor > maxMinor)
      put(f('maxAmount'), 'the largest amount must be at least the smallest');
    if (rules.length === MAX_RULES) put(f('name'), `at most ${MAX_RULES} rules`);
    rules.push({
      name,
      when: {
        ...(consumer === 'consumer' ? { consumer: true } : consumer === 'business' ? { consumer: false } : {}),
        ...(profile ? { profile: profile as (typeof PROFILES)[number] } : {}),
        ...(minMinor !== undefined ? { minAmountMinor: minMinor } : {}),
        ...(maxMinor !== undefined ? { maxAmountMinor: maxMinor } : {}),
        ...(contactIds.length > 0 ? { contactIds } : {}),
      },
      policy: policyOfRule(base, name, tone, approval),
    });
  }
  return rules;
}

/** "1 500,50" or "1500.50" in the organisation's currency → minor units; empty → undefined. */
function amount(text: string, currency: string, field: string, put: (field: string, message: string) => void): number | undefined {
  if (text === '') return undefined;
  const plain = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const digits = minorDigits(currency);
  const shape = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!shape.test(plain)) {
    put(field, `"${text}" is not an amount in ${currency}, like ${digits === 0 ? '1500' : '1500.00'}`);
    return undefined;
  }
  const [whole, fraction = ''] = plain.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
