import { createHash } from 'node:crypto';
import type { ScheduleContact } from '../core/reminder.ts';
import type { StoredInvoice } from '../core/store.ts';

/** Where an invoice's reminders go: its own addresses when the ledger gave it some, else its contact's. */
export function recipientsOf(invoice: Pick<StoredInvoice, 'emails'>, contact: Pick<ScheduleContact, 'emails'>): string[] {
  return invoice.emails && invoice.emails.length > 0 ? invoice.emails : contact.emails;
}

/** The same set of addresses whatever their order or case: one email per set. */
export function recipientKey(emails: readonly string[]): string {
  return [...new Set(emails.map((e) => e.toLowerCase()))].sort().join(',');
}

/** A short, stable tag of an address set, to tell apart the emails one planned message becomes. */
export function recipientTag(emails: readonly string[]): string {
  return createHash('sha256').update(recipientKey(emails)).digest('hex').slice(0, 8);
}
