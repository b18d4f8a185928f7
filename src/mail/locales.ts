import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TEMPLATES, TONES } from '../core/policy.ts';

/**
 * The words of every email, per language, as data: templates/locales/<lang>.json. A new language is one more file (or
 * one more object passed to createRenderer); the schema makes a missing sentence a load error, not a blank in an email.
 * Texts may use the runtime tags listed in templates/README.md.
 */
const text = z.string().min(1);

const toneTexts = z.object({
  subject: text,
  preheader: text,
  heading: text,
  /** Replaces common.greeting for this step and tone (a formal notice opens more formally). */
  greeting: text.optional(),
  intro: text,
  body: text,
  ask: text,
  closing: text,
});

const templateTexts = z.object(Object.fromEntries(TONES.map((t) => [t, toneTexts])) as Record<(typeof TONES)[number], typeof toneTexts>);

export const localeSchema = z.object({
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "fr" or "pt-BR"'),
  /** The tag Intl formats dates and amounts with (fr → fr-FR). */
  intl: z.string().refine((tag) => Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0, 'a locale Intl knows'),
  common: z.object({
    /** ": " in English, " : " in French: the text part's label separator. */
    colon: text,
    greeting: text,
    invoiceRef: z.object({ one: text, many: text }),
    days: z.object({ one: text, other: text }).catchall(text),
    table: z.object({
      number: text,
      issueDate: text,
      dueDate: text,
      daysLate: text,
      amountDue: text,
      chargesToDate: text,
      total: text,
      totalDue: text,
      none: text,
      more: text,
      /** The link in each row to that invoice's payment page. */
      pay: text,
      /** Under a charges invoice's number: whose charges it carries (`{{chargesFor}}`). */
      chargesFor: text,
    }),
    pay: text,
    payText: text,
    /** Instead of the button when no one link pays every invoice listed. */
    payEach: text,
    answersIntro: text,
    answers: z.object({ promise: text, paid: text, dispute: text }),
    chargesHeading: text,
    breakdown: z.object({ heading: text, principal: text, interest: text, compensation: text, total: text }),
    deadline: text,
    legalBasisLabel: text,
    legalBasis: text,
    nextStepLabel: text,
    nextStep: text,
    footer: text,
  }),
  templates: z.object(
    Object.fromEntries(TEMPLATES.map((t) => [t, templateTexts])) as Record<(typeof TEMPLATES)[number], typeof templateTexts>,
  ),
});
export type LocaleTexts = z.infer<typeof localeSchema>;

export function parseLocale(data: unknown, source: string): LocaleTexts {
  const parsed = localeSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`locale ${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Every `<lang>.json` in a folder, keyed by its `locale`. */
export function loadLocaleDir(dir: string): Map<string, LocaleTexts> {
  const found = new Map<string, LocaleTexts>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(dir, file);
    const texts = parseLocale(JSON.parse(readFileSync(path, 'utf8')), path);
    found.set(texts.locale, texts);
  }
  return found;
}

/** "fr-CA" → fr-CA if known, else fr; anything unknown → the fallback. */
export function pickLocale(locales: ReadonlyMap<string, LocaleTexts>, wanted: string, fallback: string): LocaleTexts {
  const exact = locales.get(wanted) ?? locales.get(wanted.toLowerCase().split('-')[0] ?? '') ?? locales.get(fallback);
  if (!exact) throw new Error(`no texts for locale "${wanted}" nor for the fallback "${fallback}"`);
  return exact;
}
