import { z } from 'zod';
import type { CalendarDate } from '../../core/calendar.ts';
import { frenchContractFloor } from '../../core/charges/index.ts';
import {
  notificationsOf,
  type Branding,
  type Organisation,
  type OwnerNotifications,
  type OwnSmtp,
  type SenderIdentity,
} from '../../core/organisation.ts';
import { policySchema, type ChargeSettings, type Policy } from '../../core/policy.ts';
import type { FieldErrors, FormValues } from './form-values.ts';
import { readPlace, placeValuesOf, type PlacePatch } from './place-form.ts';
import { readRules, ruleValuesOf } from './rules-form.ts';
import { readSending, sendingValuesOf, type Seal } from './sending.ts';

/**
 * The settings form as flat fields named after the zod path of what they set (`steps.2.offsetDays`), so a zod issue
 * lands next to its field without a lookup table. The page renders from these values, saved or as submitted.
 */
export type SettingsPatch = {
  policy: Organisation['policy'];
  sender: SenderIdentity;
  branding: Branding;
  smtp: OwnSmtp | null;
  notifications: OwnerNotifications;
} & PlacePatch;

/** The currency rule amounts are typed in: the ledger's base currency, euros when the ledger never said. */
export const ruleCurrencyOf = (org: Organisation): string => org.ledgerPlace?.baseCurrency ?? 'EUR';

const CUSTOM_FIELDS = [
  'fixedFee',
  'percentOfBalance',
  'annualRatePercent',
  'graceDays',
  'minimumBalance',
  'cap',
  'repeatEveryDays',
] as const;

function customValuesOf(custom: ChargeSettings['custom']): FormValues {
  return Object.fromEntries(
    CUSTOM_FIELDS.map((name) => {
      const v = custom?.[name];
      return [`charges.custom.${name}`, v === null || v === undefined ? (name === 'graceDays' ? '0' : '') : String(v)];
    }),
  );
}

export type ReadOptions = {
  /** The organisation's today: the French contract-rate floor is the one in force that day. */
  today?: CalendarDate;
  /** Seals a new SMTP password (the secret box, bound to this organisation). */
  seal?: Seal;
  /** Stamps a changed SMTP setting, so a cached transport is rebuilt. */
  now?: string;
  /** Accept an SMTP host on this machine or a private network (the demo only). Default: refused. */
  allowPrivateSmtpHosts?: boolean;
};

const senderSchema = z.object({
  name: z.string().trim().min(1, 'the name your customers see cannot be empty').max(120),
  email: z.email('enter the address replies should go to, like compta@example.com'),
});

/** Longer than any image address worth putting in an email; the renderer itself stops at 2048. */
export const LOGO_URL_MAX = 2000;
const ENCODED: Record<string, string> = { '"': '%22', "'": '%27', '<': '%3C', '>': '%3E', '`': '%60' };

/**
 * Why the renderer could not put this address in an email (it drops such a logo without a word), or null. Checked
 * when the owner saves, so that what is saved is what the emails show.
 */
export function logoUrlProblem(value: string): string | null {
  const again = 'copy the address of the image again, like https://example.com/logo.png';
  if (value.length > LOGO_URL_MAX)
    return `at most ${LOGO_URL_MAX} characters (this one has ${value.length}): use a shorter address for the image`;
  if (/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value))
    return `a logo address cannot contain spaces, line breaks or other invisible characters: ${again}`;
  const bad = /["'<>`]/.exec(value)?.[0];
  if (bad) return `a logo address cannot contain ${bad}: write it as ${ENCODED[bad]}, or ${again}`;
  if (!/^https:\/\//i.test(value)) return 'a logo address starts with https://';
  if (!URL.canParse(value) || !new URL(value).hostname) return `this is not a web address: ${again}`;
  return null;
}

const brandingSchema = z.object({
  logoUrl: z
    .string()
    .nullable()
    .superRefine((value, ctx) => {
      const problem = value === null ? null : logoUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  colour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb')
    .nullable(),
  signature: z.string().max(500, 'at most 500 characters').nullable(),
  legalFooter: z.string().max(1000, 'at most 1000 characters').nullable(),
});

const STEP_FIELDS = ['key', 'offsetDays', 'channel', 'tone', 'template', 'charges', 'requiresApproval', 'remove'] as const;

export function formValuesOf(org: Organisation): FormValues {
  const p = org.policy.default;
  const values: FormValues = {
    'sendWindow.startHour': String(p.sendWindow.startHour),
    'sendWindow.endHour': String(p.sendWindow.endHour),
    'sendWindow.weekdays': p.sendWindow.weekdays.map(String),
    'sendWindow.skipHolidays': p.sendWindow.skipHolidays ? 'on' : '',
    'repeatLast.everyDays': p.repeatLast ? String(p.repeatLast.everyDays) : '',
    'repeatLast.max': p.repeatLast ? String(p.repeatLast.max) : '',
    minDaysBetweenContacts: String(p.minDaysBetweenContacts),
    consolidate: p.consolidate ? 'on' : '',
    promiseGraceDays: String(p.promiseGraceDays),
    'charges.regime': p.charges.regime,
    'charges.contractRatePercent': p.charges.contractRatePercent === null ? '' : String(p.charges.contractRatePercent),
    'charges.writeAs': p.charges.writeAs,
    'charges.bookTo': p.charges.bookTo ?? '',
    ...customValuesOf(p.charges.custom),
    'sender.name': org.sender.name,
    'sender.email': org.sender.email,
    'branding.logoUrl': org.branding.logoUrl ?? '',
    'branding.colour': org.branding.colour ?? '',
    'branding.signature': org.branding.signature ?? '',
    'branding.legalFooter': org.branding.legalFooter ?? '',
    ...sendingValuesOf(org),
    ...placeValuesOf(org),
    ...notificationValuesOf(org),
    ...ruleValuesOf(org.policy.rules, p, ruleCurrencyOf(org)),
  };
  p.steps.forEach((s, i) => {
    Object.assign(values, {
      [`steps.${i}.key`]: s.key,
      [`steps.${i}.offsetDays`]: String(s.offsetDays),
      [`steps.${i}.channel`]: s.channel,
      [`steps.${i}.tone`]: s.tone,
      [`steps.${i}.template`]: s.template,
      [`steps.${i}.charges`]: s.charges,
      [`steps.${i}.requiresApproval`]: s.requiresApproval ? 'on' : '',
    });
  });
  return values;
}

/** Indices of the step rows in the form, in order (a blank row is offered for adding a step). */
export function stepRows(values: FormValues): number[] {
  const rows = new Set<number>();
  for (const name of Object.keys(values)) {
    const m = /^steps\.(\d+)\./.exec(name);
    if (m) rows.add(Number(m[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** Reads the form into the shapes the store holds, or the message for every field that is wrong. Nothing half-read. */
export function readSettings(
  values: FormValues,
  org: Organisation,
  options: ReadOptions = {},
): { ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (field: string, whole: boolean, empty: null | undefined = undefined): number | null | undefined => {
    const text = one(values[field]);
    if (text === '') return empty;
    if (!(whole ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(text)) {
      errors[field] = `"${text}" is not a ${whole ? 'whole number' : 'number'}`;
      return undefined;
    }
    return Number(text);
  };
  const optional = (field: string): string | null => one(values[field]) || null;

  // form row → position in the policy's step list, to put a step's error back on its row
  const rowOf: number[] = [];
  const steps = stepRows(values).flatMap((row) => {
    const f = (name: (typeof STEP_FIELDS)[number]) => `steps.${row}.${name}`;
    if (one(values[f('remove')])) return [];
    const key = one(values[f('key')]);
    if (!key && !one(values[f('offsetDays')])) return []; // the blank "add a step" row
    rowOf.push(row);
    return [
      {
        key,
        offsetDays: number(f('offsetDays'), true) ?? Number.NaN,
        channel: one(values[f('channel')]) || undefined,
        tone: one(values[f('tone')]) || undefined,
        template: one(values[f('template')]),
        charges: one(values[f('charges')]) || undefined,
        requiresApproval: !!one(values[f('requiresApproval')]),
      },
    ];
  });
  const current = org.policy.default;
  const policyInput = {
    name: current.name,
    steps,
    sendWindow: {
      startHour: number('sendWindow.startHour', true),
      endHour: number('sendWindow.endHour', true),
      weekdays: many(values['sendWindow.weekdays']).map(Number),
      skipHolidays: !!one(values['sendWindow.skipHolidays']),
    },
    repeatLast: repeatOf(values, errors),
    minDaysBetweenContacts: number('minDaysBetweenContacts', true),
    consolidate: !!one(values.consolidate),
    promiseGraceDays: number('promiseGraceDays', true),
    charges: {
      ...current.charges,
      regime: one(values['charges.regime']) || undefined,
      contractRatePercent: number('charges.contractRatePercent', false, null),
      writeAs: one(values['charges.writeAs']) || undefined,
      bookTo: optional('charges.bookTo'),
      // the custom terms are read only when "custom" is picked; otherwise the saved ones wait, untouched
      custom: one(values['charges.regime']) === 'custom' ? customOf(number, optional, errors) : current.charges.custom,
    },
  };
  const policy = policySchema.safeParse(policyInput, { error: friendly });
  const sender = senderSchema.safeParse({ name: one(values['sender.name']), email: one(values['sender.email']) });
  const branding = brandingSchema.safeParse(
    {
      logoUrl: optional('branding.logoUrl'),
      colour: optional('branding.colour'),
      signature: optional('branding.signature'),
      legalFooter: optional('branding.legalFooter'),
    },
    { error: friendly },
  );

  const put = (field: string, message: string) => {
    if (!(field in errors)) errors[field] = message;
  };
  for (const issue of policy.error?.issues ?? []) {
    const path = [...issue.path];
    if (path[0] === 'steps' && typeof path[1] === 'number') path[1] = rowOf[path[1]] ?? path[1];
    put(fieldOf(path, values), issue.message);
  }
  for (const issue of sender.error?.issues ?? []) put(fieldOf(['sender', ...issue.path], values), issue.message);
  for (const issue of branding.error?.issues ?? []) put(fieldOf(['branding', ...issue.path], values), issue.message);
  const underFloor = policy.success && options.today ? frenchFloorRefusal(policy.data as Policy, org, options.today) : null;
  if (underFloor) put('charges.contractRatePercent', underFloor);
  // a form without the sending part (an older page) leaves the sending setting as it is
  const sending =
    'sending.mode' in values
      ? readSending(values, org, options.seal, options.now ?? new Date().toISOString(), {
          allowPrivateHosts: options.allowPrivateSmtpHosts === true,
        })
      : { ok: true as const, smtp: org.smtp ?? null };
  if (!sending.ok) for (const [field, message] of Object.entries(sending.errors)) put(field, message);
  const place = readPlace(values, org, errors);
  const notifications = readNotifications(values, org, errors);
  // rules copy the default policy's steps: read once the default is known good
  const rules = policy.success ? readRules(values, policy.data as Policy, ruleCurrencyOf(org), errors) : org.policy.rules;
  if (Object.keys(errors).length > 0 || !policy.success || !sender.success || !branding.success || !sending.ok)
    return { ok: false, errors };
  return {
    ok: true,
    patch: {
      policy: { ...org.policy, default: policy.data as Policy, rules },
      sender: sender.data,
      branding: branding.data,
      smtp: sending.smtp,
      notifications,
      ...place,
    },
  };
}

/** Both empty: the last step does not repeat. One of them alone is a half-said setting, refused. */
function repeatOf(values: FormValues, errors: FieldErrors): { everyDays: number; max: number } | null | undefined {
  const every = one(values['repeatLast.everyDays']);
  const max = one(values['repeatLast.max']);
  if (!every && !max) return null;
  const whole = (field: string, text: string): number => {
    if (!text) errors[field] ??= 'fill both, or leave both empty for no repetition';
    else if (!/^\d+$/.test(text)) errors[field] ??= `"${text}" is not a whole number`;
    return text && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  };
  return { everyDays: whole('repeatLast.everyDays', every), max: whole('repeatLast.max', max) };
}

type NumberReader = (field: string, whole: boolean, empty?: null | undefined) => number | null | undefined;

/** The owner's own terms; amounts in the organisation's currency, as decimals ("40", "12.50"). */
function customOf(number: NumberReader, optional: (field: string) => string | null, errors: FieldErrors) {
  const amount = (name: string): string | null => {
    const field = `charges.custom.${name}`;
    const text = optional(field)?.replace(',', '.') ?? null;
    if (text !== null && !/^\d+(\.\d+)?$/.test(text)) errors[field] ??= `"${text}" is not an amount, like 40 or 12.50`;
    return text;
  };
  const custom = {
    fixedFee: amount('fixedFee'),
    percentOfBalance: number('charges.custom.percentOfBalance', false, null),
    annualRatePercent: number('charges.custom.annualRatePercent', false, null),
    graceDays: number('charges.custom.graceDays', true, null) ?? 0,
    minimumBalance: amount('minimumBalance'),
    cap: amount('cap'),
    repeatEveryDays: number('charges.custom.repeatEveryDays', true, null),
  };
  if (custom.fixedFee === null && custom.percentOfBalance === null && custom.annualRatePercent === null)
    errors['charges.custom.fixedFee'] ??= 'custom terms need a fixed fee, a percentage of the balance or a yearly rate';
  if (custom.repeatEveryDays !== null && custom.fixedFee === null && custom.percentOfBalance === null)
    errors['charges.custom.repeatEveryDays'] ??= 'only a fee repeats: set a fixed fee or a percentage, or leave this empty';
  return custom;
}

function notificationValuesOf(org: Organisation): FormValues {
  const n = notificationsOf(org);
  return { 'notifications.digest': n.digest ? 'on' : '', 'notifications.email': n.email ?? '', 'notifications.hour': String(n.hour) };
}

/** A form without the notifications part (an older page) keeps them as they are. */
function readNotifications(values: FormValues, org: Organisation, errors: FieldErrors): OwnerNotifications {
  if (!('notifications.hour' in values)) return notificationsOf(org);
  const email = one(values['notifications.email']);
  const hour = one(values['notifications.hour']);
  if (email && !z.email().safeParse(email).success)
    errors['notifications.email'] ??= 'enter an address like owner@example.com, or leave it empty for the reply-to address';
  if (!/^\d{1,2}$/.test(hour) || Number(hour) > 23) errors['notifications.hour'] ??= 'an hour from 0 to 23';
  return { digest: !!one(values['notifications.digest']), email: email || null, hour: Number(hour) };
}

/**
 * French law sets a floor under contract rates (3 × the legal rate, Code de commerce L441-10): a lower rate would be
 * refused when charges are computed, so it is refused here, where the owner can fix it.
 */
function frenchFloorRefusal(policy: Policy, org: Organisation, today: CalendarDate): string | null {
  const { regime, contractRatePercent: rate } = policy.charges;
  const french = regime === 'FR' || (regime === 'auto' && org.countryCode.toUpperCase() === 'FR');
  if (!french || rate === null) return null;
  const floor = frenchContractFloor(today);
  if (rate >= Number(floor.floorPercent)) return null;
  return (
    `${rate}% is under the French legal floor of ${floor.floorPercent}% (3 × the legal rate of ${floor.legalPercent}%, ${floor.from} to ${floor.to}): ` +
    `set at least ${floor.floorPercent}% or leave it empty for the statutory ECB rate + 10 points`
  );
}

/** The deepest form field a zod path points into; `steps` itself (too few steps) is a field too. */
function fieldOf(path: PropertyKey[], values: FormValues): string {
  for (let n = path.length; n > 0; n--) {
    const name = path.slice(0, n).map(String).join('.');
    if (name in values || name === 'steps' || name === 'sendWindow.weekdays') return name;
  }
  return 'form';
}

/** zod's defaults speak to developers ("Too small: expected number to be >=-60"); these speak to the owner. */
function friendly(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
  if (issue.code === 'invalid_value') return `pick one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'enter a number';
  if (issue.code === 'too_small' && issue.origin === 'string') return 'cannot be empty';
  if (issue.code === 'too_big' && issue.origin === 'string') return `at most ${String(issue.maximum)} characters`;
  if (issue.code === 'invalid_format') return 'an amount like 40 or 12.50';
  return undefined;
}
