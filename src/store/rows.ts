import type { CustomerAnswer } from '../core/answers.ts';
import type { CalendarDate } from '../core/calendar.ts';
import type { Organisation, OwnerNotifications } from '../core/organisation.ts';
import { policySetSchema, stepSchema } from '../core/policy.ts';
import type { ReminderState } from '../core/reminder.ts';
import type { HistoryEvent, StoredContact, StoredInvoice, StoredReminder } from '../core/store.ts';

/** Row ↔ domain mapping, in one place so every query returns the same shapes. */

export const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();
const isoRequired = (d: Date | string): string => iso(d) as string;
// a row as either driver returns it: PGlite and node-postgres differ in what they parse (json, dates, numerics)
// biome-ignore lint/suspicious/noExplicitAny: columns are read by name and converted field by field below
type Row = Record<string, any>;
export const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export function toOrganisation(r: Row): Organisation {
  return {
    id: r.id,
    vendor: r.vendor,
    externalId: r.external_id,
    name: r.name,
    timeZone: r.time_zone,
    locale: r.locale,
    countryCode: r.country_code,
    sender: json(r.sender),
    branding: json(r.branding),
    policy: policySetSchema.parse(json(r.policy)),
    connectionStatus: r.connection_status,
    tokenKey: r.token_key ?? null,
    smtp: r.smtp == null ? null : json<Organisation['smtp']>(r.smtp),
    ledgerPlace: r.ledger_place == null ? null : json<Organisation['ledgerPlace']>(r.ledger_place),
    ledgerPlaceReadAt: iso(r.ledger_place_read_at ?? null),
    // absent from a row read before migration 0013 (a migration's test): left out, which counts as on
    ...(r.sending_on_since !== undefined ? { sendingOnSince: iso(r.sending_on_since) } : {}),
    ...(r.notifications != null ? { notifications: json<OwnerNotifications>(r.notifications) } : {}),
    createdAt: isoRequired(r.created_at),
  };
}

export function toInvoice(r: Row): StoredInvoice {
  return {
    id: r.id,
    orgId: r.org_id,
    externalId: r.external_id,
    number: r.number,
    contactId: r.contact_id ?? `ext:${r.contact_external_id}`,
    contactExternalId: r.contact_external_id,
    issueDate: r.issue_date as CalendarDate,
    dueDate: r.due_date as CalendarDate,
    currency: r.currency,
    totalMinor: Number(r.total_minor),
    amountDueMinor: Number(r.amount_due_minor),
    amountPaidMinor: Number(r.amount_paid_minor),
    amountCreditedMinor: Number(r.amount_credited_minor),
    status: r.status,
    reference: r.reference,
    paymentUrl: r.payment_url,
    emails: json<string[]>(r.emails ?? '[]'),
    paused: r.paused,
    pausedUntil: (r.paused_until ?? null) as CalendarDate | null,
    scheduleFrom: (r.schedule_from ?? null) as CalendarDate | null,
    chargesFor: r.charges_for ?? null,
    syncedAt: isoRequired(r.synced_at),
    nextActionOn: (r.next_action_on ?? null) as CalendarDate | null,
    nextActionStep: r.next_action_step ?? null,
  };
}

export function toReminder(r: Row): StoredReminder {
  return {
    id: r.id,
    orgId: r.org_id,
    invoiceId: r.invoice_id,
    contactId: r.contact_id,
    stepKey: r.step_key,
    channel: r.channel,
    step: stepSchema.parse(json(r.step)),
    dueOn: r.due_on as CalendarDate,
    state: r.state as ReminderState,
    reason: r.reason,
    batchId: r.batch_id,
    messageId: r.message_id,
    attempts: Number(r.attempts),
    plannedAt: isoRequired(r.planned_at),
    claimedAt: iso(r.claimed_at),
    claimedBy: r.claimed_by ?? null,
    sentAt: iso(r.sent_at),
    noteWrittenAt: iso(r.note_written_at),
    taskDueOn: (r.task_due_on ?? null) as CalendarDate | null,
  };
}

export function toContact(r: Row): StoredContact {
  return {
    id: r.id,
    orgId: r.org_id,
    externalId: r.external_id,
    name: r.name,
    emails: json<string[]>(r.emails),
    isConsumer: r.is_consumer,
    paused: r.paused,
    pausedUntil: (r.paused_until ?? null) as CalendarDate | null,
    ...(r.profile ? { profile: r.profile as StoredContact['profile'] } : {}),
    phone: r.phone ?? null,
    countryCode: r.country_code ?? null,
  };
}

export function toEvent(r: Row): HistoryEvent {
  return {
    kind: r.kind as HistoryEvent['kind'],
    invoiceId: r.invoice_id,
    // only on events about a customer: other events keep their shape
    ...(r.contact_id ? { contactId: r.contact_id } : {}),
    detail: json(r.detail),
    at: isoRequired(r.at),
  };
}

export function toAnswer(r: Row): CustomerAnswer {
  const base = { id: r.id, invoiceIds: json<string[]>(r.invoice_ids), at: isoRequired(r.created_at), source: r.source };
  if (r.kind === 'promise') return { ...base, kind: 'promise', promisedDate: r.promised_date };
  if (r.kind === 'paid') return { ...base, kind: 'paid', reference: r.reference };
  return { ...base, kind: 'dispute', reason: r.reason ?? '', resolvedAt: iso(r.resolved_at) };
}
