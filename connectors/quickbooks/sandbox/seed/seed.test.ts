import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../../../src/core/calendar.ts';
import type { Json } from '../state.ts';
import { mapContact } from '../../mappers.ts';
import { seedQuickBooks } from './seed.ts';

const opts = { seed: 7, today: calendarDate('2026-03-15'), now: new Date('2026-03-15T18:00:00Z') };

describe('QuickBooks sandbox seed', () => {
  it('is deterministic: same seed, today and now give the same ledger', () => {
    const a = seedQuickBooks(opts);
    const b = seedQuickBooks(opts);
    const dump = (s: typeof a) => JSON.stringify([...s.realms.values()].map((r) => Object.values(r.entities).map((m) => [...m.values()])));
    expect(dump(a)).toBe(dump(b));
    expect(dump(seedQuickBooks({ ...opts, seed: 8 }))).not.toBe(dump(a));
  });

  it('seeds a US and a UK company with their currency', () => {
    const realms = [...seedQuickBooks(opts).realms.values()];
    expect(realms.map((r) => [r.companyInfo.Country, r.currency])).toEqual([
      ['US', 'USD'],
      ['GB', 'GBP'],
    ]);
    for (const r of realms) expect(((r.preferences.CurrencyPrefs as Json).HomeCurrency as Json).value).toBe(r.currency);
  });

  it('keeps balances consistent with the payments and credits linked to each invoice', () => {
    for (const realm of seedQuickBooks(opts).realms.values()) {
      const applied = new Map<string, number>();
      for (const p of realm.entities.Payment.values())
        for (const line of p.Line as Json[])
          for (const l of line.LinkedTxn as Json[])
            if (l.TxnType === 'Invoice') applied.set(l.TxnId as string, (applied.get(l.TxnId as string) ?? 0) + (line.Amount as number));
      for (const inv of realm.entities.Invoice.values()) {
        const paid = applied.get(inv.Id as string) ?? 0;
        expect(Math.round(((inv.TotalAmt as number) - paid) * 100)).toBe(Math.round((inv.Balance as number) * 100));
        expect(inv.TxnDate! <= opts.today).toBe(true);
        expect(inv.CurrencyRef).toMatchObject({ value: realm.currency });
      }
    }
  });

  it('has what relance must handle: a payment for several invoices, customers without email, credit memos, open invoices', () => {
    const realms = [...seedQuickBooks(opts).realms.values()];
    const payments = realms.flatMap((r) => [...r.entities.Payment.values()]);
    expect(payments.some((p) => (p.Line as Json[]).filter((l) => (l.LinkedTxn as Json[])[0]!.TxnType === 'Invoice').length > 1)).toBe(true);
    for (const r of realms) {
      const customers = [...r.entities.Customer.values()];
      expect(customers.some((c) => c.PrimaryEmailAddr === undefined)).toBe(true);
      expect(r.entities.CreditMemo.size).toBeGreaterThan(0);
      expect([...r.entities.Invoice.values()].some((i) => (i.Balance as number) > 0 && i.DueDate! < opts.today)).toBe(true);
      expect([...r.entities.Item.values()].some((i) => i.Name === 'Late payment charges' && i.Type === 'Service')).toBe(true);
    }
  });

  it('never stamps a change after now', () => {
    for (const r of seedQuickBooks(opts).realms.values())
      for (const m of Object.values(r.entities))
        for (const e of m.values())
          expect(Date.parse((e.MetaData as Json).LastUpdatedTime as string)).toBeLessThanOrEqual(opts.now.getTime());
  });

  it('gives most customers a fictional phone number, read back as relance maps it', () => {
    for (const realm of seedQuickBooks(opts).realms.values()) {
      const phones = [...realm.entities.Customer.values()]
        .map((c) => mapContact(c))
        .map((m) => (m.ok === true ? m.value.phone : undefined));
      expect(phones.filter((p) => p === null).length).toBeGreaterThan(0);
      const range = realm.currency === 'GBP' ? /^020 7946 00\d\d$/ : /^\(415\) 555-01\d\d$/;
      expect(phones.filter((p) => p !== null).every((p) => range.test(p ?? ''))).toBe(true);
      expect(phones.filter((p) => p !== null).length).toBeGreaterThan(phones.length / 2);
    }
  });
});
