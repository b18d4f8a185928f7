import type { CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { PolicySet } from '../../core/policy.ts';
import type { ScheduleContact } from '../../core/reminder.ts';
import { policyFor } from '../../core/schedule/index.ts';
import type { StoredInvoice } from '../../core/store.ts';
import type { ServiceDeps } from '../../services/index.ts';

/** At most this many open invoices are offered to preview and counted in the policy table: the page stays light. */
export const SHOWN_INVOICES = 200;

export type SettingsData = {
  /** Open invoices, most overdue first. */
  invoices: { invoice: StoredInvoice; contactName: string }[];
  contacts: ScheduleContact[];
};

/**
 * The organisation's open invoices and customers, for the preview's invoice and the rules' named customers. Read
 * through the store's lists; a store without them yet (its cockpit reads still being built) is read through the
 * planner's inputs instead, which know the customers of open invoices only.
 */
export async function settingsData(deps: ServiceDeps, org: Organisation, today: CalendarDate): Promise<SettingsData> {
  try {
    const [invoices, customers] = await Promise.all([
      deps.store.listInvoices(org.id, { today, openOnly: true, sort: 'overdue', direction: 'desc', limit: SHOWN_INVOICES }),
      deps.store.listCustomers(org.id, { today, sort: 'name', direction: 'asc', limit: 500 }),
    ]);
    return {
      invoices: mostOverdueFirst(invoices.rows.map((r) => ({ invoice: r.invoice, contactName: r.contactName }))),
      contacts: customers.rows.map((r) => r.contact),
    };
  } catch {
    const ids = (await deps.store.openInvoiceIds(org.id)).slice(0, SHOWN_INVOICES);
    const inputs = await deps.store.scheduleInputs(org.id, ids);
    const names = new Map(inputs.contacts.map((c) => [c.id, c.name]));
    return {
      invoices: mostOverdueFirst(
        inputs.invoices.filter((i) => !i.chargesFor).map((invoice) => ({ invoice, contactName: names.get(invoice.contactId) ?? '' })),
      ),
      contacts: [...inputs.contacts].sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}

const mostOverdueFirst = <T extends { invoice: StoredInvoice }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : a.invoice.dueDate > b.invoice.dueDate ? 1 : 0));

export type PolicyRow = { contact: ScheduleContact; invoices: number; policies: { name: string; invoices: number }[] };

/** Which policy each customer's open invoices fall under (a rule by amount may split one customer's invoices). */
export function policyTable(data: SettingsData, set: PolicySet): PolicyRow[] {
  const contacts = new Map(data.contacts.map((c) => [c.id, c]));
  const rows = new Map<string, PolicyRow>();
  for (const { invoice, contactName } of data.invoices) {
    const contact = contacts.get(invoice.contactId) ?? {
      id: invoice.contactId,
      name: contactName,
      emails: [],
      isConsumer: false,
      paused: false,
    };
    const name = policyFor(invoice, contact, set).name;
    const row = rows.get(contact.id) ?? { contact, invoices: 0, policies: [] };
    row.invoices++;
    const entry = row.policies.find((p) => p.name === name);
    if (entry) entry.invoices++;
    else row.policies.push({ name, invoices: 1 });
    rows.set(contact.id, row);
  }
  return [...rows.values()].sort((a, b) => a.contact.name.localeCompare(b.contact.name));
}
