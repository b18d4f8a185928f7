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
  /** The ledger's page where this invoice alone can be paid, shown in its row. */
  paymentUrl?: string | null;
  /** Set on the row of a late-payment charges invoice: the number of the invoice whose charges it carries. */
  chargesFor?: string | null;
};

/** Formal notice: principal + interest + compensation = total, in one currency. */
export type ClaimBreakdown = { principal: Money; interest: Money; compensation: Money; total: Money };

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
  /**
   * What the customer should pay now: the sum of the rows' totals, one per currency when the rows are in several.
   * Amounts in different currencies are never added up: each is shown on its own line.
   */
  totalDue: Money | readonly Money[];
  /**
   * The main button's link: it must pay every invoice listed (one invoice's page, or one page the ledger offers for all
   * of them). Null when there is no such link: the button is left out and the email points to each row's own link.
   */
  paymentUrl: string | null;
  /** Signed links behind the three answer buttons. */
  answerUrls: { promise: string; paid: string; dispute: string };
  /** The date to pay by (firm, final, formal notice). */
  deadline?: CalendarDate | null;
  /** Shown by firm, final and formal-notice: e.g. "Interest at 12.15 % a year (ECB rate + 10 points, 2026 H1) since …". */
  charges?: { lines: string[]; totalLabel: string } | null;
  /** Formal notice: principal + interest + compensation = total; one per currency when the invoices are in several. */
  claim?: ClaimBreakdown | readonly ClaimBreakdown[] | null;
  /** Formal notice: overrides the locale's default legal basis and next step (they depend on the jurisdiction). */
  legalBasis?: string | null;
  nextStep?: string | null;
};

export type RenderedEmail = { subject: string; preheader: string; html: string; text: string };
