import { expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { LedgerCreditNote, LedgerDeletion } from '../core/ledger.ts';
import { invoice, page, payment } from '../../test/fixtures/ledger.ts';
import { describeStores, invoiceStatuses, mirroredOrganisation } from '../../test/support/stores.ts';

const at = '2026-03-04T09:00:00.000Z';
const gone = (entity: LedgerDeletion['entity'], externalId: string, updatedAt: string): LedgerDeletion => ({
  entity,
  externalId,
  updatedAt,
});
const paid = (externalId: string, invoiceExternalId: string) => payment(externalId, [[invoiceExternalId, 10_000]]);
const credited = (externalId: string, invoiceExternalId: string): LedgerCreditNote => ({
  externalId,
  contactExternalId: 'c1',
  allocations: [{ invoiceExternalId, amountMinor: 5_000, date: '2026-03-02' as CalendarDate }],
  currency: 'EUR',
  status: 'active',
  updatedAt: '2026-03-02T10:00:00.000Z',
});

describeStores('deletions from an incremental read', (store) => {
  async function mirrored() {
    const { o } = await mirroredOrganisation(store, [invoice('a'), invoice('b')], at);
    return { o, statuses: () => invoiceStatuses(store, o.id, ['a', 'b', 'x']) };
  }

  it('an invoice reported deleted is deleted in the mirror, and the sync hears of it', async () => {
    const { o, statuses } = await mirrored();
    const { invoiceIds } = await store.applyChanges(o.id, page({ deleted: [gone('invoices', 'a', '2026-03-03T10:00:00.000Z')] }), at);
    expect(await statuses()).toEqual({ a: 'deleted', b: 'open' });
    const [a] = await store.invoicesByExternalId(o.id, ['a']);
    expect(invoiceIds).toEqual([a!.id]);
  });

  it('a deletion older than the state stored changes nothing', async () => {
    const { o, statuses } = await mirrored();
    await store.applyChanges(o.id, page({ invoices: [invoice('a', { updatedAt: '2026-03-03T10:00:00.000Z' })] }), at);
    const { invoiceIds } = await store.applyChanges(o.id, page({ deleted: [gone('invoices', 'a', '2026-03-01T10:00:00.000Z')] }), at);
    expect(await statuses()).toEqual({ a: 'open', b: 'open' });
    expect(invoiceIds).toEqual([]);
  });

  it('a later version with a newer stamp brings the invoice back; an older one does not', async () => {
    const { o, statuses } = await mirrored();
    await store.applyChanges(o.id, page({ deleted: [gone('invoices', 'a', '2026-03-03T10:00:00.000Z')] }), at);
    await store.applyChanges(o.id, page({ invoices: [invoice('a', { updatedAt: '2026-03-02T10:00:00.000Z' })] }), at);
    expect(await statuses()).toEqual({ a: 'deleted', b: 'open' });
    await store.applyChanges(o.id, page({ invoices: [invoice('a', { updatedAt: '2026-03-04T08:00:00.000Z' })] }), at);
    expect(await statuses()).toEqual({ a: 'open', b: 'open' });
  });

  it('a deletion of an invoice the mirror never had is ignored', async () => {
    const { o, statuses } = await mirrored();
    const { invoiceIds } = await store.applyChanges(o.id, page({ deleted: [gone('invoices', 'x', '2026-03-03T10:00:00.000Z')] }), at);
    expect(invoiceIds).toEqual([]);
    expect(await statuses()).toEqual({ a: 'open', b: 'open' });
  });

  it('a deleted payment or credit note no longer reduces its invoice, unless the deletion is older', async () => {
    const { o } = await mirrored();
    await store.applyChanges(o.id, page({ entity: 'payments', payments: [paid('p1', 'a')] }), at);
    await store.applyChanges(o.id, page({ entity: 'creditNotes', creditNotes: [credited('n1', 'b')] }), at);
    const receipts = async () => (await store.receiptsOf(o.id, ['a', 'b'])).map((r) => r.invoiceExternalId).sort();
    expect(await receipts()).toEqual(['a', 'b']);
    await store.applyChanges(
      o.id,
      page({ deleted: [gone('payments', 'p1', '2026-03-01T10:00:00.000Z'), gone('creditNotes', 'n1', '2026-03-01T10:00:00.000Z')] }),
      at,
    );
    expect(await receipts()).toEqual(['a', 'b']);
    const { invoiceIds } = await store.applyChanges(
      o.id,
      page({ deleted: [gone('payments', 'p1', '2026-03-03T10:00:00.000Z'), gone('creditNotes', 'n1', '2026-03-03T10:00:00.000Z')] }),
      at,
    );
    expect(await receipts()).toEqual([]);
    // both invoices are looked at again (their charges and reminders follow what they are owed)
    expect(invoiceIds).toHaveLength(2);
  });
});
