import type { CalendarDate } from '../../../src/core/calendar.ts';

/** The sandbox's ledgers, in minor units and calendar dates; serialised to Xero's JSON only at the edge. */

/** How a seeded customer pays: drives the seed's payments and `control.simulateDay`. */
export type PayerKind = 'early' | 'on-time' | 'late' | 'partial' | 'never';

export type ContactPerson = { firstName: string; lastName: string; email: string; includeInEmails: boolean };

/** A number as Xero keeps it: its type and the country code, area code and number apart. */
export type SandboxPhone = { type: 'DEFAULT' | 'MOBILE'; countryCode: string; areaCode: string; number: string };

export type SandboxContact = {
  id: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  persons: ContactPerson[];
  countryCode: string;
  city: string;
  isCustomer: boolean;
  isSupplier: boolean;
  status: 'ACTIVE' | 'ARCHIVED';
  payer: PayerKind | null;
  /** The number to call; null or absent: none in the ledger. */
  phone?: SandboxPhone | null;
  updatedAt: number;
};

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export type SandboxLine = {
  id: string;
  description: string;
  quantity: number;
  unitAmountMinor: number;
  accountCode: string | null;
  itemCode: string | null;
  taxType: string;
  lineMinor: number;
  taxMinor: number;
};

export type DocumentStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';

export type SandboxInvoice = {
  id: string;
  type: 'ACCREC' | 'ACCPAY';
  number: string;
  reference: string;
  contactId: string;
  date: CalendarDate;
  dueDate: CalendarDate | null;
  status: DocumentStatus;
  lineAmountTypes: LineAmountTypes;
  lines: SandboxLine[];
  currency: string;
  sentToContact: boolean;
  fullyPaidOn: CalendarDate | null;
  onlineToken: string;
  updatedAt: number;
};

export type SandboxPayment = {
  id: string;
  invoiceId: string;
  date: CalendarDate;
  amountMinor: number;
  status: 'AUTHORISED' | 'DELETED';
  reference: string;
  isReconciled: boolean;
  accountCode: string;
  updatedAt: number;
};

export type SandboxAllocation = { id: string; invoiceId: string; amountMinor: number; date: CalendarDate };

export type SandboxCreditNote = {
  id: string;
  type: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  number: string;
  reference: string;
  contactId: string;
  date: CalendarDate;
  status: DocumentStatus;
  lineAmountTypes: LineAmountTypes;
  lines: SandboxLine[];
  currency: string;
  allocations: SandboxAllocation[];
  updatedAt: number;
};

export type HistoryEntry = { changes: string; details: string; user: string; at: number };

export type SandboxAccount = {
  id: string;
  code: string;
  name: string;
  type: 'REVENUE' | 'SALES' | 'BANK' | 'CURRENT' | 'EXPENSE';
  taxType: string;
  enablePayments: boolean;
  systemAccount: 'DEBTORS' | null;
};

export type SandboxItem = {
  id: string;
  code: string;
  name: string;
  description: string;
  unitPriceMinor: number;
  accountCode: string;
  taxType: string;
};

/** A payment a seeded customer will make on `date` (the seed's script for `simulateDay`). */
export type PlannedPayment = { invoiceId: string; date: CalendarDate; amountMinor: number };

export type Tenant = {
  id: string;
  name: string;
  legalName: string;
  shortCode: string;
  currency: string;
  /** IANA zone (relance's view) and Xero's own name for it (the Organisation endpoint's). */
  timeZone: string;
  xeroTimezone: string;
  countryCode: string;
  taxRates: Record<string, number>;
  contacts: Map<string, SandboxContact>;
  invoices: Map<string, SandboxInvoice>;
  payments: Map<string, SandboxPayment>;
  creditNotes: Map<string, SandboxCreditNote>;
  history: Map<string, HistoryEntry[]>;
  accounts: SandboxAccount[];
  items: SandboxItem[];
  plans: PlannedPayment[];
  /** invoiceId → ids of its payments / of the credit notes allocated to it (kept by ledger.ts; lists stay linear). */
  paymentIndex: Map<string, Set<string>>;
  creditIndex: Map<string, Set<string>>;
  sequence: { invoice: number; creditNote: number };
  createdAt: number;
};

export type SandboxState = { tenants: Map<string, Tenant> };
