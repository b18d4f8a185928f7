import { addDays, localDate } from '../../../../src/core/calendar.ts';
import { money, qbTime } from '../format.ts';
import type { Change, EntityName, Json, Operation, Realm } from '../state.ts';

/** Changes to a company's books, shared by the write routes and the sandbox's control. */

const watchers = new WeakMap<Realm, (change: Change) => void>();

/** Hear about every change to the company's books (the sandbox's webhooks). One watcher per company. */
export function watch(realm: Realm, listener: (change: Change) => void): void {
  watchers.set(realm, listener);
}

/** Tell the watcher a write happened; every write path calls it after the change is made. */
export function changed(realm: Realm, entity: EntityName, id: string, operation: Operation, now: number): void {
  watchers.get(realm)?.({ realmId: realm.id, entity, id, operation, at: now });
}

export function newId(realm: Realm): string {
  return String(realm.nextId++);
}

export function stampCreated(e: Json, now: number): void {
  e.SyncToken = '0';
  e.MetaData = { CreateTime: qbTime(now), LastUpdatedTime: qbTime(now) };
  e.domain = 'QBO';
  e.sparse = false;
}

export function stampUpdated(e: Json, now: number): void {
  e.SyncToken = String(Number(e.SyncToken ?? '0') + 1);
  e.MetaData = { ...(e.MetaData as Json), LastUpdatedTime: qbTime(now) };
}

export function today(realm: Realm, now: number): string {
  return localDate(new Date(now), realm.timeZone);
}

export { addDays };

/** What has been applied to an invoice: the sum of payment lines linking it. */
export function appliedTo(realm: Realm, invoiceId: string): number {
  let sum = 0;
  for (const p of realm.entities.Payment.values())
    for (const line of (p.Line as Json[] | undefined) ?? [])
      if (((line.LinkedTxn as Json[] | undefined) ?? []).some((l) => l.TxnType === 'Invoice' && l.TxnId === invoiceId))
        sum += line.Amount as number;
  return money(sum);
}

/** Lines' amounts: an explicit Amount wins; otherwise Qty × UnitPrice of the SalesItemLineDetail. */
export function lineAmount(line: Json): number {
  if (typeof line.Amount === 'number') return money(line.Amount);
  const d = (line.SalesItemLineDetail as Json | undefined) ?? {};
  return money(Number(d.Qty ?? 1) * Number(d.UnitPrice ?? 0));
}

export function remove(realm: Realm, entity: EntityName, id: string, now: number): void {
  realm.entities[entity].delete(id);
  realm.deleted.push({ entity, id, at: now });
}

/** A customer's open balance, kept in step with its invoices (QuickBooks maintains Customer.Balance itself). */
export function refreshCustomerBalance(realm: Realm, customerId: string): void {
  const customer = realm.entities.Customer.get(customerId);
  if (!customer) return;
  let owed = 0;
  for (const i of realm.entities.Invoice.values()) if ((i.CustomerRef as Json).value === customerId) owed += i.Balance as number;
  customer.Balance = money(owed);
  customer.BalanceWithJobs = money(owed);
}

/**
 * Void as QuickBooks does it: the invoice stays, its lines and totals go to zero and the memo says "Voided" (the
 * customer no longer owes it). Guessed details: the exact memo text, and that an invoice with payments applied is
 * refused here (QuickBooks unapplies them instead, which the sandbox does not model); returns that reason, or null.
 */
export function voidInvoice(realm: Realm, inv: Json, now: number): string | null {
  if (appliedTo(realm, inv.Id as string) > 0) return 'the sandbox does not void an invoice with payments applied';
  inv.Line = ((inv.Line as Json[] | undefined) ?? []).map((l) => {
    const d = l.SalesItemLineDetail as Json | undefined;
    return { ...l, Amount: 0, ...(d ? { SalesItemLineDetail: { ...d, Qty: 0, UnitPrice: 0 } } : {}) };
  });
  inv.TotalAmt = 0;
  inv.Balance = 0;
  inv.PrivateNote = inv.PrivateNote ? `Voided - ${String(inv.PrivateNote)}` : 'Voided';
  stampUpdated(inv, now);
  refreshCustomerBalance(realm, (inv.CustomerRef as Json).value as string);
  changed(realm, 'Invoice', inv.Id as string, 'Void', now);
  return null;
}
