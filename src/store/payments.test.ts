import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { LedgerPayment } from '../core/ledger.ts';
import type { Store } from '../core/store.ts';
import { contact, invoice, org, page } from '../../test/fixtures/ledger.ts';
import { type OpenedStore, storeVariants } from '../../test/support/stores.ts';

const at = '2026-03-04T09:00:00.000Z';

function payment(externalId: string, allocations: [string, number][], overrides: Partial<LedgerPayment> = {}): LedgerPayment {
  return {
    externalId,
    allocations: allocations.map(([invoiceExternalId, amountMinor]) => ({ invoiceExternalId, amountMinor })),
    date: '2026-03-02' as CalendarDate,
    currency: 'EUR',
    status: 'active',
    updatedAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}

for (const variant of storeVariants) {
  describe.runIf(variant.available)(`payments as allocations on ${variant.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeAll(async () => {
      opened = await variant.open();
      store = opened.store;
    });
    afterAll(() => opened?.close());

    async function withInvoices() {
      const o = await store.createOrganisation(org());
      await store.applyChanges(o.id, page({ contacts: [contact('c1')], invoices: [invoice('a'), invoice('b'), invoice('c')] }), at);
      const ids = new Map((await store.invoicesByExternalId(o.id, ['a', 'b', 'c'])).map((i) => [i.externalId, i.id]));
      return { o, ids };
    }
    const receipts = async (orgId: string) =>
      (await store.receiptsOf(orgId, ['a', 'b', 'c'])).map((r) => [r.invoiceExternalId, r.amountMinor]).sort();

    it('a payment paying two invoices counts for both, and both are looked at again', async () => {
      const { o, ids } = await withInvoices();
      const { invoiceIds } = await store.applyChanges(
        o.id,
        page({
          entity: 'payments',
          payments: [
            payment('p1', [
              ['a', 30_000],
              ['b', 50_000],
            ]),
          ],
        }),
        at,
      );
      expect(await receipts(o.id)).toEqual([
        ['a', 30_000],
        ['b', 50_000],
      ]);
      expect(invoiceIds.sort()).toEqual([ids.get('a'), ids.get('b')].sort());
    });

    it('a payment moved from one invoice to another is gone from the first', async () => {
      const { o, ids } = await withInvoices();
      await store.applyChanges(
        o.id,
        page({
          entity: 'payments',
          payments: [
            payment('p1', [
              ['a', 30_000],
              ['b', 50_000],
            ]),
          ],
        }),
        at,
      );
      const moved = payment('p1', [['c', 80_000]], { updatedAt: '2026-03-03T10:00:00.000Z' });
      const { invoiceIds } = await store.applyChanges(o.id, page({ entity: 'payments', payments: [moved] }), at);
      expect(await receipts(o.id)).toEqual([['c', 80_000]]);
      // a, b lost their receipts and c gained one: all three are planned again
      expect(invoiceIds.sort()).toEqual([ids.get('a'), ids.get('b'), ids.get('c')].sort());
    });

    it('a deleted payment counts for none of its invoices, and an older version read late does not bring it back', async () => {
      const { o } = await withInvoices();
      await store.applyChanges(
        o.id,
        page({
          entity: 'payments',
          payments: [
            payment('p1', [
              ['a', 30_000],
              ['b', 50_000],
            ]),
          ],
        }),
        at,
      );
      const gone = payment('p1', [], { status: 'deleted', updatedAt: '2026-03-05T10:00:00.000Z' });
      await store.applyChanges(o.id, page({ entity: 'payments', payments: [gone] }), at);
      expect(await receipts(o.id)).toEqual([]);
      await store.applyChanges(o.id, page({ entity: 'payments', payments: [payment('p1', [['a', 30_000]])] }), at);
      expect(await receipts(o.id)).toEqual([]);
    });

    it('two lines of one payment on the same invoice count once, as their sum', async () => {
      const { o } = await withInvoices();
      await store.applyChanges(
        o.id,
        page({
          entity: 'payments',
          payments: [
            payment('p1', [
              ['a', 10_000],
              ['a', 5_000],
            ]),
          ],
        }),
        at,
      );
      expect(await receipts(o.id)).toEqual([['a', 15_000]]);
    });
  });
}
