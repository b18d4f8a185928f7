import { type Kysely, sql } from 'kysely';

/** An invoice's own addresses (LedgerInvoice.emails), which win over its contact's; empty: the contact's. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices add column emails jsonb not null default '[]'`.execute(db);
}
