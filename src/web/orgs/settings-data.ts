import type { CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { PolicySet } from '../../core/policy.ts';
import type { ScheduleContact } from '../../core/reminder.ts';
import { customerPolicy, policyFor, type PolicyChoice } from '../../core/schedule/index.ts';
import type { StoredInvoice } from '../../core/store.ts';
import type { ServiceDeps } from '../../services/index.ts';

/** At most this many open invoices are offered to preview and counted in the policy table: the page stays light. */
export const SHOWN_INVOICES = 200;

export type SettingsData = {
  /** Open invoices, most overdue first. */
  invoices: { invoice: StoredInvoice; contactName: string }[];
  contacts: ScheduleContact[];
};

/** The organisation's open invoices (most overdue first, the store's order) and customers, for the preview and the rules. */
export async function settingsData(deps: ServiceDeps, org: Organisation, today: CalendarDate): Promise<SettingsData> {
  const [invoices, customers] = await Promise.all([
    deps.store.listInvoices(org.id, { today, openOnly: true, sort: 'overdue', direction: 'desc', limit: SHOWN_INVOICES }),
    deps.store.listCustomers(org.id, { today, sort: 'name', direction: 'asc', limit: 500 }),
  ]);
  return {
    invoices: invoices.rows.map((r) => ({ invoice: r.invoice, contactName: r.contactName })),
    contacts: customers.rows.map((r) => r.contact),
  };
}

export type PolicyRow = {
  contact: ScheduleContact;
  invoices: number;
  /** With open invoices: the policy each falls under. */
  policies: { name: string; invoices: number }[];
  /** Without: the policies their invoices would get, by amount when a rule says so (customerPolicy). */
  choices: PolicyChoice[];
};

/**
 * Which policy each customer falls under: for the open invoices they have, the one each gets (a rule by amount may
 * split one customer's invoices); for a customer with none, what their invoices would get.
 */
export function policyTable(data: SettingsData, set: PolicySet): PolicyRow[] {
  const rows = new Map<string, PolicyRow>();
  for (const contact of data.contacts) rows.set(contact.id, { contact, invoices: 0, policies: [], choices: [] });
  for (const { invoice, contactName } of data.invoices) {
    const row = rows.get(invoice.contactId) ?? {
      contact: { id: invoice.contactId, name: contactName, emails: [], isConsumer: false, paused: false },
      invoices: 0,
      policies: [],
      choices: [],
    };
    const name = policyFor(invoice, row.contact, set).name;
    row.invoices++;
    const entry = row.policies.find((p) => p.name === name);
    if (entry) entry.invoices++;
    else row.policies.push({ name, invoices: 1 });
    rows.set(row.contact.id, row);
  }
  for (const row of rows.values()) {
    if (row.invoices > 0) continue;
    const found = customerPolicy(row.contact, set);
    row.choices = found.kind === 'one' ? [found.choice] : found.choices;
  }
  return [...rows.values()].sort((a, b) => a.contact.name.localeCompare(b.contact.name));
}
