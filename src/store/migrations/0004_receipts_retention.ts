import { type Kysely, sql } from 'kysely';

/** Webhook receipts are purged by age (the worker's maintenance): the purge reads the oldest rows, not the table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index webhook_receipts_received_at on webhook_receipts (received_at)`.execute(db);
}
