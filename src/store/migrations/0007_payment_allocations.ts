import { type Kysely, sql } from 'kysely';

/**
 * A payment can pay several invoices (one payment, many lines): one row per allocation, keyed by
 * (organisation, payment, invoice). Existing rows each paid one invoice, so they are already one allocation each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments drop constraint payments_pkey`.execute(db);
  await sql`alter table payments add primary key (org_id, external_id, invoice_external_id)`.execute(db);
}
