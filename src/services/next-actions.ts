import type { CustomerAnswer } from '../core/answers.ts';
import type { CalendarDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import type { ReminderRecord, ScheduleContact } from '../core/reminder.ts';
import { nextStepOf, policyFor } from '../core/schedule/index.ts';
import type { ScheduleInputs } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';

const CHUNK = 2_000;

/** Reads schedule inputs in chunks so one organisation with 100,000 invoices never builds one giant query. */
export async function loadInputs(deps: ServiceDeps, orgId: string, invoiceIds: string[]): Promise<ScheduleInputs> {
  const all: ScheduleInputs = { invoices: [], contacts: [], answers: [], history: [] };
  const contacts = new Map<string, ScheduleContact>();
  const answers = new Map<string, CustomerAnswer>();
  for (let i = 0; i < invoiceIds.length; i += CHUNK) {
    const part = await deps.store.scheduleInputs(orgId, invoiceIds.slice(i, i + CHUNK));
    all.invoices.push(...part.invoices);
    all.history.push(...part.history);
    for (const a of part.answers) answers.set(a.id, a);
    for (const c of part.contacts) contacts.set(c.id, c);
  }
  all.contacts = [...contacts.values()];
  all.answers = [...answers.values()];
  return all;
}

function groupBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

/**
 * Each invoice's next action date, and the step it is for (null when that day only records skips), from inputs already
 * in hand (one pass, maps per invoice: linear in the work).
 */
export function nextActions(
  org: Organisation,
  inputs: ScheduleInputs,
  extraHistory: readonly ReminderRecord[] = [],
): { invoiceId: string; on: CalendarDate | null; stepKey: string | null }[] {
  const contacts = new Map(inputs.contacts.map((c) => [c.id, c]));
  const answers = groupBy(inputs.answers, (a) => a.invoiceIds);
  const history = groupBy([...inputs.history, ...extraHistory], (h) => [h.invoiceId]);
  return inputs.invoices.map((invoice) => {
    const contact = contacts.get(invoice.contactId) ?? { id: invoice.contactId, name: '', emails: [], isConsumer: false, paused: false };
    const own = history.get(invoice.id) ?? [];
    const policy = policyFor(invoice, contact, org.policy);
    return { invoiceId: invoice.id, ...nextStepOf(invoice, contact, answers.get(invoice.id) ?? [], own, policy, org.timeZone) };
  });
}

/**
 * Recomputes the date on which each invoice next needs the planner. Called after anything that can change it: a
 * sync, a plan, a send, an answer, a policy change.
 */
export async function refreshNextActions(deps: ServiceDeps, org: Organisation, invoiceIds: string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await deps.store.setNextActionOn(org.id, nextActions(org, await loadInputs(deps, org.id, invoiceIds)));
}
