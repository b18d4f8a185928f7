import { expect, it } from 'vitest';
import { invoice } from '../../test/fixtures/ledger.ts';
import { describeStores, mirroredOrganisation } from '../../test/support/stores.ts';

const at = '2026-03-04T09:00:00.000Z';

describeStores("an invoice's own addresses", (store) => {
  it('are stored and read back; a newer version without any clears them (the contact is reminded again)', async () => {
    const { o } = await mirroredOrganisation(store, [invoice('a', { emails: ['ap@dept.example', 'boss@dept.example'] }), invoice('b')], at);
    const emails = async () =>
      Object.fromEntries((await store.invoicesByExternalId(o.id, ['a', 'b'])).map((i) => [i.externalId, i.emails]));
    expect(await emails()).toEqual({ a: ['ap@dept.example', 'boss@dept.example'], b: [] });
    await store.applyInvoices(o.id, [invoice('a', { updatedAt: '2026-03-01T10:00:00.000Z' })], at);
    expect(await emails()).toEqual({ a: [], b: [] });
    // what the planner reads carries them too
    await store.applyInvoices(o.id, [invoice('b', { emails: ['x@dept.example'], updatedAt: '2026-03-01T10:00:00.000Z' })], at);
    const [b] = await store.invoicesByExternalId(o.id, ['b']);
    const inputs = await store.scheduleInputs(o.id, [b!.id]);
    expect(inputs.invoices.map((i) => (i as { emails?: string[] }).emails)).toEqual([['x@dept.example']]);
  });
});
