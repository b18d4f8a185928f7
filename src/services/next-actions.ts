import type { Organisation } from '../core/organisation.ts';
import type { ScheduleContact } from '../core/reminder.ts';
import { nextActionOn, policyFor } from '../core/schedule/index.ts';
import type { ScheduleInputs } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';

const CHUNK = 2_000;

/** Reads schedule inputs in chunks so one organisation with 100,000 invoices never builds one giant query. */
export async function loadInputs(deps: ServiceDeps, orgId: string, invoiceIds: string[]): Promise<ScheduleInputs> {
  const all: ScheduleInputs = { invoices: [], contacts: [], answers: [], history: [] };
  const contacts = new Map<string, ScheduleContact>();
  for (let i = 0; i < invoiceIds.length; i += CHUNK) {
    const part = await deps.store.scheduleInputs(orgId, invoiceIds.slice(i, i + CHUNK));
    all.invoices.push(...part.invoices);
    all.answers.push(...part.answers);
    all.history.push(...part.history);
    for (const c of part.contacts) contacts.set(c.id, c);
  }
  all.contacts = [...contacts.values()];
  return all;
}

/**
 * Recomputes the date on which each invoice next needs the planner. Called after anything that can change it: a
 * sync, a plan, a send, an answer, a policy change.
 */
export async function refreshNextActions(deps: ServiceDeps, org: Organisation, invoiceIds: string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  const inputs = await loadInputs(deps, org.id, invoiceIds);
  const contacts = new Map(inputs.contacts.map((c) => [c.id, c]));
  const updates = inputs.invoices.map((invoice) => {
    const contact = contacts.get(invoice.contactId) ?? { id: invoice.contactId, name: '', emails: [], isConsumer: false, paused: false };
    const answers = inputs.answers.filter((a) => a.invoiceIds.includes(invoice.id));
    const history = inputs.history.filter((h) => h.invoiceId === invoice.id);
    return { invoiceId: invoice.id, on: nextActionOn(invoice, contact, answers, history, policyFor(invoice, contact, org.policy)) };
  });
  await deps.store.setNextActionOn(org.id, updates);
}
