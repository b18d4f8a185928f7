import { sql, type Kysely, type Transaction } from 'kysely';
import type { LedgerPayment } from '../core/ledger.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The newest version of each payment a page carries (a page may hold the same payment twice). */
function newestEach(payments: LedgerPayment[]): LedgerPayment[] {
  const byId = new Map<string, LedgerPayment>();
  for (const p of payments) {
    const seen = byId.get(p.externalId);
    if (!seen || Date.parse(seen.updatedAt) <= Date.parse(p.updatedAt)) byId.set(p.externalId, p);
  }
  return [...byId.values()];
}

/** One row per invoice: two lines of one payment on the same invoice count as one allocation of their sum. */
function allocationsOf(p: LedgerPayment): { invoiceExternalId: string; amountMinor: number }[] {
  const byInvoice = new Map<string, number>();
  for (const a of p.allocations) byInvoice.set(a.invoiceExternalId, (byInvoice.get(a.invoiceExternalId) ?? 0) + a.amountMinor);
  return [...byInvoice].map(([invoiceExternalId, amountMinor]) => ({ invoiceExternalId, amountMinor }));
}

/**
 * Stores payments as their allocations. A payment received replaces every allocation stored for it (one moved to
 * another invoice is gone from the first); a deleted one marks all its allocations deleted, kept as tombstones so an
 * older version read late cannot bring it back. A version older than the stored one changes nothing. Returns the
 * external ids of the invoices whose receipts changed, before and after.
 */
export async function storePayments(db: Db, orgId: string, payments: LedgerPayment[]): Promise<string[]> {
  if (payments.length === 0) return [];
  const incoming = newestEach(payments);
  const ids = incoming.map((p) => p.externalId);
  const stored = await db
    .selectFrom('payments')
    .select(['external_id', 'invoice_external_id', 'vendor_updated_at'])
    .where('org_id', '=', orgId)
    .where('external_id', '=', sql<string>`any(${ids}::text[])`)
    .execute();
  const storedAt = new Map<string, number>();
  const storedInvoices = new Map<string, string[]>();
  for (const r of stored) {
    storedAt.set(r.external_id, Math.max(storedAt.get(r.external_id) ?? 0, new Date(r.vendor_updated_at).getTime()));
    storedInvoices.set(r.external_id, [...(storedInvoices.get(r.external_id) ?? []), r.invoice_external_id]);
  }
  const fresh = incoming.filter((p) => !storedAt.has(p.externalId) || storedAt.get(p.externalId)! <= Date.parse(p.updatedAt));
  if (fresh.length === 0) return [];
  const touched = new Set<string>();
  for (const p of fresh) {
    for (const id of storedInvoices.get(p.externalId) ?? []) touched.add(id);
    for (const a of p.allocations) touched.add(a.invoiceExternalId);
  }

  const deleted = fresh.filter((p) => p.status === 'deleted');
  for (const p of deleted) {
    await db
      .updateTable('payments')
      .set({ status: 'deleted', vendor_updated_at: p.updatedAt })
      .where('org_id', '=', orgId)
      .where('external_id', '=', p.externalId)
      .execute();
  }
  // a deleted payment never stored before is kept as a tombstone of the allocations it names
  const rows = fresh
    .filter((p) => p.status === 'active' || !storedAt.has(p.externalId))
    .flatMap((p) =>
      allocationsOf(p).map((a) => ({
        org_id: orgId,
        external_id: p.externalId,
        invoice_external_id: a.invoiceExternalId,
        date: p.date,
        amount_minor: a.amountMinor,
        currency: p.currency,
        status: p.status,
        vendor_updated_at: p.updatedAt,
      })),
    );
  const replaced = fresh.filter((p) => p.status === 'active').map((p) => p.externalId);
  if (replaced.length > 0) {
    await db.deleteFrom('payments').where('org_id', '=', orgId).where('external_id', '=', sql<string>`any(${replaced}::text[])`).execute();
  }
  // PostgreSQL takes at most 65,535 bind parameters: 8 a row
  for (let i = 0; i < rows.length; i += 2_000) {
    await db
      .insertInto('payments')
      .values(rows.slice(i, i + 2_000))
      // a concurrent store of the same payment (two syncs racing) must not fail the page: the newer version wins
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'external_id', 'invoice_external_id'])
          .doUpdateSet((eb) => ({
            date: eb.ref('excluded.date'),
            amount_minor: eb.ref('excluded.amount_minor'),
            status: eb.ref('excluded.status'),
            vendor_updated_at: eb.ref('excluded.vendor_updated_at'),
          }))
          .where('payments.vendor_updated_at', '<=', (eb) => eb.ref('excluded.vendor_updated_at')),
      )
      .execute();
  }
  return [...touched];
}
