import { addDays, type CalendarDate } from '../../../../src/core/calendar.ts';
import { money } from '../format.ts';
import type { Json, Realm, SandboxState } from '../state.ts';
import { rng } from './prng.ts';

/**
 * How the seeded customers pay, for the demo's fast-forward. Each customer has a profile drawn from its company and id
 * (half pay on time, three in ten late, one in five never), and each open invoice a day its customer means to pay it,
 * drawn from the invoice's id: on time is from five days before the due date to the due date, late is 10 to 45 days
 * after it. A day already past when the company was seeded (`realm.today`) moves to 1 to 30 days after that, so a
 * fast-forward does not settle the whole backlog on its first day. Nothing is stored: the same books give the same
 * plan, and an invoice paid, deleted or changed since is simply what it is.
 */
export type PayerProfile = 'on-time' | 'late' | 'never';

/** FNV-1a, enough to turn a name into a seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function payerProfile(realmId: string, customerId: string): PayerProfile {
  const k = Math.floor(rng(hash(`payer:${realmId}:${customerId}`)).next() * 10);
  return k < 5 ? 'on-time' : k < 8 ? 'late' : 'never';
}

/** The day the customer means to pay the invoice in full, or null if never. */
export function plannedPayDay(realm: Realm, invoice: Json): CalendarDate | null {
  const profile = payerProfile(realm.id, (invoice.CustomerRef as Json).value as string);
  if (profile === 'never') return null;
  const r = rng(hash(`pay:${realm.id}:${String(invoice.Id)}`));
  const due = invoice.DueDate as CalendarDate;
  const meant = profile === 'on-time' ? addDays(due, -r.int(0, 5)) : addDays(due, r.int(10, 45));
  return meant > realm.today ? meant : addDays(realm.today, r.int(1, 30));
}

export type PlannedPayment = { realmId: string; date: CalendarDate; applied: { invoiceId: string; amount: number }[] };

/**
 * The payments customers make on or before `date` that are not made yet: what is still owed on each open invoice whose
 * day has come, one payment per customer and day (a customer paying two invoices the same day pays them at once).
 */
export function paymentsDue(state: SandboxState, date: CalendarDate): PlannedPayment[] {
  const out: PlannedPayment[] = [];
  for (const realm of state.realms.values()) {
    const byCustomerDay = new Map<string, PlannedPayment>();
    const open = [...realm.entities.Invoice.values()].filter((i) => (i.Balance as number) > 0).sort((a, b) => Number(a.Id) - Number(b.Id));
    for (const inv of open) {
      const day = plannedPayDay(realm, inv);
      if (day === null || day > date) continue;
      const key = `${(inv.CustomerRef as Json).value as string} ${day}`;
      const p = byCustomerDay.get(key) ?? { realmId: realm.id, date: day, applied: [] };
      p.applied.push({ invoiceId: inv.Id as string, amount: money(inv.Balance as number) });
      byCustomerDay.set(key, p);
    }
    out.push(...[...byCustomerDay.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
  }
  return out;
}
