import type { CalendarDate } from '../core/calendar.ts';
import type { Money } from '../core/money.ts';
import type { Branding } from '../core/organisation.ts';
import type { Step } from '../core/policy.ts';

/** One row of the invoice table. */
export type ReminderInvoice = {
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  /** Whole days past the due date; zero or negative before it (shown as a dash). */
  daysLate: number;
  amountDue: Money;
  /** Late-payment charges accrued on this invoice so far, when the step mentions or claims them. */
  chargesToDate?: Money | null;
  /** amountDue + chargesToDate. */
  total: Money;
};

/**
 * Everything one reminder email says. Values are plain text: the renderer escapes, checks links and clips long values.
 * Sentences about charges come ready-made from the charges work (`charges`, `claim`); the renderer only places them.
 */
export type ReminderEmailModel = {
  template: Step['template'];
  tone: Step['tone'];
  /** "fr", "en", "fr-BE"…; an unknown language falls back to the renderer's fallback (en). */
  locale: string;
  branding: Branding;
  businessName: string;
  customerName: string;
  /** Signs the email when there is no signature. */
  senderName: string;
  /** Overrides branding.signature for this email. */
  signature?: string | null;
  /** One row or many (a consolidated reminder); at least one. */
  invoices: readonly ReminderInvoice[];
  /** What the customer should pay now: the sum of the rows' totals. */
  totalDue: Money;
  paymentUrl: string;
  /** Signed links behind the three answer buttons. */
  answerUrls: { promise: string; paid: string; dispute: string };
  /** The date to pay by (firm, final, formal notice). */
  deadline?: CalendarDate | null;
  /** Shown by firm, final and formal-notice: e.g. "Interest at 12.15 % a year (ECB rate + 10 points, 2026 H1) since …". */
  charges?: { lines: string[]; totalLabel: string } | null;
  /** Formal notice: principal + interest + compensation = total. */
  claim?: { principal: Money; interest: Money; compensation: Money; total: Money } | null;
  /** Formal notice: overrides the locale's default legal basis and next step (they depend on the jurisdiction). */
  legalBasis?: string | null;
  nextStep?: string | null;
};

export type RenderedEmail = { subject: string; preheader: string; html: string; text: string };
