import { type Kysely, sql } from 'kysely';

/**
 * The worker's retention reads the oldest rows, not whole tables: organisation-level events by age, closed invoices
 * by when they were last synced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index events_org_level_at on events (at) where invoice_id is null`.execute(db);
  await sql`create index invoices_closed_synced on invoices (synced_at) where status in ('paid', 'voided', 'deleted')`.execute(db);
}
