import { z } from 'zod';

/**
 * The owner's reminder policy. Validated with zod wherever it enters (settings form, JSON API, store), so a bad setting
 * is refused with the path of the field and never half-applied.
 */
export const TONES = ['warm', 'neutral', 'firm'] as const;
export const TEMPLATES = ['courtesy', 'friendly', 'firm', 'final', 'formal-notice'] as const;
export const CHANNELS = ['email', 'call', 'letter'] as const;

export const stepSchema = z.object({
  /**
   * A policy's own keys are 1-40 lowercase letters, digits or dashes; `<key>~<n>` is the n-th repetition of the last
   * step (repeatLast), which a stored reminder's step may carry but a policy step may not (policySchema refuses it).
   */
  key: z.string().regex(/^[a-z0-9-]{1,40}(~[0-9]{1,2})?$/, 'a step key is 1-40 lowercase letters, digits or dashes'),
  /** Days relative to the due date; negative = before it. */
  offsetDays: z.number().int().min(-60).max(365),
  channel: z.enum(CHANNELS).default('email'),
  tone: z.enum(TONES).default('neutral'),
  template: z.enum(TEMPLATES),
  /** none: say nothing of charges; mention: state what has accrued; claim: write them to the ledger and ask for them. */
  charges: z.enum(['none', 'mention', 'claim']).default('none'),
  /** The step waits for the owner's go-ahead instead of going out by itself. */
  requiresApproval: z.boolean().default(false),
});
export type Step = z.infer<typeof stepSchema>;

export const sendWindowSchema = z
  .object({
    /** Local hours, [startHour, endHour). */
    startHour: z.number().int().min(0).max(23).default(9),
    endHour: z.number().int().min(1).max(24).default(17),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, 'pick at least one weekday').default([1, 2, 3, 4, 5]),
    /** The public holidays of the organisation's country are not send days (core/holidays holds them as data). */
    skipHolidays: z.boolean().default(true),
  })
  .refine((w) => w.startHour < w.endHour, { message: 'the send window must start before it ends', path: ['endHour'] });
export type SendWindow = z.infer<typeof sendWindowSchema>;

export const chargeSettingsSchema = z.object({
  /** auto: from the organisation's country and the customer's (B2C when the customer is a consumer). */
  regime: z.enum(['auto', 'FR', 'UK', 'DE', 'IE', 'EU', 'custom', 'none']).default('auto'),
  /** A contract rate (annual %) that replaces the statutory one where the law allows it (France: ≥ 3 × legal rate). */
  contractRatePercent: z.number().min(0).max(100).nullable().default(null),
  custom: z
    .object({
      fixedFee: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .nullable()
        .default(null),
      percentOfBalance: z.number().min(0).max(100).nullable().default(null),
      annualRatePercent: z.number().min(0).max(100).nullable().default(null),
      graceDays: z.number().int().min(0).max(365).default(0),
      minimumBalance: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .nullable()
        .default(null),
      cap: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .nullable()
        .default(null),
      repeatEveryDays: z.number().int().min(1).max(365).nullable().default(null),
    })
    .nullable()
    .default(null),
  /** How claimed charges reach the ledger. */
  writeAs: z.enum(['separate-invoice', 'line-on-original']).default('separate-invoice'),
  /**
   * What charge lines are booked to in the ledger: an income account code or a service item id, as the connector
   * says (LedgerWrites.chargesBookedTo; the settings page offers the ledger's chargeTargets).
   */
  bookTo: z.string().max(64).nullable().default(null),
  /**
   * @deprecated The old name of `bookTo`, read from policies stored before ledgers were plug-ins and moved to `bookTo`
   * on parse (never present after it). Kept in the type only while callers still build policies with it.
   */
  incomeAccountCode: z.string().max(64).nullable().optional(),
});

/** A stored policy may still say `incomeAccountCode`: it becomes `bookTo` (which wins when both are there). */
function renamedChargeFields(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !('incomeAccountCode' in input)) return input;
  const { incomeAccountCode, ...rest } = input as Record<string, unknown>;
  return 'bookTo' in rest && rest.bookTo != null ? rest : { ...rest, bookTo: incomeAccountCode };
}
export type ChargeSettings = z.infer<typeof chargeSettingsSchema>;

export const policySchema = z
  .object({
    name: z.string().min(1).max(80).default('Standard'),
    steps: z.array(stepSchema).min(1, 'a policy needs at least one step').max(12),
    sendWindow: sendWindowSchema.default({ startHour: 9, endHour: 17, weekdays: [1, 2, 3, 4, 5], skipHolidays: true }),
    /** Minimum whole days between two contacts with one customer. */
    minDaysBetweenContacts: z.number().int().min(0).max(60).default(3),
    /** One email per customer listing all their due invoices. */
    consolidate: z.boolean().default(true),
    /** Days after a promised payment date before chasing resumes. */
    promiseGraceDays: z.number().int().min(0).max(60).default(3),
    charges: z.preprocess(renamedChargeFields, chargeSettingsSchema).default(chargeSettingsSchema.parse({})),
    /**
     * The last step comes back every `everyDays` days after it went out, at most `max` more times (null: it does not
     * repeat). Each repetition is a reminder of its own (step key `<last>~<n>`, n from 1), so it is sent at most once.
     */
    repeatLast: z
      .object({ everyDays: z.number().int().min(1).max(90), max: z.number().int().min(1).max(12) })
      .nullable()
      .default(null),
  })
  .superRefine((p, ctx) => {
    const keys = new Set<string>();
    p.steps.forEach((s, i) => {
      if (s.key.includes('~'))
        ctx.addIssue({ code: 'custom', message: 'a step key is 1-40 lowercase letters, digits or dashes', path: ['steps', i, 'key'] });
      if (keys.has(s.key)) ctx.addIssue({ code: 'custom', message: `step key "${s.key}" is used twice`, path: ['steps', i, 'key'] });
      keys.add(s.key);
      const prev = p.steps[i - 1];
      if (prev && prev.offsetDays >= s.offsetDays)
        ctx.addIssue({
          code: 'custom',
          message: `steps must be in order of days: "${s.key}" (${s.offsetDays}) comes after "${prev.key}" (${prev.offsetDays})`,
          path: ['steps', i, 'offsetDays'],
        });
    });
  });
export type Policy = z.infer<typeof policySchema>;

/** A rule picks a policy other than the default for some invoices. First match wins. */
export const policyRuleSchema = z.object({
  name: z.string().min(1).max(80),
  when: z.object({
    consumer: z.boolean().optional(),
    profile: z.enum(['reliable', 'forgetful', 'chronic-late', 'new']).optional(),
    minAmountMinor: z.number().int().min(0).optional(),
    maxAmountMinor: z.number().int().min(0).optional(),
    /**
     * Named customers (relance's contact ids). Like every condition here it must hold with the others (AND): alone, the
     * rule takes these customers' invoices; with an amount bound, only those of their invoices within it. An empty list
     * names nobody and matches no invoice.
     */
    contactIds: z.array(z.string().min(1).max(64)).max(500).optional(),
  }),
  policy: policySchema,
});
export type PolicyRule = z.infer<typeof policyRuleSchema>;

export const policySetSchema = z.object({
  default: policySchema,
  rules: z.array(policyRuleSchema).max(20).default([]),
});
export type PolicySet = z.infer<typeof policySetSchema>;

/**
 * The seeds' process: a courtesy note before the due date, a friendly reminder just after, a firm one that states the
 * penalties and asks for a payment date, a final one, a phone call task between them, then a formal notice by letter
 * which waits for the owner's approval.
 */
export const defaultPolicy: Policy = policySchema.parse({
  name: 'Standard',
  steps: [
    { key: 'courtesy', offsetDays: -3, tone: 'warm', template: 'courtesy', charges: 'none' },
    { key: 'friendly', offsetDays: 1, tone: 'warm', template: 'friendly', charges: 'none' },
    { key: 'firm', offsetDays: 10, tone: 'neutral', template: 'firm', charges: 'mention' },
    { key: 'call', offsetDays: 20, channel: 'call', tone: 'neutral', template: 'firm', charges: 'mention' },
    { key: 'final', offsetDays: 30, tone: 'firm', template: 'final', charges: 'claim' },
    {
      key: 'formal-notice',
      offsetDays: 45,
      channel: 'letter',
      tone: 'firm',
      template: 'formal-notice',
      charges: 'claim',
      requiresApproval: true,
    },
  ],
});

export const defaultPolicySet: PolicySet = { default: defaultPolicy, rules: [] };
