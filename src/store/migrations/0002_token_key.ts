import { type Kysely, sql } from 'kysely';

/**
 * One consent can cover several organisations with ONE rotating refresh token (every tenant ticked on one consent
 * screen, with some ledgers): those organisations share the token row of the first of them (token_key), so refreshing
 * for one never strands the others.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations add column token_key text`.execute(db);
}
