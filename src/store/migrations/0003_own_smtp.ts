import { type Kysely, sql } from 'kysely';

/** The owner's own SMTP server (host, port, user, sealed password), null for the platform relay. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations add column smtp jsonb`.execute(db);
  // the outbox page reads an organisation's latest emails without scanning its whole history
  await sql`create index events_org_kind_at on events (org_id, kind, at desc)`.execute(db);
}
