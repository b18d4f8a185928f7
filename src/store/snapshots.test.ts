import { expect, it } from 'vitest';
import { invoice, page, payment } from '../../test/fixtures/ledger.ts';
import { describeStores, invoiceStatuses, mirroredOrganisation } from '../../test/support/stores.ts';

const at = '2026-03-04T09:00:00.000Z';
const paid = (externalId: string, invoiceExternalId: string) => payment(externalId, [[invoiceExternalId, 10_000]]);

describeStores('full reads (snapshots)', (store) => {
  async function mirrored() {
    const { o } = await mirroredOrganisation(store, [invoice('a'), invoice('b'), invoice('c')], at);
    return { o, statuses: () => invoiceStatuses(store, o.id, ['a', 'b', 'c']) };
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
