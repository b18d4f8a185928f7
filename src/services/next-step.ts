import type { Organisation } from '../core/organisation.ts';
import type { Step } from '../core/policy.ts';
import type { ScheduleContact } from '../core/reminder.ts';
import { invoiceHold, policyFor, type StepProgress, stepProgress } from '../core/schedule/index.ts';
import type { StoredInvoice, StoredReminder } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';
import { loadInputs } from './next-actions.ts';
import { say, todayOf } from './owner-action.ts';
import { batchIdOf } from './plan.ts';

/** Where an invoice stands for the owner's "send the next step now" and "skip the next step". */
type Standing = {
  contact: ScheduleContact;
  hold: string | null;
  /** A step on its way (planned, awaiting approval, claimed, sending). */
  busy: StepProgress | null;
  /** The next open step that can still go out (a step meant for before the due date is passed over once it is past). */
  next: StepProgress | null;
};

const BY_OWNER_SKIP = 'skipped by the owner';
const BY_OWNER_SEND = 'sent now by the owner';

async function standing(deps: ServiceDeps, org: Organisation, invoice: StoredInvoice): Promise<Standing> {
  const inputs = await loadInputs(deps, org.id, [invoice.id]);
  const fresh = inputs.invoices.find((i) => i.id === invoice.id) ?? invoice;
  const contact = inputs.contacts.find((c) => c.id === fresh.contactId) ?? {
    id: fresh.contactId,
    name: '',
    emails: [],
    isConsumer: false,
    paused: false,
  };
  const policy = policyFor(fresh, contact, org.policy);
  const today = todayOf(deps, org);
  const hold = invoiceHold(fresh, inputs.answers, contact, today, policy, org.locale);
  const progress = stepProgress(fresh, policy, inputs.history, org.timeZone);
  const cut = progress.filter((p) => p.state !== 'open').at(-1)?.index ?? -1;
  const next = progress.find((p) => p.state === 'open' && p.index > cut && !(p.step.offsetDays < 0 && today > fresh.dueDate)) ?? null;
  return { contact, hold: hold?.why ?? null, busy: progress.find((p) => p.state === 'in-progress') ?? null, next };
}

export type NextStepResult = { ok: true; reminder: StoredReminder } | { ok: false; error: string };

/**
 * Records the invoice's next open step as due today (planned, or awaiting approval when its step asks for it), as the
 * planner would: the caller queues its send job. Refused while the invoice is held (disputed, paused, promised…), a
 * step is already on its way, no step is left, or an email step has no address.
 */
export async function planNextStepNow(deps: ServiceDeps, org: Organisation, invoice: StoredInvoice): Promise<NextStepResult> {
  const s = await standing(deps, org, invoice);
  if (s.hold) return { ok: false, error: s.hold };
  if (s.busy) return { ok: false, error: onItsWay(org, invoice, s.busy.step) };
  if (!s.next)
    return {
      ok: false,
      error: say(org, `Every step of ${invoice.number} is done.`, `Toutes les étapes de ${invoice.number} sont faites.`),
    };
  const step = s.next.step;
  if (step.channel === 'email' && s.contact.emails.length === 0 && !invoice.emails?.length)
    return {
      ok: false,
      error: say(
        org,
        `${s.contact.name || 'The customer'} has no email address in the ledger.`,
        `${s.contact.name || 'Le client'} n'a pas d'adresse email dans la comptabilité.`,
      ),
    };
  const today = todayOf(deps, org);
  const batchId = batchIdOf(org.id, {
    contactId: s.contact.id,
    channel: step.channel,
    step,
    invoiceIds: [invoice.id],
    steps: [{ invoiceId: invoice.id, step, dueOn: today }],
  });
  const [reminder] = await deps.store.recordReminders(
    org.id,
    [
      {
        invoiceId: invoice.id,
        contactId: s.contact.id,
        step,
        dueOn: today,
        state: step.requiresApproval ? 'awaiting-approval' : 'planned',
        reason: BY_OWNER_SEND,
        batchId,
      },
    ],
    deps.clock.now().toISOString(),
  );
  if (!reminder) return { ok: false, error: onItsWay(org, invoice, step) };
  return { ok: true, reminder };
}

export type SkipResult = { ok: true; stepKey: string; step: Step } | { ok: false; error: string };

/**
 * Skips the step on its way when it has not left yet (planned or awaiting approval), else the next open step, recorded
 * 'skipped' with the reason "skipped by the owner". A step being sent cannot be skipped.
 */
export async function skipOpenStep(deps: ServiceDeps, org: Organisation, invoice: StoredInvoice): Promise<SkipResult> {
  const s = await standing(deps, org, invoice);
  const at = deps.clock.now().toISOString();
  if (s.busy) {
    const waiting = (await deps.store.remindersOfInvoices(org.id, [invoice.id])).filter(
      (r) => r.stepKey === s.busy?.step.key && (r.state === 'planned' || r.state === 'awaiting-approval'),
    );
    const moved = await deps.store.transitionReminders(
      org.id,
      waiting.map((r) => r.id),
      ['planned', 'awaiting-approval'],
      'skipped',
      { at, reason: BY_OWNER_SKIP },
    );
    if (moved.length === 0) return { ok: false, error: onItsWay(org, invoice, s.busy.step) };
    return { ok: true, stepKey: s.busy.step.key, step: s.busy.step };
  }
  if (!s.next)
    return { ok: false, error: say(org, `${invoice.number} has no step left to skip.`, `${invoice.number} n'a plus d'étape à sauter.`) };
  const step = s.next.step;
  const [recorded] = await deps.store.recordReminders(
    org.id,
    [
      {
        invoiceId: invoice.id,
        contactId: s.contact.id,
        step,
        dueOn: s.next.dueOn,
        state: 'skipped',
        reason: BY_OWNER_SKIP,
        batchId: `owner-skip-${invoice.id}-${step.key}`,
      },
    ],
    at,
  );
  if (!recorded) return { ok: false, error: onItsWay(org, invoice, step) };
  return { ok: true, stepKey: step.key, step };
}

function onItsWay(org: Organisation, invoice: StoredInvoice, step: Step): string {
  return say(
    org,
    `A step of ${invoice.number} is already on its way (${step.key}).`,
    `Une étape de ${invoice.number} est déjà en cours (${step.key}).`,
  );
}
