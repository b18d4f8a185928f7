import { expect, it } from 'vitest';
import type { LedgerPayment } from '../core/ledger.ts';
import { invoice, page, payment } from '../../test/fixtures/ledger.ts';
import { describeStores, mirroredOrganisation } from '../../test/support/stores.ts';

const at = '2026-03-04T09:00:00.000Z';
/** p1 as first read: 300 € on invoice a, 500 € on invoice b. */
const splitPayment = () =>
  payment('p1', [
    ['a', 30_000],
    ['b', 50_000],
  ]);

describeStores('payments as allocations', (store) => {
  async function withInvoices() {
    const { o } = await mirroredOrganisation(store, [invoice('a'), invoice('b'), invoice('c')], at);
    const ids = new Map((await store.invoicesByExternalId(o.id, ['a', 'b', 'c'])).map((i) => [i.externalId, i.id]));
    return { o, ids };
  }
  const receive = (orgId: string, ...payments: LedgerPayment[]) => store.applyChanges(orgId, page({ entity: 'payments', payments }), at);
  const receipts = async (orgId: string) =>
    (await store.receiptsOf(orgId, ['a', 'b', 'c'])).map((r) => [r.invoiceExternalId, r.amountMinor]).sort();

  it('a payment paying two invoices counts for both, and both are looked at again', async () => {
    const { o, ids } = await withInvoices();
    const { invoiceIds } = await receive(o.id, splitPayment());
    expect(await receipts(o.id)).toEqual([
      ['a', 30_000],
      ['b', 50_000],
    ]);
    expect(invoiceIds.sort()).toEqual([ids.get('a'), ids.get('b')].sort());
  });

  it('a payment moved from one invoice to another is gone from the first', async () => {
    const { o, ids } = await withInvoices();
    await receive(o.id, splitPayment());
    const moved = payment('p1', [['c', 80_000]], { updatedAt: '2026-03-03T10:00:00.000Z' });
    const { invoiceIds } = await receive(o.id, moved);
    expect(await receipts(o.id)).toEqual([['c', 80_000]]);
    // a, b lost their receipts and c gained one: all three are planned again
    expect(invoiceIds.sort()).toEqual([ids.get('a'), ids.get('b'), ids.get('c')].sort());
  });

  it('a deleted payment counts for none of its invoices, and an older version read late does not bring it back', async () => {
    const { o } = await withInvoices();
    await receive(o.id, splitPayment());
    const gone = payment('p1', [], { status: 'deleted', updatedAt: '2026-03-05T10:00:00.000Z' });
    await receive(o.id, gone);
    expect(await receipts(o.id)).toEqual([]);
    await receive(o.id, payment('p1', [['a', 30_000]]));
    expect(await receipts(o.id)).toEqual([]);
  });

  it('two lines of one payment on the same invoice count once, as their sum', async () => {
    const { o } = await withInvoices();
    await receive(
      o.id,
      payment('p1', [
        ['a', 10_000],
        ['a', 5_000],
      ]),
    );
    expect(await receipts(o.id)).toEqual([['a', 15_000]]);
  });
});
