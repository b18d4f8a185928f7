import type { ReminderState } from '../reminder.ts';
import type { ScheduleLocale } from './words.ts';

/**
 * Every sentence the schedule says to an owner, in each locale. Callers format names, labels and dates first; a
 * phrase only arranges them, so the two languages cannot drift apart in what they say.
 */
export type Phrases = {
  /** "<label> due today (<offset>, <due date>)" */
  stepDue(label: string, dueToday: boolean, dueOn: string, offset: string, invoiceDue: string): string;
  send(n: string, stepDue: string): string;
  call(n: string, stepDue: string, contact: string): string;
  letter(n: string, stepDue: string, contact: string): string;
  approve(n: string, stepDue: string): string;
  noEmail(n: string, stepDue: string, contact: string): string;
  outsideWindow(n: string, stepDue: string, window: string, today: boolean, startHour: string, until: string): string;
  /** Today is a public holiday of the organisation's country, which the send window skips. */
  holiday(n: string, stepDue: string, today: string, holiday: string, until: string): string;
  contactedRecently(n: string, stepDue: string, contact: string, last: string, days: number, until: string): string;
  notYetDue(n: string, label: string, on: string, offset: string, invoiceDue: string): string;
  allDone(n: string, steps: number, policy: string): string;
  inProgress(n: string, label: string, dueOn: string, state: ReminderState): string;
  superseded(n: string, label: string, dueOn: string, byLabel: string, byDueNow: boolean, byState: ReminderState | null): string;
  /** A step set before the due date, not sent because that date has passed; `next` is the step the invoice waits for. */
  pastDue(n: string, label: string, offset: string, invoiceDue: string, next: { label: string; on: string } | null): string;
  deleted(n: string): string;
  voided(n: string): string;
  draft(n: string): string;
  credited(n: string, amount: string): string;
  paid(n: string): string;
  disputed(n: string, contact: string, byCustomer: boolean, reason: string): string;
  reportedPaid(n: string, contact: string): string;
  pausedInvoice(n: string): string;
  /** A late-payment charges invoice relance wrote: it goes with the invoice it belongs to. */
  chargesInvoice(n: string): string;
  pausedContact(n: string, contact: string): string;
  /** Paused until a date: chasing resumes by itself on `until`. */
  pausedInvoiceUntil(n: string, until: string): string;
  pausedContactUntil(n: string, contact: string, until: string): string;
  promised(n: string, promisedDate: string, resumesOn: string, graceDays: number): string;
  /** A repetition of the last step: "repeat 2 of 3". */
  repeat(n: number, of: number): string;
  weekdays: readonly string[];
};

const s = (n: number): string => (n > 1 ? 's' : '');

const en: Phrases = {
  stepDue: (label, dueToday, dueOn, offset, invoiceDue) =>
    `${label} ${dueToday ? 'due today' : `due since ${dueOn}`} (${offset}, ${invoiceDue})`,
  send: (n, due) => `${n}: ${due}.`,
  call: (n, due, contact) => `${n}: ${due}: call ${contact} and ask for a payment date.`,
  letter: (n, due, contact) => `${n}: ${due}: send it to ${contact} by registered letter.`,
  approve: (n, due) => `${n}: ${due}; it waits for your approval before it goes out.`,
  noEmail: (n, due, contact) =>
    `${n}: ${due}, but ${contact} has no email address; add one to the contact in the ledger and it goes out on the next run.`,
  outsideWindow: (n, due, window, today, startHour, until) =>
    `${n}: ${due}; it waits for the send window (${window}) and goes out ${today ? `today at ${startHour}` : `on ${until}`}.`,
  holiday: (n, due, today, holiday, until) =>
    `${n}: ${due}; today (${today}) is a public holiday (${holiday}), so it goes out on ${until}.`,
  contactedRecently: (n, due, contact, last, days, until) =>
    `${n}: ${due}; ${contact} was last contacted on ${last} and the policy leaves ${days} day${s(days)} between contacts, so it waits until ${until}.`,
  notYetDue: (n, label, on, offset, invoiceDue) => `${n}: nothing due yet; next is the ${label} on ${on} (${offset}, ${invoiceDue}).`,
  allDone: (n, steps, policy) => `${n}: all ${steps} step${s(steps)} of the "${policy}" policy are done; nothing more goes out by itself.`,
  inProgress: (n, label, dueOn, state) => {
    const doing =
      state === 'planned'
        ? 'is planned and about to go out'
        : state === 'awaiting-approval'
          ? 'waits for your approval'
          : state === 'claimed' || state === 'sending'
            ? 'is being sent'
            : 'is under way';
    return `${n}: the ${label} (due ${dueOn}) ${doing}; nothing else goes out for this invoice until it is done.`;
  },
  superseded: (n, label, dueOn, byLabel, byDueNow, byState) => {
    const by = byDueNow
      ? 'which is due now'
      : ({
          sent: 'which already went out',
          skipped: 'which was recorded as skipped',
          uncertain: 'which may already have gone out',
          planned: 'which is planned',
          claimed: 'which is being sent',
          sending: 'which is being sent',
          'awaiting-approval': 'which waits for your approval',
        }[byState as string] ?? 'which is already recorded');
    return `${n}: skipped: the ${label} (due ${dueOn}) was superseded by the ${byLabel}, ${by}.`;
  },
  pastDue: (n, label, offset, invoiceDue, next) =>
    `${n}: the ${label} (${offset}, ${invoiceDue}) was not sent: the due date has passed; ${next ? `the ${next.label} follows on ${next.on}` : 'no later step follows'}.`,
  deleted: (n) => `${n}: deleted from the ledger; nothing will be sent.`,
  voided: (n) => `${n}: voided in the ledger; nothing will be sent.`,
  draft: (n) => `${n}: still a draft in the ledger; reminders start once it is approved.`,
  credited: (n, amount) => `${n}: settled by a credit note (${amount} credited); nothing more will be sent.`,
  paid: (n) => `${n}: paid in full; nothing more will be sent.`,
  disputed: (n, contact, byCustomer, reason) =>
    `${n}: ${byCustomer ? `${contact} disputes it` : 'you marked it as disputed'} ("${reason}"); no reminder goes out until the dispute is resolved.`,
  reportedPaid: (n, contact) =>
    `${n}: ${contact} says it is already paid; reminders wait until the next sync with the ledger shows the payment (or shows it still unpaid).`,
  pausedInvoice: (n) => `${n}: you paused reminders for this invoice.`,
  chargesInvoice: (n) =>
    `${n}: late-payment charges relance invoiced; they are listed in the reminders of the invoice they belong to, never chased on their own.`,
  pausedContact: (n, contact) => `${n}: you paused reminders for ${contact}.`,
  pausedInvoiceUntil: (n, until) => `${n}: you paused reminders for this invoice until ${until}; they resume by themselves on that day.`,
  pausedContactUntil: (n, contact, until) =>
    `${n}: you paused reminders for ${contact} until ${until}; they resume by themselves on that day.`,
  promised: (n, promisedDate, resumesOn, grace) =>
    `${n}: payment promised for ${promisedDate}; reminders resume on ${resumesOn} if it is still unpaid${grace === 0 ? '' : ` (${grace} day${s(grace)} of grace)`}.`,
  repeat: (n, of) => `repeat ${n} of ${of}`,
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

const fr: Phrases = {
  stepDue: (label, dueToday, dueOn, offset, invoiceDue) =>
    `${label} à faire ${dueToday ? "aujourd'hui" : `depuis le ${dueOn}`} (${offset} du ${invoiceDue})`,
  send: (n, due) => `${n} : ${due}.`,
  call: (n, due, contact) => `${n} : ${due} : appelez ${contact} et demandez une date de paiement.`,
  letter: (n, due, contact) => `${n} : ${due}, à envoyer à ${contact} par lettre recommandée.`,
  approve: (n, due) => `${n} : ${due} ; en attente de votre accord avant envoi.`,
  noEmail: (n, due, contact) =>
    `${n} : ${due}, mais ${contact} n'a pas d'adresse e-mail ; ajoutez-en une à la fiche du contact dans votre logiciel comptable et l'envoi partira au passage suivant.`,
  outsideWindow: (n, due, window, today, startHour, until) =>
    `${n} : ${due} ; l'envoi attend la plage d'envoi (${window}) et partira ${today ? `aujourd'hui à ${startHour}` : `le ${until}`}.`,
  holiday: (n, due, today, holiday, until) =>
    `${n} : ${due} ; aujourd'hui (${today}) est un jour férié (${holiday}) : l'envoi partira le ${until}.`,
  contactedRecently: (n, due, contact, last, days, until) =>
    `${n} : ${due} ; ${contact} a été contacté le ${last} et la politique laisse ${days} jour${s(days)} entre deux contacts : l'envoi attend le ${until}.`,
  notYetDue: (n, label, on, offset, invoiceDue) =>
    `${n} : rien à faire pour l'instant ; prochaine étape : ${label} le ${on} (${offset} du ${invoiceDue}).`,
  allDone: (n, steps, policy) =>
    `${n} : ${steps === 1 ? "l'étape" : `les ${steps} étapes`} de la politique « ${policy} » ${steps === 1 ? 'est faite' : 'sont faites'} ; plus rien ne part automatiquement.`,
  inProgress: (n, label, dueOn, state) => {
    const doing =
      state === 'planned'
        ? 'est planifiée et va partir'
        : state === 'awaiting-approval'
          ? 'attend votre accord'
          : state === 'claimed' || state === 'sending'
            ? "est en cours d'envoi"
            : 'est en cours';
    return `${n} : l'étape « ${label} » (du ${dueOn}) ${doing} ; rien d'autre ne part pour cette facture d'ici là.`;
  },
  superseded: (n, label, dueOn, byLabel, byDueNow, byState) => {
    const by = byDueNow
      ? 'à faire maintenant'
      : ({
          sent: 'déjà envoyée',
          skipped: 'elle-même sautée',
          uncertain: 'peut-être déjà partie',
          planned: 'planifiée',
          claimed: "en cours d'envoi",
          sending: "en cours d'envoi",
          'awaiting-approval': 'en attente de votre accord',
        }[byState as string] ?? 'déjà enregistrée');
    return `${n} : étape sautée : « ${label} » (du ${dueOn}) est remplacée par l'étape « ${byLabel} », ${by}.`;
  },
  pastDue: (n, label, offset, invoiceDue, next) =>
    `${n} : étape non envoyée : « ${label} » (${offset} du ${invoiceDue}), car l'échéance est passée ; ${next ? `prochaine étape : ${next.label} le ${next.on}` : 'aucune autre étape ne suit'}.`,
  deleted: (n) => `${n} : supprimée dans le logiciel comptable ; rien ne sera envoyé.`,
  voided: (n) => `${n} : annulée dans le logiciel comptable ; rien ne sera envoyé.`,
  draft: (n) => `${n} : encore en brouillon dans le logiciel comptable ; les relances commencent une fois la facture validée.`,
  credited: (n, amount) => `${n} : soldée par un avoir (${amount} crédités) ; plus rien ne sera envoyé.`,
  paid: (n) => `${n} : payée en totalité ; plus rien ne sera envoyé.`,
  disputed: (n, contact, byCustomer, reason) =>
    `${n} : ${byCustomer ? `${contact} la conteste` : "vous l'avez marquée comme contestée"} (« ${reason} ») ; aucune relance tant que le litige n'est pas réglé.`,
  reportedPaid: (n, contact) =>
    `${n} : ${contact} indique l'avoir déjà payée ; les relances attendent que la prochaine synchronisation avec le logiciel comptable montre le paiement (ou montre qu'elle reste due).`,
  pausedInvoice: (n) => `${n} : vous avez suspendu les relances pour cette facture.`,
  chargesInvoice: (n) =>
    `${n} : pénalités de retard facturées par relance ; elles figurent dans les relances de la facture concernée, sans relance propre.`,
  pausedContact: (n, contact) => `${n} : vous avez suspendu les relances pour ${contact}.`,
  pausedInvoiceUntil: (n, until) =>
    `${n} : vous avez suspendu les relances pour cette facture jusqu'au ${until} ; elles reprennent d'elles-mêmes ce jour-là.`,
  pausedContactUntil: (n, contact, until) =>
    `${n} : vous avez suspendu les relances pour ${contact} jusqu'au ${until} ; elles reprennent d'elles-mêmes ce jour-là.`,
  promised: (n, promisedDate, resumesOn, grace) =>
    `${n} : paiement promis pour le ${promisedDate} ; les relances reprennent le ${resumesOn} si elle reste impayée${grace === 0 ? '' : ` (${grace} jour${s(grace)} de grâce)`}.`,
  repeat: (n, of) => `répétition ${n} sur ${of}`,
  weekdays: ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'],
};

export const PHRASES: Record<ScheduleLocale, Phrases> = { en, fr };
