import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // one statement per call: PGlite's extended protocol takes a single statement
  for (const statement of SCHEMA.split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

const SCHEMA = `
    create table organisations (
      id text primary key,
      vendor text not null,
      external_id text not null,
      name text not null,
      time_zone text not null,
      locale text not null,
      country_code text not null,
      sender jsonb not null,
      branding jsonb not null default '{}',
      policy jsonb not null,
      connection_status text not null default 'connected',
      status_reason text,
      created_at timestamptz not null default now(),
      unique (vendor, external_id)
    );
    create table tokens (
      org_id text primary key references organisations(id) on delete cascade,
      sealed text not null,
      updated_at timestamptz not null default now()
    );
    create table sync_state (
      org_id text primary key references organisations(id) on delete cascade,
      cursor text,
      progress_done integer not null default 0,
      progress_total integer,
      last_sync_at timestamptz,
      last_error text
    );
    create table contacts (
      id text primary key,
      org_id text not null references organisations(id) on delete cascade,
      external_id text not null,
      name text not null,
      emails jsonb not null default '[]',
      is_consumer boolean not null default false,
      country_code text,
      profile text,
      paused boolean not null default false,
      vendor_updated_at timestamptz not null,
      unique (org_id, external_id)
    );
    create table invoices (
      id text primary key,
      org_id text not null references organisations(id) on delete cascade,
      external_id text not null,
      number text not null,
      contact_external_id text not null,
      issue_date date not null,
      due_date date not null,
      currency text not null,
      total_minor bigint not null,
      amount_due_minor bigint not null,
      amount_paid_minor bigint not null,
      amount_credited_minor bigint not null,
      status text not null,
      reference text,
      payment_url text,
      paused boolean not null default false,
      vendor_updated_at timestamptz not null,
      synced_at timestamptz not null,
      next_action_on date,
      unique (org_id, external_id)
    );
    create index invoices_due on invoices (org_id, next_action_on) where next_action_on is not null;
    create index invoices_contact on invoices (org_id, contact_external_id);
    create table payments (
      org_id text not null references organisations(id) on delete cascade,
      external_id text not null,
      invoice_external_id text not null,
      date date not null,
      amount_minor bigint not null,
      currency text not null,
      status text not null,
      vendor_updated_at timestamptz not null,
      primary key (org_id, external_id)
    );
    create index payments_invoice on payments (org_id, invoice_external_id);
    create table credit_notes (
      org_id text not null references organisations(id) on delete cascade,
      external_id text not null,
      contact_external_id text not null,
      allocations jsonb not null default '[]',
      currency text not null,
      status text not null,
      vendor_updated_at timestamptz not null,
      primary key (org_id, external_id)
    );
    create table reminders (
      id text primary key,
      org_id text not null references organisations(id) on delete cascade,
      invoice_id text not null references invoices(id) on delete cascade,
      contact_id text not null,
      step_key text not null,
      channel text not null,
      step jsonb not null,
      due_on date not null,
      state text not null,
      reason text,
      batch_id text not null,
      message_id text,
      attempts integer not null default 0,
      planned_at timestamptz not null,
      claimed_at timestamptz,
      claimed_by text,
      sent_at timestamptz,
      note_written_at timestamptz,
      updated_at timestamptz not null,
      unique (org_id, invoice_id, step_key)
    );
    create index reminders_state on reminders (org_id, state);
    create index reminders_contact_sent on reminders (org_id, contact_id, sent_at) where sent_at is not null;
    create table answers (
      id text primary key,
      org_id text not null references organisations(id) on delete cascade,
      kind text not null,
      invoice_ids jsonb not null,
      promised_date date,
      reference text,
      reason text,
      resolved_at timestamptz,
      source text not null,
      created_at timestamptz not null,
      note_written_at timestamptz
    );
    create index answers_org on answers (org_id);
    create table charges (
      id text primary key,
      org_id text not null references organisations(id) on delete cascade,
      invoice_id text not null references invoices(id) on delete cascade,
      state text not null,
      currency text not null,
      interest_minor bigint not null,
      compensation_minor bigint not null,
      total_minor bigint not null,
      breakdown jsonb not null,
      vendor_id text,
      written_as text,
      waived_vendor_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (org_id, invoice_id)
    );
    create table events (
      id bigserial primary key,
      org_id text not null references organisations(id) on delete cascade,
      invoice_id text,
      kind text not null,
      detail jsonb not null default '{}',
      at timestamptz not null
    );
    create index events_invoice on events (org_id, invoice_id, at);
    create table webhook_receipts (
      dedupe_key text primary key,
      received_at timestamptz not null
    );
    create table oauth_states (
      state text primary key,
      vendor text not null,
      verifier text not null,
      created_at timestamptz not null
    );
`;
