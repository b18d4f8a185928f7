import { describe, expect, it } from 'vitest';
import { mapContact } from '../../mappers.ts';
import { amountsOf, totals } from '../accounting/ledger.ts';
import { contactJson } from '../accounting/serialize.ts';
import { seedLedger } from './seed.ts';
import { SEED_TENANTS } from './tenants.ts';

const TODAY = '2026-03-15';

describe('seedLedger', () => {
  it('is deterministic: the same seed gives the same ledger, another seed another one', () => {
    const a = seedLedger({ seed: 11, today: TODAY });
    const b = seedLedger({ seed: 11, today: TODAY });
    const c = seedLedger({ seed: 12, today: TODAY });
    const ids = (s: typeof a) =>
      [...s.tenants.values()].flatMap((t) => [...t.invoices.values()].map((i) => `${i.id}:${i.status}:${totals(i).total}`));
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
  });

  it('builds the two organisations of a small business, in their currencies and zones', () => {
    const s = seedLedger({ seed: 1, today: TODAY });
    const fr = s.tenants.get(SEED_TENANTS.fr.id);
    const uk = s.tenants.get(SEED_TENANTS.uk.id);
    expect(fr).toMatchObject({ name: 'Atelier Dupont SARL', currency: 'EUR', timeZone: 'Europe/Paris' });
    expect(uk).toMatchObject({ name: 'Hartley & Sons Ltd', currency: 'GBP', timeZone: 'Europe/London' });
    expect((fr?.invoices.size ?? 0) + (uk?.invoices.size ?? 0)).toBe(300);
    for (const t of [fr, uk]) expect([...(t?.invoices.values() ?? [])].every((i) => i.currency === t?.currency)).toBe(true);
  });

  it('has what relance must cope with: no-email contacts, contact persons, payables, drafts, voids, credits, partial payments', () => {
    const s = seedLedger({ seed: 1, today: TODAY });
    const tenants = [...s.tenants.values()];
    const contacts = tenants.flatMap((t) => [...t.contacts.values()]);
    const invoices = tenants.flatMap((t) => [...t.invoices.values()]);
    expect(contacts.some((c) => c.isCustomer && c.email === null)).toBe(true);
    expect(contacts.some((c) => c.persons.some((p) => p.includeInEmails))).toBe(true);
    expect(new Set(contacts.map((c) => c.payer))).toEqual(new Set([null, 'early', 'on-time', 'late', 'partial', 'never']));
    expect(invoices.some((i) => i.type === 'ACCPAY')).toBe(true);
    for (const status of ['DRAFT', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED']) expect(invoices.some((i) => i.status === status)).toBe(true);
    expect(tenants.some((t) => t.creditNotes.size > 0)).toBe(true);
    const partial = tenants.some((t) =>
      [...t.invoices.values()].some((i) => {
        const a = amountsOf(t, i);
        return i.status === 'AUTHORISED' && a.paid > 0 && a.due > 0;
      }),
    );
    expect(partial).toBe(true);
  });

  it('spreads due dates around today: some not yet due, many overdue by 1 to 90 days', () => {
    const s = seedLedger({ seed: 1, today: TODAY });
    const open = [...s.tenants.values()].flatMap((t) =>
      [...t.invoices.values()].filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED'),
    );
    const notDue = open.filter((i) => (i.dueDate as string) >= TODAY);
    const overdue = open.filter((i) => (i.dueDate as string) < TODAY && (i.dueDate as string) >= '2025-12-15');
    expect(notDue.length).toBeGreaterThan(5);
    expect(overdue.length).toBeGreaterThan(notDue.length / 2);
  });

  it('keeps every amount consistent: due = total − paid − credited, PAID exactly when nothing is due', () => {
    const s = seedLedger({ seed: 9, today: TODAY, invoices: 2000 });
    for (const t of s.tenants.values()) {
      for (const i of t.invoices.values()) {
        const a = amountsOf(t, i);
        if (i.status === 'AUTHORISED' || i.status === 'PAID') {
          expect(a.due).toBe(a.total - a.paid - a.credited);
          expect(a.due >= 0).toBe(true);
          expect(i.status === 'PAID').toBe(a.due === 0);
        }
      }
    }
  });

  it('stamps nothing later than now', () => {
    const now = new Date(`${TODAY}T08:30:00Z`);
    const s = seedLedger({ seed: 2, today: TODAY, now });
    for (const t of s.tenants.values()) {
      for (const i of t.invoices.values()) expect(i.updatedAt).toBeLessThanOrEqual(now.getTime());
      for (const p of t.payments.values()) expect(p.date <= TODAY).toBe(true);
    }
  });

  it('gives customers a phone number in the ranges kept for fiction (a few none), read back as relance maps it', () => {
    const s = seedLedger({ seed: 1, today: TODAY });
    for (const t of s.tenants.values()) {
      const customers = [...t.contacts.values()].filter((c) => c.isCustomer);
      const phones = customers.map((c) => mapContact(contactJson(c, t))).map((m) => (m.ok === true ? m.value.phone : undefined));
      expect(phones.filter((p) => p === null).length).toBeGreaterThan(0);
      const prefix = t.countryCode === 'GB' ? '+44 20 7946 0' : '+33 1 99 00 ';
      expect(phones.filter((p) => p !== null).every((p) => p?.startsWith(prefix))).toBe(true);
      expect(phones.filter((p) => p !== null).length).toBeGreaterThan(customers.length / 2);
    }
  });
});
