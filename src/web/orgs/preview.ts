import { addDays, type CalendarDate, daysBetween } from '../../core/calendar.ts';
import { money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Step } from '../../core/policy.ts';
import type { ScheduleContact } from '../../core/reminder.ts';
import type { StoredInvoice } from '../../core/store.ts';
import type { ReminderEmailModel } from '../../mail/model.ts';
import { createRenderer, type Renderer } from '../../mail/render.ts';
import { chargesToMention, type ServiceDeps } from '../../services/index.ts';
import { html } from '../html.ts';
import type { FieldErrors, FormValues } from './form-values.ts';
import type { SettingsPatch } from './settings-form.ts';

/**
 * What the email preview may do in its frame: show its own inline styles and remote images, nothing else (no script,
 * no form, no navigation of the page: `sandbox`). Sent as the preview's own header, which the app's middleware keeps.
 *
 * Why a route and not `<iframe srcdoc>`: a srcdoc document inherits the page's CSP (style-src 'self'), which would
 * strip every inline style of the email, so the preview would not look like what customers get. A response of its own
 * carries this policy instead.
 */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox";

/** Links in a preview lead nowhere real: a click in it must not record an answer or open a payment. */
const NOWHERE = 'https://preview.relance.invalid';

let renderer: Renderer | null = null;

/** The step the preview shows: the one on the chosen row of the form, else the first email step. */
export function previewStep(values: FormValues, steps: readonly Step[]): Step | null {
  const row = values['preview.step'];
  const key = typeof row === 'string' && /^\d+$/.test(row) ? values[`steps.${row}.key`] : undefined;
  const wanted = typeof key === 'string' ? steps.find((s) => s.key === key.trim()) : undefined;
  return wanted ?? steps.find((s) => s.channel === 'email') ?? steps[0] ?? null;
}

/**
 * The reminder this invoice would get with the settings as typed (not saved): the same renderer and the same charges
 * as a real send, its links pointing nowhere.
 */
export async function renderPreview(
  deps: ServiceDeps,
  org: Organisation,
  patch: SettingsPatch,
  step: Step,
  invoice: StoredInvoice,
  contact: ScheduleContact,
  today: CalendarDate,
): Promise<string> {
  const edited: Organisation = { ...org, ...patch, policy: patch.policy };
  const charges = step.charges === 'none' ? null : await chargesToMention(deps, edited, invoice, contact, today).catch(() => null);
  const amountDue = money(invoice.amountDueMinor, invoice.currency);
  const chargesToDate = charges ? money(charges.totalMinor, invoice.currency) : null;
  const total = chargesToDate ? money(amountDue.minor + chargesToDate.minor, invoice.currency) : amountDue;
  const model: ReminderEmailModel = {
    template: step.template,
    tone: step.tone,
    locale: edited.locale,
    branding: edited.branding,
    businessName: edited.name,
    customerName: contact.name,
    senderName: edited.sender.name,
    invoices: [
      {
        number: invoice.number,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        daysLate: daysBetween(invoice.dueDate, today),
        amountDue,
        chargesToDate,
        total,
      },
    ],
    totalDue: total,
    paymentUrl: `${NOWHERE}/pay`,
    answerUrls: { promise: `${NOWHERE}/promise`, paid: `${NOWHERE}/paid`, dispute: `${NOWHERE}/dispute` },
    // as the send does (services/send.ts)
    deadline: ['firm', 'final', 'formal-notice'].includes(step.template) ? addDays(today, step.template === 'firm' ? 10 : 8) : null,
    charges: charges && charges.wording.length > 0 ? { lines: charges.wording, totalLabel: '' } : null,
    claim:
      step.template === 'formal-notice'
        ? {
            principal: amountDue,
            interest: money(charges?.interestMinor ?? 0, invoice.currency),
            compensation: money(charges?.compensationMinor ?? 0, invoice.currency),
            total,
          }
        : null,
  };
  renderer ??= createRenderer();
  return (await renderer.render(model)).html;
}

/** A small document in the preview's frame: why there is nothing to show. */
export function previewProblem(lang: string, title: string, errors: FieldErrors | string): string {
  const items = typeof errors === 'string' ? [errors] : Object.entries(errors).map(([field, message]) => `${field}: ${message}`);
  return String(
    html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><p><strong>${title}</strong></p><ul>${items.map((i) => html`<li>${i}</li>`)}</ul></body></html>`,
  );
}
