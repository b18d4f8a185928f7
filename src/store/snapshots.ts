import { sql, type Kysely, type Transaction } from 'kysely';
import type { ChangePage } from '../core/ledger.ts';
import { json } from './rows.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Entity = ChangePage['entity'];
/**
 * The entities a full read can sweep (contacts never are: see `sweepSnapshot`): each one's mirror table, whether marking
 * a record deleted also stamps `synced_at` (an invoice: retention counts from this sync, not from its last change in
 * the ledger), and which invoices a marked row concerns (its column `concerns`, read through `invoicesOf`).
 */
const SWEPT = {
  invoices: { table: 'invoices', stampsSync: true, concerns: 'external_id', invoicesOf: (id: unknown) => [id as string] },
  payments: { table: 'payments', stampsSync: false, concerns: 'invoice_external_id', invoicesOf: (id: unknown) => [id as string] },
  creditNotes: {
    table: 'credit_notes',
    stampsSync: false,
    concerns: 'allocations',
    invoicesOf: (allocations: unknown) => json<{ invoiceExternalId: string }[]>(allocations).map((a) => a.invoiceExternalId),
  },
} as const;
type Swept = keyof typeof SWEPT;
const isSwept = (e: Entity): e is Swept => e in SWEPT;

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
  for (const entity of Object.keys(SWEPT) as Swept[]) {
    const id = open.get(entity);
    const externalIds = [...new Set(seen[entity] ?? [])];
    if (!id || externalIds.length === 0) continue;
    await db
      .updateTable(SWEPT[entity].table)
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
  const sweep = SWEPT[page.entity];
  const rows = await db
    .updateTable(sweep.table)
    .set(sweep.stampsSync ? { status: 'deleted', synced_at: at } : { status: 'deleted' })
    .where('org_id', '=', orgId)
    .where('status', '<>', 'deleted')
    .where(sql<boolean>`snapshot_id is distinct from ${id}`)
    .returning(sql<unknown>`${sql.ref(sweep.concerns)}`.as('concerns'))
    .execute();
  return rows.flatMap((r) => sweep.invoicesOf(r.concerns));
}
