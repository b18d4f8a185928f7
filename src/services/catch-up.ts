import { createHash } from 'node:crypto';
import { addDays, daysBetween } from '../core/calendar.ts';
import { inPreview, type Organisation } from '../core/organisation.ts';
import type { PolicySet, Step } from '../core/policy.ts';
import type { Decision } from '../core/reminder.ts';
import { dueSteps } from '../core/schedule/index.ts';
import type { StoredInvoice } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';
import { loadInputs, refreshNextActions } from './next-actions.ts';
import { done, isOpen, recordOwnerAction, refused, type SteerOutcome, say, todayOf } from './owner-action.ts';

/**
 * The catch-up review, between connecting and turning sending on: for the invoices already overdue, what the engine
 * would send now (its dry run), grouped by the step that would go out, and the owner's choices before the first send.
 */

export type CatchUpItem = { invoice: StoredInvoice; contactName: string; daysOverdue: number; decision: Decision };
export type CatchUpReview = {
  /**
   * By the step that would go out now ('send'), wait for approval ('approve') or cannot go out ('blocked': no email
   * address), in the policy's step order; then one group with `step: null`, kind 'hold', of the overdue invoices that
   * get nothing now (disputed, promised, paused, contacted recently…), each decision's `why` saying so.
   */
  groups: { step: Step | null; kind: Decision['kind']; items: CatchUpItem[] }[];
  /** The step a long-overdue invoice can restart at (the default policy's first step after the due date). */
  gentleStep: Step | null;
  /** How many overdue invoices the review lists, holds included. */
  total: number;
};

export const gentleStepOf = (org: Organisation): Step | null => org.policy.default.steps.find((s) => s.offsetDays > 0) ?? null;

/**
 * Every hour of every day a send day: the review shows what would go out, not whether the window is open right now
 * (reviewed on a Sunday evening, it would otherwise show nothing).
 */
function anyTime(policies: PolicySet): PolicySet {
  const open = { startHour: 0, endHour: 24, weekdays: [1, 2, 3, 4, 5, 6, 7], skipHolidays: false };
  return {
    default: { ...policies.default, sendWindow: open },
    rules: policies.rules.map((r) => ({ ...r, policy: { ...r.policy, sendWindow: open } })),
  };
}

const KIND_ORDER: Decision['kind'][] = ['send', 'approve', 'blocked'];

/** The engine's dry run for the organisation's overdue open invoices, grouped by the step that would go out now. */
export async function catchUpReview(deps: ServiceDeps, org: Organisation): Promise<CatchUpReview> {
  const now = deps.clock.now();
  const today = todayOf(deps, org);
  const inputs = await loadInputs(deps, org.id, await deps.store.openInvoiceIds(org.id));
  const overdue = inputs.invoices.filter((i) => isOpen(i) && i.dueDate < today && !i.chargesFor);
  const { decisions } = dueSteps({
    now,
    zone: org.timeZone,
    policies: anyTime(org.policy),
    locale: org.locale,
    countryCode: org.countryCode,
    ...inputs,
    invoices: overdue,
  });
  const invoices = new Map(overdue.map((i) => [i.id, i]));
  const names = new Map(inputs.contacts.map((c) => [c.id, c.name]));
  const item = (d: Decision): CatchUpItem => {
    const invoice = invoices.get(d.invoiceId)!;
    return { invoice, contactName: names.get(invoice.contactId) ?? '', daysOverdue: daysBetween(invoice.dueDate, today), decision: d };
  };

  const groups = new Map<string, CatchUpReview['groups'][number]>();
  const held: CatchUpItem[] = [];
  for (const d of decisions) {
    if (d.kind === 'skip') continue;
    if (d.kind === 'hold') {
      held.push(item(d));
      continue;
    }
    const key = `${d.kind}\u0000${d.step.key}`;
    const group = groups.get(key) ?? { step: d.step, kind: d.kind, items: [] };
    group.items.push(item(d));
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort(
    (a, b) => (a.step?.offsetDays ?? 0) - (b.step?.offsetDays ?? 0) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
  for (const g of ordered) g.items.sort((a, b) => b.daysOverdue - a.daysOverdue);
  if (held.length > 0) ordered.push({ step: null, kind: 'hold', items: held });
  return { groups: ordered, gentleStep: gentleStepOf(org), total: ordered.reduce((n, g) => n + g.items.length, 0) };
}

/**
 * Turns sending on, after the owner's choices: `gentle` invoices restart at the gentle step (their steps count from
 * today − its offset), `leaveOut` invoices are paused until resumed. Then sendingOnSince is set, an org event 'sending'
 * recorded, the touched invoices' next actions refreshed and a plan queued. Refused when sending is on already, the
 * connection is not live, an invoice is named twice or is not this organisation's.
 */
export async function startSending(
  deps: ServiceDeps,
  org: Organisation,
  choices: { gentle: string[]; leaveOut: string[] },
): Promise<SteerOutcome> {
  if (org.connectionStatus !== 'connected')
    return refused(
      409,
      say(org, 'The ledger connection needs renewing first.', "La connexion à la comptabilité doit d'abord être renouvelée."),
    );
  if (!inPreview(org)) return refused(409, say(org, 'Sending is on already.', "L'envoi est déjà activé."));
  const gentle = [...new Set(choices.gentle)];
  const leaveOut = [...new Set(choices.leaveOut)];
  if (gentle.some((id) => leaveOut.includes(id)))
    return refused(
      400,
      say(
        org,
        'An invoice is either restarted gently or left out, not both.',
        'Une facture est soit reprise en douceur, soit laissée de côté, pas les deux.',
      ),
      'gentle',
    );
  const step = gentleStepOf(org);
  if (gentle.length > 0 && !step)
    return refused(
      400,
      say(org, 'The policy has no step after the due date to restart at.', "La politique n'a pas d'étape après l'échéance où reprendre."),
      'gentle',
    );
  const ids = [...gentle, ...leaveOut];
  const found = await deps.store.invoicesById(org.id, ids);
  if (found.length !== ids.length) return refused(404, say(org, 'No such invoice.', 'Facture introuvable.'));

  const now = deps.clock.now();
  const today = todayOf(deps, org);
  if (gentle.length > 0 && step) {
    const from = addDays(today, -step.offsetDays);
    await deps.store.setScheduleFrom(org.id, gentle, from);
    for (const invoice of found.filter((i) => gentle.includes(i.id)))
      await recordOwnerAction(deps, org, 'restart', { invoiceId: invoice.id }, { step: step.key, from }, []);
  }
  for (const invoice of found.filter((i) => leaveOut.includes(i.id))) {
    await deps.store.setInvoicePaused(org.id, invoice.id, true, null);
    await recordOwnerAction(deps, org, 'leave-out', { invoiceId: invoice.id }, { reason: 'left out at catch-up' }, []);
  }
  const at = now.toISOString();
  await deps.store.setSendingOnSince(org.id, at);
  await deps.store.recordEvent(org.id, {
    kind: 'sending',
    invoiceId: null,
    detail: { on: true, gentle: gentle.length, leftOut: leaveOut.length, ...(step && gentle.length ? { gentleStep: step.key } : {}) },
    at,
  });
  await refreshNextActions(deps, { ...org, sendingOnSince: at }, ids);
  const jobKey = createHash('sha256').update(`${org.id}|${at}`).digest('hex').slice(0, 16);
  await deps.queue.enqueue({ type: 'plan', orgId: org.id }, { jobId: `sending-on-${jobKey}` });
  return done(say(org, 'Sending is on: reminders go out from now on.', "L'envoi est activé : les relances partent désormais."));
}

/** Back to preview: nothing more leaves (what is planned stays planned, and goes when sending is turned on again). */
export async function backToPreview(deps: ServiceDeps, org: Organisation): Promise<SteerOutcome> {
  if (inPreview(org)) return refused(409, say(org, 'relance is in preview already.', 'relance est déjà en aperçu.'));
  const at = deps.clock.now().toISOString();
  await deps.store.setSendingOnSince(org.id, null);
  await deps.store.recordEvent(org.id, { kind: 'sending', invoiceId: null, detail: { on: false }, at });
  return done(
    say(
      org,
      'Back to preview: relance sends nothing until you turn sending on.',
      "Retour à l'aperçu : relance n'envoie rien tant que vous n'activez pas l'envoi.",
    ),
  );
}
