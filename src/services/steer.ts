import type { CalendarDate } from '../core/calendar.ts';
import { inPreview, type Organisation } from '../core/organisation.ts';
import { describeStep, formatDay, scheduleLocale } from '../core/schedule/index.ts';
import type { StoredInvoice } from '../core/store.ts';
import { type AnswerInput, openDisputes, recordCustomerAnswer, resolveDisputesOn } from './answers.ts';
import type { ServiceDeps } from './deps.ts';
import { refreshNextActions } from './next-actions.ts';
import { planNextStepNow, skipOpenStep } from './next-step.ts';
import {
  done,
  invoiceOf,
  isOpen,
  openInvoicesOfContact,
  recordOwnerAction,
  refused,
  type SteerOutcome,
  say,
  todayOf,
} from './owner-action.ts';
import { cancelHeld } from './sync.ts';

/**
 * The owner steers one invoice or customer from the cockpit. Every action is checked first (guard clauses: an unknown
 * id is a 404, a bad value a 400 naming the field, a state that forbids it a 409), then recorded in the history
 * ('owner-action'), noted in the ledger (a writeback job) and reflected in the invoices' next action dates, so the next
 * plan follows it. Messages are in the organisation's language.
 */
export type { SteerOutcome } from './owner-action.ts';

/** How many of a customer's invoices get a ledger note of an action on the customer (each note is a vendor call). */
const CUSTOMER_NOTES_MAX = 50;
const TEXT_MAX = 500;

const day = (org: Organisation, date: CalendarDate) => formatDay(date, scheduleLocale(org.locale));

/** A date chasing resumes by itself must come after today (today or earlier would pause nothing). */
function badUntil(deps: ServiceDeps, org: Organisation, until: CalendarDate | null): SteerOutcome | null {
  if (until === null || until > todayOf(deps, org)) return null;
  return refused(400, say(org, 'Pick a date after today.', "Choisissez une date après aujourd'hui."), 'until');
}

async function openInvoice(deps: ServiceDeps, org: Organisation, invoiceId: string): Promise<StoredInvoice | SteerOutcome> {
  const invoice = await invoiceOf(deps, org, invoiceId);
  if (!invoice) return refused(404, say(org, 'No such invoice.', 'Facture introuvable.'));
  if (!isOpen(invoice))
    return refused(
      409,
      say(
        org,
        `Invoice ${invoice.number} is not open (${invoice.status}): there is nothing to chase.`,
        `La facture ${invoice.number} n'est plus ouverte (${invoice.status}) : rien à relancer.`,
      ),
    );
  return invoice;
}
const isOutcome = (x: StoredInvoice | SteerOutcome): x is SteerOutcome => 'ok' in x;

export async function pauseInvoice(
  deps: ServiceDeps,
  org: Organisation,
  invoiceId: string,
  until: CalendarDate | null,
): Promise<SteerOutcome> {
  const invoice = await openInvoice(deps, org, invoiceId);
  if (isOutcome(invoice)) return invoice;
  const bad = badUntil(deps, org, until);
  if (bad) return bad;
  await deps.store.setInvoicePaused(org.id, invoice.id, true, until);
  // what was waiting to go out for it goes: a pause takes effect now, not at the next plan
  await cancelHeld(deps, org, [invoice.id]);
  await recordOwnerAction(deps, org, 'pause', { invoiceId: invoice.id }, { until }, [invoice]);
  await refreshNextActions(deps, org, [invoice.id]);
  return done(
    until
      ? say(
          org,
          `Invoice ${invoice.number} is paused until ${day(org, until)}.`,
          `La facture ${invoice.number} est suspendue jusqu'au ${day(org, until)}.`,
        )
      : say(
          org,
          `Invoice ${invoice.number} is paused until you resume it.`,
          `La facture ${invoice.number} est suspendue jusqu'à ce que vous la repreniez.`,
        ),
  );
}

export async function resumeInvoice(deps: ServiceDeps, org: Organisation, invoiceId: string): Promise<SteerOutcome> {
  const invoice = await invoiceOf(deps, org, invoiceId);
  if (!invoice) return refused(404, say(org, 'No such invoice.', 'Facture introuvable.'));
  if (!invoice.paused)
    return refused(409, say(org, `Invoice ${invoice.number} is not paused.`, `La facture ${invoice.number} n'est pas suspendue.`));
  await deps.store.setInvoicePaused(org.id, invoice.id, false, null);
  await recordOwnerAction(deps, org, 'resume', { invoiceId: invoice.id }, {}, isOpen(invoice) ? [invoice] : []);
  await refreshNextActions(deps, org, [invoice.id]);
  return done(
    say(
      org,
      `Invoice ${invoice.number} is chased again, on its schedule.`,
      `La facture ${invoice.number} est de nouveau relancée, selon son calendrier.`,
    ),
  );
}

export async function pauseCustomer(
  deps: ServiceDeps,
  org: Organisation,
  contactId: string,
  until: CalendarDate | null,
): Promise<SteerOutcome> {
  const contact = await deps.store.getContact(org.id, contactId);
  if (!contact) return refused(404, say(org, 'No such customer.', 'Client introuvable.'));
  const bad = badUntil(deps, org, until);
  if (bad) return bad;
  await deps.store.setContactPaused(org.id, contact.id, true, until);
  const invoices = await openInvoicesOfContact(deps, org, contact.id);
  const ids = invoices.map((i) => i.id);
  await cancelHeld(deps, org, ids);
  await recordOwnerAction(deps, org, 'pause-customer', { contactId: contact.id }, { until }, invoices.slice(0, CUSTOMER_NOTES_MAX));
  await refreshNextActions(deps, org, ids);
  return done(
    until
      ? say(
          org,
          `${contact.name} will not be reminded until ${day(org, until)}.`,
          `${contact.name} ne sera pas relancé avant le ${day(org, until)}.`,
        )
      : say(
          org,
          `${contact.name} will not be reminded until you resume them.`,
          `${contact.name} ne sera plus relancé jusqu'à ce que vous repreniez.`,
        ),
  );
}

export async function resumeCustomer(deps: ServiceDeps, org: Organisation, contactId: string): Promise<SteerOutcome> {
  const contact = await deps.store.getContact(org.id, contactId);
  if (!contact) return refused(404, say(org, 'No such customer.', 'Client introuvable.'));
  if (!contact.paused) return refused(409, say(org, `${contact.name} is not paused.`, `${contact.name} n'est pas suspendu.`));
  await deps.store.setContactPaused(org.id, contact.id, false, null);
  const invoices = await openInvoicesOfContact(deps, org, contact.id);
  await recordOwnerAction(deps, org, 'resume-customer', { contactId: contact.id }, {}, invoices.slice(0, CUSTOMER_NOTES_MAX));
  await refreshNextActions(
    deps,
    org,
    invoices.map((i) => i.id),
  );
  return done(say(org, `${contact.name} is reminded again, on schedule.`, `${contact.name} est de nouveau relancé, selon le calendrier.`));
}

/**
 * An answer the owner took by phone or mail: recorded as the customer's answer with source 'owner' (its 'answer' event
 * and ledger note are the record of it: no second 'owner-action' for the same fact).
 */
export async function recordOwnerAnswer(
  deps: ServiceDeps,
  org: Organisation,
  invoiceIds: string[],
  input: AnswerInput,
): Promise<SteerOutcome> {
  const ids = [...new Set(invoiceIds)];
  if (ids.length === 0) return refused(400, say(org, 'Pick at least one invoice.', 'Choisissez au moins une facture.'), 'invoiceIds');
  const invoices = await deps.store.invoicesById(org.id, ids);
  if (invoices.length !== ids.length) return refused(404, say(org, 'No such invoice.', 'Facture introuvable.'));
  const closed = invoices.find((i) => !isOpen(i));
  if (closed)
    return refused(
      409,
      say(
        org,
        `Invoice ${closed.number} is not open (${closed.status}).`,
        `La facture ${closed.number} n'est plus ouverte (${closed.status}).`,
      ),
    );
  if (input.kind === 'promise' && input.promisedDate < todayOf(deps, org))
    return refused(
      400,
      say(org, 'The promised date has passed: pick today or later.', "La date promise est passée : choisissez aujourd'hui ou plus tard."),
      'promisedDate',
    );
  if (input.kind === 'dispute' && !input.reason.trim())
    return refused(400, say(org, 'Say what the customer disputes.', 'Indiquez ce que le client conteste.'), 'reason');
  if (input.kind === 'dispute' && input.reason.length > TEXT_MAX)
    return refused(400, say(org, `At most ${TEXT_MAX} characters.`, `${TEXT_MAX} caractères au plus.`), 'reason');
  const clean: AnswerInput = input.kind === 'dispute' ? { kind: 'dispute', reason: input.reason.trim() } : input;
  await recordCustomerAnswer(deps, org.id, ids, clean, 'owner');
  const numbers = invoices.map((i) => i.number).join(', ');
  if (clean.kind === 'promise')
    return done(
      say(
        org,
        `Promise to pay ${numbers} by ${day(org, clean.promisedDate)} recorded: reminders wait for it.`,
        `Promesse de paiement de ${numbers} pour le ${day(org, clean.promisedDate)} enregistrée : les relances l'attendent.`,
      ),
    );
  if (clean.kind === 'paid')
    return done(
      say(
        org,
        `Recorded that ${numbers} is paid: reminders wait until the ledger shows it.`,
        `Paiement de ${numbers} enregistré : les relances attendent que la comptabilité le montre.`,
      ),
    );
  return done(
    say(
      org,
      `Dispute on ${numbers} recorded: reminders stop until you resolve it.`,
      `Litige sur ${numbers} enregistré : les relances s'arrêtent jusqu'à sa résolution.`,
    ),
  );
}

/**
 * Ends the dispute(s) on an invoice. 'resume': chasing resumes on schedule. 'write-off': the invoice is also paused
 * until resumed, with the reason "written off" (paused first, so no plan slips in between).
 */
export async function settleDispute(
  deps: ServiceDeps,
  org: Organisation,
  invoiceId: string,
  outcome: 'resume' | 'write-off',
  note: string | null,
): Promise<SteerOutcome> {
  const invoice = await invoiceOf(deps, org, invoiceId);
  if (!invoice) return refused(404, say(org, 'No such invoice.', 'Facture introuvable.'));
  if (outcome !== 'resume' && outcome !== 'write-off')
    return refused(400, say(org, 'Pick an outcome.', 'Choisissez une issue.'), 'outcome');
  const text = note?.trim() || null;
  if (text && text.length > TEXT_MAX)
    return refused(400, say(org, `At most ${TEXT_MAX} characters.`, `${TEXT_MAX} caractères au plus.`), 'note');
  const open = (await openDisputes(deps, org.id)).filter((d) => d.invoices.some((i) => i.id === invoice.id));
  if (open.length === 0)
    return refused(
      409,
      say(org, `Invoice ${invoice.number} has no open dispute.`, `La facture ${invoice.number} n'a pas de litige en cours.`),
    );
  if (outcome === 'write-off') {
    await deps.store.setInvoicePaused(org.id, invoice.id, true, null);
    await recordOwnerAction(deps, org, 'write-off', { invoiceId: invoice.id }, { reason: 'written off', note: text }, [invoice]);
  } else {
    // the dispute's own ledger note (dispute-resolved-note) says it ended: no second note
    await recordOwnerAction(deps, org, 'settle-dispute', { invoiceId: invoice.id }, { outcome, note: text }, []);
  }
  await resolveDisputesOn(deps, org.id, invoice.id, text);
  if (outcome === 'write-off') await cancelHeld(deps, org, [invoice.id]);
  await refreshNextActions(deps, org, [invoice.id]);
  return done(
    outcome === 'write-off'
      ? say(
          org,
          `Invoice ${invoice.number} is written off: relance will not chase it unless you resume it.`,
          `La facture ${invoice.number} est passée en perte : relance ne la relancera plus, sauf si vous la reprenez.`,
        )
      : say(
          org,
          `The dispute on ${invoice.number} is resolved: reminders resume on schedule.`,
          `Le litige sur ${invoice.number} est résolu : les relances reprennent selon le calendrier.`,
        ),
  );
}

/**
 * The invoice's next open step, planned for today and sent through the normal path (a reminder record, then a send
 * job; the send window still applies). A step needing approval waits for it; a call or letter becomes a task.
 */
export async function sendNextStepNow(deps: ServiceDeps, org: Organisation, invoiceId: string): Promise<SteerOutcome> {
  if (inPreview(org))
    return refused(
      409,
      say(
        org,
        'relance is in preview and sends nothing: turn sending on first.',
        "relance est en aperçu et n'envoie rien : activez d'abord l'envoi.",
      ),
    );
  if (org.connectionStatus !== 'connected')
    return refused(
      409,
      say(org, 'The ledger connection needs renewing first.', "La connexion à la comptabilité doit d'abord être renouvelée."),
    );
  const invoice = await openInvoice(deps, org, invoiceId);
  if (isOutcome(invoice)) return invoice;
  const planned = await planNextStepNow(deps, org, invoice);
  if (!planned.ok) return refused(409, planned.error);
  const { reminder } = planned;
  const what = describeStep(reminder.step, org.locale);
  if (reminder.state === 'planned')
    await deps.queue.enqueue({ type: 'send', orgId: org.id, reminderIds: [reminder.id] }, { jobId: `send-now-${reminder.id}` });
  // no ledger note of the request: the reminder's own note is written once it has gone out
  await recordOwnerAction(deps, org, 'send-now', { invoiceId: invoice.id }, { step: reminder.stepKey }, []);
  await refreshNextActions(deps, org, [invoice.id]);
  if (reminder.state === 'awaiting-approval')
    return done(
      say(org, `The ${what} for ${invoice.number} waits for your approval.`, `${what} pour ${invoice.number} attend votre accord.`),
    );
  if (reminder.channel !== 'email')
    return done(say(org, `The ${what} for ${invoice.number} is on your task list.`, `${what} pour ${invoice.number} est dans vos tâches.`));
  return done(
    say(
      org,
      `The ${what} for ${invoice.number} is going out now (or when the send window opens).`,
      `${what} pour ${invoice.number} part maintenant (ou à l'ouverture de la plage d'envoi).`,
    ),
  );
}

/** The invoice's next step (planned, awaiting approval, or the next open one) recorded as skipped "by the owner". */
export async function skipNextStep(deps: ServiceDeps, org: Organisation, invoiceId: string): Promise<SteerOutcome> {
  const invoice = await openInvoice(deps, org, invoiceId);
  if (isOutcome(invoice)) return invoice;
  const skipped = await skipOpenStep(deps, org, invoice);
  if (!skipped.ok) return refused(409, skipped.error);
  await recordOwnerAction(deps, org, 'skip', { invoiceId: invoice.id }, { step: skipped.stepKey }, [invoice]);
  await refreshNextActions(deps, org, [invoice.id]);
  const what = describeStep(skipped.step, org.locale);
  return done(say(org, `The ${what} for ${invoice.number} is skipped.`, `${what} pour ${invoice.number} est sautée.`));
}
