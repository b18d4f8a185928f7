import { type Kysely, sql } from 'kysely';

/**
 * The owner's cockpit (issue 14): preview before sending, pauses until a date, a gentler restart, the step of the next
 * action, call tasks put off to a later day, customers' phones, events about a customer, the running sync's progress,
 * and every email exactly as it left.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // null: preview (nothing is sent). Organisations connected before this column keep sending: they get their
  // created_at. A new row left without a value is on (callers that predate preview keep their behaviour); the
  // connect flow writes null explicitly.
  await sql`alter table organisations add column sending_on_since timestamptz default now()`.execute(db);
  await sql`update organisations set sending_on_since = created_at`.execute(db);
  await sql`alter table organisations add column notifications jsonb`.execute(db);

  await sql`alter table invoices add column paused_until date`.execute(db);
  await sql`alter table invoices add column schedule_from date`.execute(db);
  await sql`alter table invoices add column next_action_step text`.execute(db);
  // the cockpit's aggregates and lists read the open invoices of one organisation, not the whole table
  await sql`create index invoices_open on invoices (org_id, due_date) where status = 'open'`.execute(db);

  // an invoice's answers (the invoice page, a page of the invoice list): answers name their invoices in a JSON array
  await sql`create index answers_invoices on answers using gin (invoice_ids)`.execute(db);

  await sql`alter table contacts add column paused_until date`.execute(db);
  await sql`alter table contacts add column phone text`.execute(db);

  await sql`alter table reminders add column task_due_on date`.execute(db);

  await sql`alter table events add column contact_id text`.execute(db);
  await sql`create index events_contact on events (org_id, contact_id, at) where contact_id is not null`.execute(db);

  await sql`alter table sync_state add column running jsonb`.execute(db);

  await sql`create table sent_messages (
      org_id text not null references organisations(id) on delete cascade,
      message_id text not null,
      invoice_ids jsonb not null,
      "to" jsonb not null,
      subject text not null,
      html text not null,
      text text not null,
      sent_at timestamptz not null,
      primary key (org_id, message_id)
    )`.execute(db);
  // retention reads the oldest messages first
  await sql`create index sent_messages_sent_at on sent_messages (sent_at)`.execute(db);
}
