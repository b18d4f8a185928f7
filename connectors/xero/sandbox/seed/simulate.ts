import type { CalendarDate } from '../../../../src/core/calendar.ts';
import { addPayment, amountsOf, type Ids } from '../accounting/ledger.ts';
import type { SandboxPayment, SandboxState, Tenant } from '../state.ts';

/**
 * One day of the seeded customers' lives: every payment their script has for `date` (or earlier, if days were
 * skipped) is made, dated the day they meant to pay. Invoices voided or settled since are left alone.
 */
export function simulateDay(state: SandboxState, date: CalendarDate, ids: Ids): { tenant: Tenant; payment: SandboxPayment }[] {
  const made: { tenant: Tenant; payment: SandboxPayment }[] = [];
  for (const tenant of state.tenants.values()) {
    const later = [];
    for (const plan of tenant.plans) {
      if (plan.date > date) {
        later.push(plan);
        continue;
      }
      const inv = tenant.invoices.get(plan.invoiceId);
      if (inv?.status !== 'AUTHORISED') continue;
      const amountMinor = Math.min(plan.amountMinor, amountsOf(tenant, inv).due);
      if (amountMinor <= 0) continue;
      made.push({ tenant, payment: addPayment(tenant, inv.id, { amountMinor, date: plan.date }, ids) });
    }
    tenant.plans = later;
  }
  return made;
}
