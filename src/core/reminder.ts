import type { CalendarDate } from './calendar.ts';
import type { LedgerInvoiceStatus } from './ledger.ts';
import type { Step } from './policy.ts';

/**
 * A reminder is one attempt at one (invoice, step), unique per (organisation, invoice, step).
 * planned → claimed → sending → sent | failed(reason) | uncertain (crashed while the transport had it: shown, never
 * re-sent blindly); a claim that never reached the transport returns to planned. skipped(reason) when superseded.
 * planned → cancelled (paid, disputed… before it went out) | awaiting-approval → planned (owner approved)
 * A call or letter step is the owner's to do: claimed → task-open (a call to make, a letter ready to print) → sent
 * once the owner says it is done, or cancelled when the invoice no longer needs it.
 */
export const REMINDER_STATES = [
  'planned',
  'awaiting-approval',
  'claimed',
  'sending',
  'sent',
  'skipped',
  'failed',
  'uncertain',
  'cancelled',
  'task-open',
] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** States after which the (invoice, step) is done with, whatever happens next. */
export const FINAL_STATES: readonly ReminderState[] = ['sent', 'skipped', 'uncertain', 'task-open'];

export type ReminderRecord = {
  invoiceId: string;
  contactId: string;
  stepKey: string;
  state: ReminderState;
  reason?: string | null;
  /** When it reached its state (ISO instant): for `sent`, when it went out. */
  at: string;
  channel: Step['channel'];
};

/** What the schedule needs to know about an invoice, as the store holds it. */
export type ScheduleInvoice = {
  id: string;
  number: string;
  contactId: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  amountCreditedMinor: number;
  status: LedgerInvoiceStatus;
  /** The owner switched chasing off for this invoice. */
  paused: boolean;
  /** The paused invoice is chased again from this local date (null or absent: until the owner resumes it). */
  pausedUntil?: CalendarDate | null;
  /**
   * The date the policy's step offsets count from, when the owner restarted an overdue invoice at a gentler step
   * (catch-up review); null or absent: the due date. Charges always run from the real due date.
   */
  scheduleFrom?: CalendarDate | null;
  /**
   * Set on a late-payment charges invoice relance wrote to the ledger: the id of the invoice whose charges it carries.
   * It is never reminded nor charged on its own; the reminders of that invoice list it.
   */
  chargesFor?: string | null;
  /** When a sync last confirmed this state (ISO instant): an "already paid" answer holds until a sync after it. */
  syncedAt: string;
  /** The invoice's own addresses (LedgerInvoice.emails): its reminders go there. Empty or absent: the contact's. */
  emails?: string[];
};

export type ScheduleContact = {
  id: string;
  name: string;
  emails: string[];
  isConsumer: boolean;
  /** The owner switched chasing off for this customer. */
  paused: boolean;
  /** The paused customer is chased again from this local date (null or absent: until the owner resumes them). */
  pausedUntil?: CalendarDate | null;
  profile?: 'reliable' | 'forgetful' | 'chronic-late' | 'new';
};

/** Why nothing goes out for an invoice now; each reads as a sentence to the owner through `why`. */
export type HoldReason =
  | 'draft'
  | 'paid'
  | 'credited'
  | 'voided'
  | 'deleted'
  | 'disputed'
  | 'promised'
  | 'reported-paid'
  | 'paused'
  | 'charges-invoice'
  | 'not-yet-due'
  | 'all-steps-done'
  | 'outside-send-window'
  | 'contacted-recently'
  | 'in-progress';

export type Decision =
  /** Goes out now (a call or letter step becomes a task for the owner). */
  | { kind: 'send'; invoiceId: string; contactId: string; step: Step; policyName: string; dueOn: CalendarDate; why: string }
  /**
   * A step that will never go out, recorded as skipped with the reason: an earlier step overtaken by a later one
   * (promise 3), or a step meant for before the due date once that date has passed.
   */
  | { kind: 'skip'; invoiceId: string; contactId: string; step: Step; dueOn: CalendarDate; reason: 'superseded' | 'past-due'; why: string }
  /** Due, but waits for the owner's approval. */
  | { kind: 'approve'; invoiceId: string; contactId: string; step: Step; policyName: string; dueOn: CalendarDate; why: string }
  /** Due, but cannot go out until the owner fixes something (no email address). */
  | { kind: 'blocked'; invoiceId: string; contactId: string; step: Step; dueOn: CalendarDate; reason: 'no-email'; why: string }
  /** Nothing now; `until` is the next day it will be looked at again, when known. */
  | {
      kind: 'hold';
      invoiceId: string;
      contactId: string;
      stepKey: string | null;
      reason: HoldReason;
      until: CalendarDate | null;
      why: string;
    };

/** One email (or task) to one customer: the sends of a plan grouped per customer when the policy consolidates. */
export type PlannedMessage = {
  contactId: string;
  channel: Step['channel'];
  /** The most advanced step among the invoices: it sets the template and tone. */
  step: Step;
  invoiceIds: string[];
  /** Per invoice, the step it is reminded for (one reminder record each). */
  steps: { invoiceId: string; step: Step; dueOn: CalendarDate }[];
};
