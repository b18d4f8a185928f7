import type { CatchUpItem, CatchUpReview } from '../../services/index.ts';
import type { StartWords } from './words.ts';

/** What the owner picks for each overdue invoice when sending starts. */
export const CHOICES = ['planned', 'gentle', 'out'] as const;
export type Choice = (typeof CHOICES)[number];

/** Past this many days overdue, an invoice starts gently unless the owner says otherwise. */
export const LONG_OVERDUE_DAYS = 60;
/** Rows listed with a choice per group; the rest follow the default (the form stays well under the body limit). */
export const LISTED_PER_GROUP = 100;

export const choiceField = (invoiceId: string) => `choice.${invoiceId}`;

export function defaultChoice(item: CatchUpItem, review: Pick<CatchUpReview, 'gentleStep'>): Choice {
  return review.gentleStep && item.daysOverdue > LONG_OVERDUE_DAYS ? 'gentle' : 'planned';
}

export type ReadChoices =
  | { ok: true; gentle: string[]; leaveOut: string[] }
  | { ok: false; errors: Record<string, string>; picked: Map<string, string> };

/**
 * The form's choices over the review as it stands now: every overdue invoice gets the owner's pick, or its default when
 * it was not listed. An unknown value or invoice is refused whole (nothing is changed).
 */
export function readChoices(body: Record<string, unknown>, review: CatchUpReview, w: StartWords): ReadChoices {
  const items = new Map(review.groups.flatMap((g) => g.items).map((i) => [i.invoice.id, i]));
  const picked = new Map<string, string>();
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('choice.')) continue;
    const id = name.slice('choice.'.length);
    const text = typeof value === 'string' ? value : '';
    picked.set(id, text);
    if (!items.has(id)) errors[name] = w.unknownInvoice;
    else if (!(CHOICES as readonly string[]).includes(text)) errors[name] = w.badChoice;
    else if (text === 'gentle' && !review.gentleStep) errors[name] = w.noGentle;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, picked };
  const gentle: string[] = [];
  const leaveOut: string[] = [];
  for (const [id, item] of items) {
    const choice = (picked.get(id) as Choice | undefined) ?? defaultChoice(item, review);
    if (choice === 'gentle') gentle.push(id);
    if (choice === 'out') leaveOut.push(id);
  }
  return { ok: true, gentle, leaveOut };
}
