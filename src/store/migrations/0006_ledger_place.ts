import { type Kysely, sql } from 'kysely';

/**
 * What the ledger last said of where an organisation is (legal name, country, base currency, zone, language), as
 * JSON: time_zone, locale and country_code follow it on each sync unless the owner changed them. Null: never read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations add column ledger_place text`.execute(db);
}
