import { type Kysely, sql } from 'kysely';

/**
 * Full reads (ChangePage.snapshot): a mirror row remembers the last snapshot that saw it alive, and sync_snapshots
 * the snapshot of each entity being read, with when it began. When its last page is stored, the rows of that entity
 * that no page of the snapshot delivered are gone from the ledger. Both survive a crash: a resumed snapshot counts the
 * pages already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices add column snapshot_id text`.execute(db);
  await sql`alter table payments add column snapshot_id text`.execute(db);
  await sql`alter table credit_notes add column snapshot_id text`.execute(db);
  await sql`
    create table sync_snapshots (
      org_id text not null references organisations(id) on delete cascade,
      entity text not null,
      snapshot_id text not null,
      started_at timestamptz not null,
      primary key (org_id, entity)
    )
  `.execute(db);
}
