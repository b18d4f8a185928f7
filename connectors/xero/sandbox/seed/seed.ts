import type { CalendarDate } from '../../../../src/core/calendar.ts';
import { addDays, calendarDate, daysBetween } from '../../../../src/core/calendar.ts';
import { addPayment, allocate, amountsOf, buildLines, nextNumber, recordCreation, type Ids, voidInvoice } from '../accounting/ledger.ts';
import type { PayerKind, SandboxContact, SandboxCreditNote, SandboxInvoice, SandboxState, Tenant } from '../state.ts';
import { seedContacts } from './contacts.ts';
import { FR, UK } from './people.ts';
import { rng, type Rng } from './prng.ts';
import { britishTenant, frenchTenant } from './tenants.ts';

/**
 * A deterministic small-business ledger: the same seed and `today` give the same contacts, invoices, payments and
 * credit notes. What customers will pay after `today` is kept as a script (`tenant.plans`) for `simulateDay`.
 */
export type SeedOptions = {
  seed: number;
  today: CalendarDate | string;
  /** ACCREC + ACCPAY invoices over both tenants (default 300). */
  invoices?: number;
  /** Stamps are never later than this instant (default: midnight UTC at the start of `today`). */
  now?: Date;
};

const HOUR = 3_600_000;

/** A payment the customer makes: days relative to the due date, and the share of what is owed. */
function behaviour(kind: PayerKind, random: Rng): { offsetDays: number; share: number }[] {
  switch (kind) {
    case 'early':
      return [{ offsetDays: -random.int(3, 10), share: 1 }];
    case 'on-time':
      return [{ offsetDays: random.int(-1, 1), share: 1 }];
    case 'late':
      return [{ offsetDays: random.int(20, 40), share: 1 }];
    case 'partial':
      return [
        { offsetDays: random.int(0, 15), share: 0.5 },
        { offsetDays: random.int(30, 60), share: 1 },
      ];
    case 'never':
      return [];
  }
}

type Scene = { tenant: Tenant; random: Rng; today: CalendarDate; cap: number; clock: { at: number }; ids: Ids };

function instant(scene: Scene, date: CalendarDate): number {
  return Math.min(Date.parse(`${date}T00:00:00Z`) + scene.random.int(8, 17) * HOUR + scene.random.int(0, 3_599_999), scene.cap);
}

function pickStatus(random: Rng): SandboxInvoice['status'] {
  const r = random.next();
  return r < 0.03 ? 'DRAFT' : r < 0.04 ? 'SUBMITTED' : r < 0.07 ? 'VOIDED' : r < 0.08 ? 'DELETED' : 'AUTHORISED';
}

function makeInvoice(scene: Scene, contact: SandboxContact, type: SandboxInvoice['type']): SandboxInvoice {
  const { tenant, random, today, clock, ids } = scene;
  const status = type === 'ACCPAY' ? 'AUTHORISED' : pickStatus(random);
  const draft = status === 'DRAFT' || status === 'SUBMITTED';
  const date = addDays(today, -random.int(0, draft ? 10 : 150));
  const terms = tenant.countryCode === 'FR' ? random.pick([30, 30, 45, 60]) : random.pick([14, 30, 30]);
  const taxType = tenant.countryCode === 'FR' ? 'OUTPUT' : 'OUTPUT2';
  const lines = Array.from({ length: random.int(1, 3) }, () => {
    const item = random.pick(tenant.items);
    return {
      description: item.description,
      quantity: random.int(1, 8),
      unitAmountMinor: item.unitPriceMinor,
      accountCode: '200',
      itemCode: item.code,
      taxType: type === 'ACCPAY' ? 'INPUT2' : taxType,
    };
  });
  clock.at = instant(scene, date);
  const inv: SandboxInvoice = {
    id: ids.newId(),
    type,
    number: type === 'ACCREC' ? nextNumber(tenant, 'invoice') : `F-${random.int(10_000, 99_999)}`,
    reference: type === 'ACCREC' && random.chance(0.4) ? `PO-${random.int(1000, 9999)}` : '',
    contactId: contact.id,
    date,
    dueDate: addDays(date, terms),
    status: status === 'VOIDED' || status === 'DELETED' ? 'AUTHORISED' : status,
    lineAmountTypes: 'Exclusive',
    lines: buildLines(tenant, lines, 'Exclusive', ids),
    currency: tenant.currency,
    sentToContact: !draft,
    fullyPaidOn: null,
    onlineToken: ids.newId().replace(/-/g, ''),
    updatedAt: clock.at,
  };
  if (status === 'DELETED') inv.status = 'DRAFT';
  tenant.invoices.set(inv.id, inv);
  recordCreation(tenant, inv, clock.at, 'Camille Martin');
  if (status === 'VOIDED' || status === 'DELETED') {
    clock.at = instant(scene, addDays(date, Math.min(random.int(1, 20), Math.max(0, daysBetween(date, today)))));
    voidInvoice(tenant, inv, ids);
  }
  return inv;
}

function creditSome(scene: Scene, inv: SandboxInvoice): void {
  const { tenant, random, today, clock, ids } = scene;
  const on = addDays(inv.date, random.int(3, 20));
  if (on > today) return;
  const due = amountsOf(tenant, inv).due;
  const amountMinor = Math.max(1, Math.round(due * random.pick([0.1, 0.25, 0.5, 1])));
  clock.at = instant(scene, on);
  const note: SandboxCreditNote = {
    id: ids.newId(),
    type: 'ACCRECCREDIT',
    number: nextNumber(tenant, 'creditNote'),
    reference: `Avoir ${inv.number}`,
    contactId: inv.contactId,
    date: on,
    status: 'AUTHORISED',
    lineAmountTypes: 'NoTax',
    lines: buildLines(
      tenant,
      [
        {
          description: `Credit on ${inv.number}`,
          quantity: 1,
          unitAmountMinor: amountMinor,
          accountCode: '200',
          itemCode: null,
          taxType: 'NONE',
        },
      ],
      'NoTax',
      ids,
    ),
    currency: inv.currency,
    allocations: [],
    updatedAt: clock.at,
  };
  tenant.creditNotes.set(note.id, note);
  recordCreation(tenant, note, clock.at, 'Camille Martin');
  allocate(tenant, note, { invoiceId: inv.id, amountMinor, date: on }, ids);
}

/** Pay what is due by `today` now; keep the rest as the customer's script. */
function payOrPlan(scene: Scene, inv: SandboxInvoice, kind: PayerKind): void {
  const { tenant, random, today, clock, ids } = scene;
  if (!inv.dueDate) return;
  const total = amountsOf(tenant, inv).due;
  const before = inv.updatedAt;
  let paidSoFar = 0;
  for (const step of behaviour(kind, random)) {
    const date = addDays(inv.dueDate, step.offsetDays) < inv.date ? inv.date : addDays(inv.dueDate, step.offsetDays);
    const amountMinor = Math.round(total * step.share) - paidSoFar;
    if (amountMinor <= 0) continue;
    paidSoFar += amountMinor;
    if (date <= today) {
      clock.at = instant(scene, date);
      addPayment(tenant, inv.id, { amountMinor, date, reference: random.chance(0.5) ? `VIR ${inv.number}` : '' }, ids);
    } else {
      tenant.plans.push({ invoiceId: inv.id, date, amountMinor });
    }
  }
  // An early payment can predate a credit note: the stamp is the latest change, not the last one written.
  inv.updatedAt = Math.max(before, inv.updatedAt);
}

function seedTenant(scene: Scene, invoices: number): void {
  const { tenant, random } = scene;
  const customers = [...scene.tenant.contacts.values()].filter((c) => c.isCustomer);
  const suppliers = [...scene.tenant.contacts.values()].filter((c) => c.isSupplier);
  const purchases = Math.round(invoices * 0.03);
  for (let i = 0; i < invoices; i++) {
    const sale = i >= purchases;
    const contact = random.pick(sale ? customers : suppliers);
    const inv = makeInvoice(scene, contact, sale ? 'ACCREC' : 'ACCPAY');
    if (inv.status !== 'AUTHORISED') continue;
    if (!sale) {
      if (random.chance(0.5)) payOrPlan(scene, inv, 'on-time');
      continue;
    }
    if (random.chance(0.04)) creditSome(scene, inv);
    if (inv.status === 'AUTHORISED') payOrPlan(scene, inv, contact.payer ?? 'on-time');
  }
  tenant.plans.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function seedLedger(options: SeedOptions): SandboxState {
  const today = calendarDate(options.today);
  const count = options.invoices ?? 300;
  const random = rng(options.seed);
  const cap = options.now?.getTime() ?? Date.parse(`${today}T00:00:00Z`);
  const createdAt = Date.parse(`${addDays(today, -400)}T09:00:00Z`);
  const clock = { at: createdAt };
  const ids: Ids = { now: () => clock.at, newId: () => random.uuid() };
  const fr = frenchTenant(random, createdAt);
  const uk = britishTenant(random, createdAt);
  const frCount = Math.round(count * 0.55);
  const perCustomer = 8;
  seedContacts(fr, FR, random, Math.max(12, Math.round(frCount / perCustomer)), 3, createdAt);
  seedContacts(uk, UK, random, Math.max(12, Math.round((count - frCount) / perCustomer)), 3, createdAt);
  seedTenant({ tenant: fr, random, today, cap, clock, ids }, frCount);
  seedTenant({ tenant: uk, random, today, cap, clock, ids }, count - frCount);
  return {
    tenants: new Map([
      [fr.id, fr],
      [uk.id, uk],
    ]),
  };
}
