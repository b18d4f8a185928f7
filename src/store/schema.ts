import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface Database {
  organisations: {
    id: string;
    vendor: string;
    external_id: string;
    name: string;
    time_zone: string;
    locale: string;
    country_code: string;
    sender: Json<unknown>;
    branding: Json<unknown>;
    policy: Json<unknown>;
    connection_status: string;
    status_reason: string | null;
    token_key: string | null;
    smtp: ColumnType<unknown, string | null | undefined, string | null>;
    ledger_place: ColumnType<unknown, string | null | undefined, string | null>;
    ledger_place_read_at: Timestamp | null;
    /** When sending was turned on; null: preview. Left out on insert: on (the column's default, now()). */
    sending_on_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    notifications: ColumnType<unknown, string | null | undefined, string | null>;
    /** The organisation's local date the owner's digest last went out. */
    created_at: Generated<Timestamp>;
  };
  tokens: { org_id: string; sealed: string; updated_at: Generated<Timestamp> };
  sync_state: {
    org_id: string;
    cursor: string | null;
    progress_done: Generated<number>;
    progress_total: number | null;
    last_sync_at: Timestamp | null;
    last_error: string | null;
    /** The running sync's SyncProgress; null: none running. */
    running: ColumnType<unknown, string | null | undefined, string | null>;
  };
  contacts: {
    id: string;
    org_id: string;
    external_id: string;
    name: string;
    emails: Json<string[]>;
    is_consumer: boolean;
    country_code: string | null;
    profile: string | null;
    paused: Generated<boolean>;
    paused_until: ColumnType<string | null, string | null | undefined, string | null>;
    phone: ColumnType<string | null, string | null | undefined, string | null>;
    vendor_updated_at: Timestamp;
  };
  invoices: {
    id: string;
    org_id: string;
    external_id: string;
    number: string;
    contact_external_id: string;
    issue_date: string;
    due_date: string;
    currency: string;
    total_minor: number;
    amount_due_minor: number;
    amount_paid_minor: number;
    amount_credited_minor: number;
    status: string;
    reference: string | null;
    payment_url: string | null;
    /** The invoice's own addresses (JSON array of strings); empty: its contact's. */
    emails: Generated<string>;
    paused: Generated<boolean>;
    paused_until: ColumnType<string | null, string | null | undefined, string | null>;
    /** The date the steps' offsets count from (a gentler restart); null: the due date. */
    schedule_from: ColumnType<string | null, string | null | undefined, string | null>;
    vendor_updated_at: Timestamp;
    synced_at: Timestamp;
    next_action_on: string | null;
    next_action_step: ColumnType<string | null, string | null | undefined, string | null>;
    /** A late-payment charges invoice relance wrote: the id of the invoice whose charges it carries. */
    charges_for: Generated<string | null>;
    /** The last full read (ChangePage.snapshot) that saw this invoice in the ledger. */
    snapshot_id: Generated<string | null>;
  };
  payments: {
    org_id: string;
    external_id: string;
    invoice_external_id: string;
    date: string;
    amount_minor: number;
    currency: string;
    status: string;
    vendor_updated_at: Timestamp;
    snapshot_id: Generated<string | null>;
  };
  credit_notes: {
    org_id: string;
    external_id: string;
    contact_external_id: string;
    allocations: Json<unknown>;
    currency: string;
    status: string;
    vendor_updated_at: Timestamp;
    snapshot_id: Generated<string | null>;
  };
  /** The full read of an entity in progress, per organisation (see migration 0008). */
  sync_snapshots: { org_id: string; entity: string; snapshot_id: string; started_at: Timestamp };
  reminders: {
    id: string;
    org_id: string;
    invoice_id: string;
    contact_id: string;
    step_key: string;
    channel: string;
    step: Json<unknown>;
    due_on: string;
    state: string;
    reason: string | null;
    batch_id: string;
    message_id: string | null;
    attempts: Generated<number>;
    planned_at: Timestamp;
    claimed_at: Timestamp | null;
    claimed_by: string | null;
    sent_at: Timestamp | null;
    note_written_at: Timestamp | null;
    updated_at: Timestamp;
    /** An open task is listed from this local date (null: from due_on). */
    task_due_on: ColumnType<string | null, string | null | undefined, string | null>;
  };
  answers: {
    id: string;
    org_id: string;
    kind: string;
    invoice_ids: Json<string[]>;
    promised_date: string | null;
    reference: string | null;
    reason: string | null;
    resolved_at: Timestamp | null;
    source: string;
    created_at: Timestamp;
    note_written_at: Timestamp | null;
  };
  charges: {
    id: string;
    org_id: string;
    invoice_id: string;
    state: string;
    currency: string;
    interest_minor: number;
    compensation_minor: number;
    total_minor: number;
    breakdown: Json<unknown>;
    /** The WrittenCharge: what was written to the ledger, enough to take it back. */
    written: Json<unknown> | null;
    waived_vendor_id: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  events: {
    id: Generated<number>;
    org_id: string;
    invoice_id: string | null;
    /** Set on events about a customer rather than one invoice. */
    contact_id: ColumnType<string | null, string | null | undefined, string | null>;
    kind: string;
    detail: Json<unknown>;
    at: Timestamp;
  };
  /** Every email exactly as it left, kept as long as its invoices' history. */
  sent_messages: {
    org_id: string;
    message_id: string;
    invoice_ids: Json<string[]>;
    to: Json<string[]>;
    subject: string;
    html: string;
    text: string;
    sent_at: Timestamp;
  };
  webhook_receipts: { dedupe_key: string; received_at: Timestamp };
  oauth_states: { state: string; vendor: string; verifier: string; created_at: Timestamp };
}
