import { amountsOf } from '../../connectors/xero/sandbox/accounting/ledger.ts';
import { seedLedger } from '../../connectors/xero/sandbox/seed/seed.ts';
import type { ConnectorDefinition } from '../../connectors/shared/definition.ts';
import { addDays, type CalendarDate, daysBetween, localDate } from '../../src/core/calendar.ts';

/** One open sales invoice of a seeded organisation, as its ledger holds it: what is left to pay and when it was due. */
export type SeededInvoice = { number: string; contactName: string; dueDate: CalendarDate; dueMinor: number; currency: string };

/**
 * The open sales invoices a ledger's demo sandbox seeds for the organisation named `orgName`, read from the seed
 * itself (the same call its demo.ts makes), not from relance: the test's figures are computed apart from the app's.
 */
const SEEDED: Record<string, (now: Date, orgName: string) => SeededInvoice[]> = {
  xero: (now, orgName) => {
    // as connectors/xero/sandbox/demo.ts seeds it
    const state = seedLedger({ seed: 1, today: localDate(now, 'Europe/Paris'), invoices: 300, now });
    const tenant = [...state.tenants.values()].find((t) => t.name === orgName);
    if (!tenant) throw new Error(`the sandbox seeds no organisation named "${orgName}"`);
    return [...tenant.invoices.values()]
      .filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED' && i.dueDate)
      .map((i) => ({
        number: i.number,
        contactName: tenant.contacts.get(i.contactId)?.name ?? '',
        dueDate: i.dueDate as CalendarDate,
        dueMinor: amountsOf(tenant, i).due,
        currency: i.currency,
      }))
      .filter((i) => i.dueMinor > 0);
  },
};

export function seededInvoices(d: ConnectorDefinition, now: Date, orgName: string): SeededInvoice[] {
  const read = SEEDED[d.id];
  if (!read) throw new Error(`test/browser/seeded.ts cannot read the seed of ledger "${d.id}": add it`);
  return read(now, orgName);
}

export type AgedFigures = { open: number; overdue: number; invoices: number; buckets: [number, number, number, number, number] };

/** Open and overdue totals and the five age buckets (not yet due, 1-30, 31-60, 61-90, over 90 days past due). */
export function agedFigures(invoices: readonly SeededInvoice[], today: CalendarDate): AgedFigures {
  const buckets: AgedFigures['buckets'] = [0, 0, 0, 0, 0];
  for (const i of invoices) {
    const late = daysBetween(i.dueDate, today);
    const at = late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4;
    buckets[at] += i.dueMinor;
  }
  const open = buckets.reduce((s, b) => s + b, 0);
  return { open, overdue: open - buckets[0], invoices: invoices.length, buckets };
}

/** A day after `today`, for forms that want one. */
export const later = (today: CalendarDate, days: number): CalendarDate => addDays(today, days);
