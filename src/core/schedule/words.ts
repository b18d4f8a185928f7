import type { CalendarDate } from '../calendar.ts';
import type { Step } from '../policy.ts';

/**
 * Human labels for steps, offsets and days, in the two locales the product starts with. Anything not French reads
 * English: a label must always come out, even for a locale nobody translated yet.
 */
export type ScheduleLocale = 'en' | 'fr';

export function scheduleLocale(locale: string): ScheduleLocale {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const TEMPLATE_LABELS: Record<Step['template'], Record<ScheduleLocale, string>> = {
  courtesy: { en: 'courtesy reminder', fr: 'rappel de courtoisie' },
  friendly: { en: 'friendly reminder', fr: 'relance amiable' },
  firm: { en: 'firm reminder', fr: 'relance ferme' },
  final: { en: 'final reminder', fr: 'dernière relance' },
  'formal-notice': { en: 'formal notice', fr: 'mise en demeure' },
};

/** "friendly reminder", "reminder call", "formal notice by letter" / "relance amiable", "mise en demeure par courrier". */
export function describeStep(step: Pick<Step, 'template' | 'channel'>, locale: string = 'en'): string {
  const l = scheduleLocale(locale);
  if (step.channel === 'call') return l === 'fr' ? 'relance téléphonique' : 'reminder call';
  const label = TEMPLATE_LABELS[step.template][l];
  if (step.channel === 'letter') return l === 'fr' ? `${label} par courrier` : `${label} by letter`;
  return label;
}

/** "1 day after the due date", "3 days before the due date", "on the due date" (and French). */
export function describeOffset(offsetDays: number, locale: string = 'en'): string {
  const n = Math.abs(offsetDays);
  if (scheduleLocale(locale) === 'fr') {
    if (offsetDays === 0) return "le jour de l'échéance";
    return `${n} jour${n > 1 ? 's' : ''} ${offsetDays < 0 ? 'avant' : 'après'} l'échéance`;
  }
  if (offsetDays === 0) return 'on the due date';
  return `${n} day${n > 1 ? 's' : ''} ${offsetDays < 0 ? 'before' : 'after'} the due date`;
}

const dayFormats: Record<ScheduleLocale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
};

/** Every decision's sentence names a few dates, and Intl is slow: remember the last few thousand. */
const dayCache = new Map<string, string>();

/** "3 Mar 2026" / "3 mars 2026". A calendar date is read at UTC midnight so no zone can move it. */
export function formatDay(date: CalendarDate, locale: string = 'en'): string {
  const l = scheduleLocale(locale);
  const key = `${l}${date}`;
  let text = dayCache.get(key);
  if (text === undefined) {
    if (dayCache.size >= 5000) dayCache.clear();
    text = dayFormats[l].format(new Date(`${date}T00:00:00Z`));
    dayCache.set(key, text);
  }
  return text;
}
