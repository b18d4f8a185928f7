import type { CalendarDate } from '../../core/calendar.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { StoredInvoice } from '../../core/store.ts';
import type { AnswerKind } from '../../services/index.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';

/** Customers read these pages: in the organisation's language (French or English), with its name, never relance's. */
const TEXT = {
  en: {
    promise: {
      title: 'When will you pay?',
      intro: 'Tell us the date you will pay and we will not remind you before then.',
      field: 'Payment date',
      button: 'Send my date',
    },
    paid: {
      title: 'Already paid',
      intro: 'Thank you! Tell us how you paid so we can match it, and we will check it.',
      field: 'Payment reference (optional)',
      button: 'I have paid',
    },
    dispute: {
      title: 'Something is wrong',
      intro: 'Tell us what is wrong with this invoice. Reminders stop while we look into it.',
      field: 'What is wrong?',
      button: 'Send',
    },
    invoices: 'Invoices',
    thanks: 'Thank you',
    thanked: 'Your answer was passed on to',
    contact: 'Questions? Write to',
    tampered: 'This link does not work',
    tamperedText: 'The link is incomplete or was changed. Please use the link from the email exactly as it arrived.',
    expired: 'This link has expired',
    expiredText: 'Links in reminders work for a limited time. Please contact',
    formGone: 'This form has expired',
    formGoneText: 'Please open the link from the email again.',
    badDate: 'Pick a date, like 2026-04-15.',
    pastDate: 'This date is in the past: pick today or a later day.',
    farDate: 'Pick a date within 90 days; for a longer plan, please write to us.',
    noReason: 'Tell us briefly what is wrong.',
  },
  fr: {
    promise: {
      title: 'Quand allez-vous régler ?',
      intro: 'Indiquez la date de votre règlement : aucune relance ne vous sera envoyée d’ici là.',
      field: 'Date de paiement',
      button: 'Envoyer ma date',
    },
    paid: {
      title: 'Déjà réglé',
      intro: 'Merci ! Indiquez comment vous avez réglé pour que nous puissions le rapprocher.',
      field: 'Référence du paiement (facultatif)',
      button: 'J’ai réglé',
    },
    dispute: {
      title: 'Un problème ?',
      intro: 'Dites-nous ce qui ne va pas avec cette facture. Les relances sont suspendues le temps de voir.',
      field: 'Quel est le problème ?',
      button: 'Envoyer',
    },
    invoices: 'Factures',
    thanks: 'Merci',
    thanked: 'Votre réponse a été transmise à',
    contact: 'Une question ? Écrivez à',
    tampered: 'Ce lien ne fonctionne pas',
    tamperedText: 'Le lien est incomplet ou a été modifié. Utilisez le lien de l’e-mail tel qu’il est arrivé.',
    expired: 'Ce lien a expiré',
    expiredText: 'Les liens des relances ont une durée limitée. Contactez',
    formGone: 'Ce formulaire a expiré',
    formGoneText: 'Ouvrez à nouveau le lien de l’e-mail.',
    badDate: 'Choisissez une date, par exemple 2026-04-15.',
    pastDate: 'Cette date est passée : choisissez aujourd’hui ou un jour suivant.',
    farDate: 'Choisissez une date dans les 90 jours ; pour un échéancier plus long, écrivez-nous.',
    noReason: 'Dites-nous en quelques mots ce qui ne va pas.',
  },
} as const;

export type AnswerText = (typeof TEXT)['en'];
export const textFor = (locale: string | undefined): AnswerText =>
  (locale?.toLowerCase().startsWith('fr') ? TEXT.fr : TEXT.en) as AnswerText;

const contactLine = (org: Organisation, t: AnswerText) =>
  html`<p>${t.contact} ${org.sender.name} · <a href="mailto:${org.sender.email}">${org.sender.email}</a></p>`;

export const tamperedPage = (t: AnswerText = TEXT.en) =>
  page(t.tampered, html`<section class="card"><h1>${t.tampered}</h1><p>${t.tamperedText}</p></section>`);

export const expiredPage = (org: Organisation | null, t: AnswerText) =>
  page(
    t.expired,
    html`<section class="card"><h1>${t.expired}</h1>
<p>${t.expiredText} ${org ? html`${org.sender.name}: <a href="mailto:${org.sender.email}">${org.sender.email}</a>` : ''}.</p></section>`,
  );

export const formGonePage = (t: AnswerText) =>
  page(t.formGone, html`<section class="card"><h1>${t.formGone}</h1><p>${t.formGoneText}</p></section>`);

export type AnswerForm = {
  kind: AnswerKind;
  org: Organisation;
  invoices: StoredInvoice[];
  token: string;
  formMac: string;
  range: { min: CalendarDate; max: CalendarDate };
  values: { promisedDate?: string; reference?: string; reason?: string };
  error: string | null;
};

function field(f: AnswerForm, t: AnswerText): Html {
  const err = f.error ? html`<p class="error" id="answer-error" role="alert">${f.error}</p>` : '';
  const invalid = f.error ? html` aria-invalid="true" aria-describedby="answer-error"` : '';
  if (f.kind === 'promise') {
    return html`<div class="${f.error ? 'field-error' : ''}"><label for="promisedDate">${t.promise.field}</label>
<input type="date" id="promisedDate" name="promisedDate" min="${f.range.min}" max="${f.range.max}" value="${f.values.promisedDate ?? ''}" required${invalid}>${err}</div>`;
  }
  if (f.kind === 'paid') {
    return html`<div class="${f.error ? 'field-error' : ''}"><label for="reference">${t.paid.field}</label>
<input type="text" id="reference" name="reference" maxlength="200" value="${f.values.reference ?? ''}"${invalid}>${err}</div>`;
  }
  return html`<div class="${f.error ? 'field-error' : ''}"><label for="reason">${t.dispute.field}</label>
<textarea id="reason" name="reason" maxlength="2000" required${invalid}>${f.values.reason ?? ''}</textarea>${err}</div>`;
}

export function answerFormPage(f: AnswerForm): Html {
  const t = textFor(f.org.locale);
  const k = t[f.kind];
  const rows = f.invoices.map(
    (i) =>
      html`<tr><td>${i.number}</td><td>${i.dueDate}</td><td>${formatMoney(money(i.amountDueMinor, i.currency), f.org.locale)}</td></tr>`,
  );
  return page(
    k.title,
    html`<section class="card"><p class="muted">${f.org.name}</p><h1>${k.title}</h1><p>${k.intro}</p>
<table><thead><tr><th>${t.invoices}</th><th></th><th></th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/answer/${f.kind}">
<input type="hidden" name="t" value="${f.token}"><input type="hidden" name="_form" value="${f.formMac}">
${field(f, t)}<p><button type="submit">${k.button}</button></p></form>${contactLine(f.org, t)}</section>`,
  );
}

export function thanksPage(org: Organisation): Html {
  const t = textFor(org.locale);
  return page(t.thanks, html`<section class="card"><h1>${t.thanks}</h1><p>${t.thanked} ${org.name}.</p>${contactLine(org, t)}</section>`);
}
