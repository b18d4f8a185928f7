import { calendarDate, zonedInstant, type CalendarDate } from '../calendar.ts';
import { defaultPolicy, policySchema, type Policy } from '../policy.ts';
import type { ReminderRecord, ScheduleContact, ScheduleInvoice } from '../reminder.ts';

/** Builders for tests of the schedule and of whatever stores or renders its decisions. */

export const day = (text: string): CalendarDate => calendarDate(text);

export function anInvoice(over: Partial<ScheduleInvoice> = {}): ScheduleInvoice {
  return {
    id: 'inv-1',
    number: 'INV-0001',
    contactId: 'c-1',
    issueDate: day('2026-02-01'),
    dueDate: day('2026-03-03'),
    currency: 'EUR',
    totalMinor: 120_000,
    amountDueMinor: 120_000,
    amountCreditedMinor: 0,
    status: 'open',
    paused: false,
    syncedAt: '2026-03-01T00:00:00Z',
    ...over,
  };
}

export function aContact(over: Partial<ScheduleContact> = {}): ScheduleContact {
  return { id: 'c-1', name: 'Acme SARL', emails: ['compta@acme.test'], isConsumer: false, paused: false, ...over };
}

export function aRecord(over: Partial<ReminderRecord> & Pick<ReminderRecord, 'stepKey' | 'state' | 'at'>): ReminderRecord {
  return { invoiceId: 'inv-1', contactId: 'c-1', channel: 'email', ...over };
}

export function aPolicy(over: Partial<Policy> = {}): Policy {
  return policySchema.parse({ ...defaultPolicy, ...over });
}

/** The instant a wall clock in `zone` reads `date` at `hour`:00. */
export const wall = (date: string, hour: number, zone = 'Europe/Paris'): Date => zonedInstant(day(date), hour, 0, zone);
