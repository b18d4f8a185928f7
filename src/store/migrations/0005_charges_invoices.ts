import { type Kysely, sql } from 'kysely';

/**
 * Which mirrored invoices are relance's own late-payment charges invoices, and for which invoice: those are never
 * reminded nor charged on their own, and the reminders of the invoice they belong to list them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices add column charges_for text`.execute(db);
  // the sender lists the charges invoices of the invoices it reminds
  await sql`create index invoices_charges_for on invoices (org_id, charges_for) where charges_for is not null`.execute(db);
}
