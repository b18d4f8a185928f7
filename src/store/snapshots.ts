import { sql, type Kysely, type Transaction } from 'kysely';
import type { ChangePage } from '../core/ledger.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Entity = ChangePage['entity'];
/** The mirror tables a full read can sweep. Contacts are never swept: see `sweepSnapshot`. */
const TABLES = { invoices: 'invoices', payments: 'payments', creditNotes: 'credit_notes' } as const;
type Swept = keyof typeof TABLES;
const isSwept = (e: Entity): e is Swept => e in TABLES;

/**
 * Opens (or resumes) the snapshot a page belongs to, and returns every snapshot open for the organisation by entity.
 * A new id for the same entity replaces the old one: an abandoned full read counts for nothing.
 */
export async function openSnapshots(db: Db, orgId: string, page: ChangePage, at: string): Promise<Map<Entity, string>> {
  if (page.snapshot) {
    const id = page.snapshot.id;
    await db
      .insertInto('sync_snapshots')
      .values({ org_id: orgId, entity: page.entity, snapshot_id: id, started_at: at })
      .onConflict((oc) =>
        oc.columns(['org_id', 'entity']).doUpdateSet({ snapshot_id: id, started_at: at }).where('sync_snapshots.snapshot_id', '<>', id),
      )
      .execute();
  }
  const rows = await db.selectFrom('sync_snapshots').select(['entity', 'snapshot_id']).where('org_id', '=', orgId).execute();
  return new Map(rows.map((r) => [r.entity as Entity, r.snapshot_id]));
}

/**
 * Marks the records a page delivered as seen by the snapshot open for their entity, whatever page brought them (a
 * snapshot page, an incremental one, a fresh read before a send): a record seen alive while a full read runs is not
 * gone. Versions older than the stored one count too: the ledger still has the record.
 */
export async function stampSeen(db: Db, orgId: string, open: Map<Entity, string>, seen: Partial<Record<Swept, string[]>>): Promise<void> {
  for (const entity of Object.keys(TABLES) as Swept[]) {
    const id = open.get(entity);
    const externalIds = [...new Set(seen[entity] ?? [])];
    if (!id || externalIds.length === 0) continue;
    await db
      .updateTable(TABLES[entity])
      .set({ snapshot_id: id })
      .where('org_id', '=', orgId)
      .where('external_id', '=', sql<string>`any(${externalIds}::text[])`)
      .execute();
  }
}

/**
 * On the last page of a full read: every record of the entity that no page of the snapshot delivered is gone from the
 * ledger and is marked deleted (an invoice then holds its reminders: nothing is sent for it). Contacts are kept: a
 * contact alone sends nothing, and its invoices, history and answers still point at it. Returns the external ids of
 * the invoices concerned (deleted invoices, or invoices whose receipts changed).
 */
export async function sweepSnapshot(db: Db, orgId: string, page: ChangePage, at: string): Promise<string[]> {
  if (!page.snapshot?.complete) return [];
  const id = page.snapshot.id;
  await db.deleteFrom('sync_snapshots').where('org_id', '=', orgId).where('entity', '=', page.entity).execute();
  if (!isSwept(page.entity)) return [];
  const unseen = sql<boolean>`snapshot_id is distinct from ${id}`;
  if (page.entity === 'invoices') {
    const rows = await db
      .updateTable('invoices')
      // learnt now: retention counts from this sync, not from the invoice's last change in the ledger
      .set({ status: 'deleted', synced_at: at })
      .where('org_id', '=', orgId)
      .where('status', '<>', 'deleted')
      .where(unseen)
      .returning('external_id')
      .execute();
    return rows.map((r) => r.external_id);
  }
  if (page.entity === 'payments') {
    const rows = await db
      .updateTable('payments')
      .set({ status: 'deleted' })
      .where('org_id', '=', orgId)
      .where('status', '<>', 'deleted')
      .where(unseen)
      .returning('invoice_external_id')
      .execute();
    return rows.map((r) => r.invoice_external_id);
  }
  const rows = await db
    .updateTable('credit_notes')
    .set({ status: 'deleted' })
    .where('org_id', '=', orgId)
    .where('status', '<>', 'deleted')
    .where(unseen)
    .returning('allocations')
    .execute();
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as { invoiceExternalId: string }[];
  return rows.flatMap((r) => json(r.allocations).map((a) => a.invoiceExternalId));
}
