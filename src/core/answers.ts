import type { CalendarDate } from './calendar.ts';

/**
 * A customer's answer, from the signed links in every email or entered by the owner. Each pauses the invoices it names:
 * a promise until its date plus a grace period, a dispute until resolved, "already paid" until the next sync shows the
 * invoice (then chasing resumes if it is still unpaid).
 */
export type CustomerAnswer =
  | { kind: 'promise'; id: string; invoiceIds: string[]; at: string; promisedDate: CalendarDate; source: 'customer' | 'owner' }
  | { kind: 'paid'; id: string; invoiceIds: string[]; at: string; reference?: string | null; source: 'customer' | 'owner' }
  | {
      kind: 'dispute';
      id: string;
      invoiceIds: string[];
      at: string;
      reason: string;
      resolvedAt?: string | null;
      source: 'customer' | 'owner';
    };
