import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { LedgerPayment } from '../core/ledger.ts';
import type { Store } from '../core/store.ts';
import { contact, invoice, org, page } from '../../test/fixtures/ledger.ts';
import { type OpenedStore, storeVariants } from '../../test/support/stores.ts';

const at = '2026-03-04T09:00:00.000Z';
const paid = (externalId: string, invoiceExternalId: string): LedgerPayment => ({
  externalId,
  allocations: [{ invoiceExternalId, amountMinor: 10_000 }],
  date: '2026-03-02' as CalendarDate,
  currency: 'EUR',
  status: 'active',
  updatedAt: '2026-03-02T10:00:00.000Z',
});

for (const variant of storeVariants) {
  describe.runIf(variant.available)(`full reads (snapshots) on ${variant.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeAll(async () => {
      opened = await variant.open();
      store = opened.store;
    });
    afterAll(() => opened?.close());

    async function mirrored() {
      const o = await store.createOrganisation(org());
      await store.applyChanges(o.id, page({ contacts: [contact('c1')], invoices: [invoice('a'), invoice('b'), invoice('c')] }), at);
      const statuses = async () =>
        Object.fromEntries((await store.invoicesByExternalId(o.id, ['a', 'b', 'c'])).map((i) => [i.externalId, i.status]));
      return { o, statuses };
    }

    it('an invoice no page of a full read delivered is marked deleted when its last page is stored, across a crash', async () => {
      const { o, statuses } = await mirrored();
      await store.applyChanges(o.id, page({ invoices: [invoice('a')], snapshot: { id: 's1', complete: false } }), at);
      // the worker dies here; the resumed sync goes on with the same snapshot: page 1 still counts
      const { invoiceIds } = await store.applyChanges(o.id, page({ invoices: [invoice('b')], snapshot: { id: 's1', complete: true } }), at);
      expect(await statuses()).toEqual({ a: 'open', b: 'open', c: 'deleted' });
      const [c] = await store.invoicesByExternalId(o.id, ['c']);
      expect(invoiceIds).toContain(c!.id);
    });

    it('an incremental page never deletes anything', async () => {
      const { o, statuses } = await mirrored();
      await store.applyChanges(o.id, page({ invoices: [invoice('a', { updatedAt: '2026-02-02T10:00:00.000Z' })] }), at);
      expect(await statuses()).toEqual({ a: 'open', b: 'open', c: 'open' });
    });

    it('a snapshot abandoned for a new one counts for nothing: what only the old one saw is swept', async () => {
      const { o, statuses } = await mirrored();
      await store.applyChanges(o.id, page({ invoices: [invoice('a'), invoice('b')], snapshot: { id: 'old', complete: false } }), at);
      await store.applyChanges(o.id, page({ invoices: [invoice('b'), invoice('c')], snapshot: { id: 'new', complete: true } }), at);
      expect(await statuses()).toEqual({ a: 'deleted', b: 'open', c: 'open' });
    });

    it('an invoice read alive by a send while the full read runs is not swept', async () => {
      const { o, statuses } = await mirrored();
      await store.applyChanges(o.id, page({ invoices: [invoice('a')], snapshot: { id: 's1', complete: false } }), at);
      await store.applyInvoices(o.id, [invoice('c', { updatedAt: '2026-03-01T10:00:00.000Z' })], at);
      await store.applyChanges(o.id, page({ invoices: [], snapshot: { id: 's1', complete: true } }), at);
      expect(await statuses()).toEqual({ a: 'open', b: 'deleted', c: 'open' });
    });

    it('a payment missing from a full read of payments no longer counts; contacts are never swept', async () => {
      const { o } = await mirrored();
      await store.applyChanges(o.id, page({ entity: 'payments', payments: [paid('p1', 'a'), paid('p2', 'b')] }), at);
      await store.applyChanges(o.id, page({ entity: 'payments', payments: [paid('p1', 'a')], snapshot: { id: 'sp', complete: true } }), at);
      expect((await store.receiptsOf(o.id, ['a', 'b'])).map((r) => r.invoiceExternalId)).toEqual(['a']);
      await store.applyChanges(o.id, page({ entity: 'contacts', contacts: [], snapshot: { id: 'sc', complete: true } }), at);
      const [a] = await store.invoicesByExternalId(o.id, ['a']);
      const inputs = await store.scheduleInputs(o.id, [a!.id]);
      expect(inputs.contacts.map((c) => c.name)).toEqual(['Client c1']);
    });
  });
}
