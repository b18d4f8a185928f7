import { type Kysely, sql } from 'kysely';

/**
 * When the ledger's place (ledger_place) was last read: a scheduled sync re-reads it at most once a day, as it costs
 * vendor calls (two on some ledgers) and rarely changes. Null: never read, or read before this column existed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations add column ledger_place_read_at timestamptz`.execute(db);
}
