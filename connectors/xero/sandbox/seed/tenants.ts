import type { SandboxAccount, SandboxItem, Tenant } from '../state.ts';
import type { Rng } from './prng.ts';

/** The two seeded organisations. Their ids do not depend on the seed, so tests and the demo can name them. */
export const SEED_TENANTS = {
  fr: { id: 'f1a7d2c4-3b8e-4c61-9a0f-2d5e7b9c1a30', name: 'Atelier Dupont SARL' },
  uk: { id: '0b6e4c2a-8d1f-4e73-b5a9-6c3d2e1f4a87', name: 'Hartley & Sons Ltd' },
} as const;

function accounts(random: Rng, salesTax: string): SandboxAccount[] {
  const rows: [string, string, SandboxAccount['type'], string, boolean, SandboxAccount['systemAccount']][] = [
    ['090', 'Business Bank Account', 'BANK', 'NONE', true, null],
    ['200', 'Sales', 'REVENUE', salesTax, false, null],
    ['260', 'Other Revenue', 'REVENUE', salesTax, false, null],
    ['270', 'Interest Income', 'REVENUE', 'NONE', false, null],
    ['610', 'Accounts Receivable', 'CURRENT', 'NONE', false, 'DEBTORS'],
    ['429', 'General Expenses', 'EXPENSE', 'INPUT2', false, null],
  ];
  return rows.map(([code, name, type, taxType, enablePayments, systemAccount]) => ({
    id: random.uuid(),
    code,
    name,
    type,
    taxType,
    enablePayments,
    systemAccount,
  }));
}

function items(random: Rng, rows: [string, string, number][], taxType: string): SandboxItem[] {
  return rows.map(([code, name, unitPriceMinor]) => ({
    id: random.uuid(),
    code,
    name,
    description: name,
    unitPriceMinor,
    accountCode: '200',
    taxType,
  }));
}

function empty(): Pick<
  Tenant,
  'contacts' | 'invoices' | 'payments' | 'creditNotes' | 'history' | 'plans' | 'paymentIndex' | 'creditIndex' | 'sequence'
> {
  return {
    contacts: new Map(),
    invoices: new Map(),
    payments: new Map(),
    creditNotes: new Map(),
    history: new Map(),
    plans: [],
    paymentIndex: new Map(),
    creditIndex: new Map(),
    sequence: { invoice: 0, creditNote: 0 },
  };
}

export function frenchTenant(random: Rng, createdAt: number): Tenant {
  return {
    ...SEED_TENANTS.fr,
    legalName: 'Atelier Dupont SARL',
    shortCode: '!aDp7Q',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    xeroTimezone: 'ROMANCESTANDARDTIME',
    countryCode: 'FR',
    createdAt,
    taxRates: { NONE: 0, OUTPUT: 0.2, TAX002: 0.1, EXEMPTOUTPUT: 0, INPUT2: 0.2 },
    accounts: accounts(random, 'OUTPUT'),
    items: items(
      random,
      [
        ['CONSEIL', 'Conseil (heure)', 9000],
        ['MENUIS', 'Menuiserie sur mesure', 45000],
        ['POSE', 'Pose et installation', 6500],
        ['DEPL', 'Frais de déplacement', 3500],
      ],
      'OUTPUT',
    ),
    ...empty(),
  };
}

export function britishTenant(random: Rng, createdAt: number): Tenant {
  return {
    ...SEED_TENANTS.uk,
    legalName: 'Hartley & Sons Limited',
    shortCode: '!hS2k9',
    currency: 'GBP',
    timeZone: 'Europe/London',
    xeroTimezone: 'GMTSTANDARDTIME',
    countryCode: 'GB',
    createdAt,
    taxRates: { NONE: 0, OUTPUT2: 0.2, RROUTPUT: 0.05, ZERORATEDOUTPUT: 0, EXEMPTOUTPUT: 0, INPUT2: 0.2 },
    accounts: accounts(random, 'OUTPUT2'),
    items: items(
      random,
      [
        ['CONSULT', 'Consulting (hour)', 8500],
        ['JOINERY', 'Bespoke joinery', 42000],
        ['FIT', 'Fitting and installation', 6000],
        ['TRAVEL', 'Travel', 3000],
      ],
      'OUTPUT2',
    ),
    ...empty(),
  };
}
