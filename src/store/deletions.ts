import { sql, type Kysely, type Transaction } from 'kysely';
import type { CalendarDate } from '../core/calendar.ts';
import type { LedgerDeletion, LedgerPayment } from '../core/ledger.ts';
import { json } from './rows.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The newest deletion of each record of one entity (a page may report the same one twice). */
function newestOf(deleted: LedgerDeletion[], entity: LedgerDeletion['entity']): LedgerDeletion[] {
  const byId = new Map<string, LedgerDeletion>();
  for (const d of deleted) {
    if (d.entity !== entity) continue;
    const seen = byId.get(d.externalId);
    if (!seen || Date.parse(seen.updatedAt) <= Date.parse(d.updatedAt)) byId.set(d.externalId, d);
  }
  return [...byId.values()];
}

/**
 * A deleted payment as the store takes payments: no allocations, so every allocation stored for it is marked deleted
 * (`storePayments` guards on the stored stamp and reports the invoices concerned). Date and currency are not read.
 */
export function deletedPayments(deleted: LedgerDeletion[] | undefined): LedgerPayment[] {
  return newestOf(deleted ?? [], 'payments').map((d) => ({
    externalId: d.externalId,
    allocations: [],
    date: d.updatedAt.slice(0, 10) as CalendarDate,
    currency: '',
    status: 'deleted',
    updatedAt: d.updatedAt,
  }));
}

/**
 * Applies the invoices and credit notes an incremental page reports deleted, each guarded on the stored vendor stamp
 * like every upsert: a deletion older than the state stored changes nothing, and a later version (newer stamp) brings
 * the record back. A deletion of a record the mirror never had is ignored, not kept as a tombstone: nothing was ever
 * planned on it, a tombstone row would need a number, customer, dates and amounts nobody knows (and would show in the
 * lists), and the only late version that could revive it is one read before the deletion, which the send's re-read
 * (the ledger no longer returns it) and the next full read both correct. Returns the external ids of the invoices
 * concerned: those deleted, and those a deleted credit note was allocated to.
 */
export async function applyDeletions(db: Db, orgId: string, deleted: LedgerDeletion[] | undefined, at: string): Promise<string[]> {
  if (!deleted || deleted.length === 0) return [];
  const out: string[] = [];
  const invoices = newestOf(deleted, 'invoices');
  if (invoices.length > 0) {
    const ids = invoices.map((d) => d.externalId);
    const stamps = invoices.map((d) => d.updatedAt);
    // learnt now: retention counts from this sync (as for a full read's sweep)
    const rows = await sql<{ external_id: string }>`
      update invoices as i set status = 'deleted', vendor_updated_at = d.stamp, synced_at = ${at}
      from (select unnest(${ids}::text[]) as external_id, unnest(${stamps}::timestamptz[]) as stamp) as d
      where i.org_id = ${orgId} and i.external_id = d.external_id and i.vendor_updated_at <= d.stamp
      returning i.external_id`.execute(db);
    out.push(...rows.rows.map((r) => r.external_id));
  }
  const notes = newestOf(deleted, 'creditNotes');
  if (notes.length > 0) {
    const ids = notes.map((d) => d.externalId);
    const stamps = notes.map((d) => d.updatedAt);
    const rows = await sql<{ allocations: unknown }>`
      update credit_notes as n set status = 'deleted', vendor_updated_at = d.stamp
      from (select unnest(${ids}::text[]) as external_id, unnest(${stamps}::timestamptz[]) as stamp) as d
      where n.org_id = ${orgId} and n.external_id = d.external_id and n.vendor_updated_at <= d.stamp
      returning n.allocations`.execute(db);
    out.push(...rows.rows.flatMap((r) => json<{ invoiceExternalId: string }[]>(r.allocations).map((a) => a.invoiceExternalId)));
  }
  return out;
}
