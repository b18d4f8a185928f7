import { expect, it } from 'vitest';
import { defaultPolicy } from '../core/policy.ts';
import type { NewReminder } from '../core/store.ts';
import { invoice, org, page } from '../../test/fixtures/ledger.ts';
import { describeStores, mirroredOrganisation } from '../../test/support/stores.ts';
import type { CalendarDate } from '../core/calendar.ts';

const friendly = defaultPolicy.steps.find((s) => s.key === 'friendly')!;
const at = '2026-03-04T09:00:00.000Z';
/** The friendly reminder of this invoice, due on the 4th, planned in this batch (unless overridden). */
const reminderRow = (
  inv: { id: string; contactId: NewReminder['contactId'] },
  batchId: string,
  overrides: Partial<NewReminder> = {},
): NewReminder => ({
  invoiceId: inv.id,
  contactId: inv.contactId,
  step: friendly,
  dueOn: '2026-03-04' as CalendarDate,
  state: 'planned',
  reason: null,
  batchId,
  ...overrides,
});

describeStores('store', (store) => {
  const seededOrg = () => mirroredOrganisation(store, [invoice('a'), invoice('b')], at);

  it('keeps one reminder per (invoice, step) whatever the number of planners', async () => {
    const { o, invoiceIds } = await seededOrg();
    const [inv] = await store.invoicesById(o.id, [invoiceIds[0]!]);
    const row = reminderRow(inv!, 'b1');
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.recordReminders(o.id, [row], at)));
    expect(results.flat()).toHaveLength(1);
    expect(await store.remindersOfInvoices(o.id, [inv!.id])).toHaveLength(1);
  });

  it('lets exactly one of many concurrent workers claim a reminder', async () => {
    const { o, invoiceIds } = await seededOrg();
    const [inv] = await store.invoicesById(o.id, [invoiceIds[1]!]);
    const [r] = await store.recordReminders(o.id, [reminderRow(inv!, 'b2')], at);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimReminders(o.id, [r!.id], `w${i}`, at)));
    expect(claims.flat()).toHaveLength(1);
    expect(claims.flat()[0]!.state).toBe('claimed');
  });

  it('plans a failed reminder again but never a sent one', async () => {
    const { o, invoiceIds } = await seededOrg();
    const [inv] = await store.invoicesById(o.id, [invoiceIds[0]!]);
    const row = reminderRow(inv!, 'b3', { state: 'failed', reason: 'no email' });
    const [failed] = await store.recordReminders(o.id, [row], at);
    const [again] = await store.recordReminders(o.id, [{ ...row, state: 'planned', reason: null }], at);
    expect(again?.id).toBe(failed?.id);
    expect(again?.state).toBe('planned');
    await store.transitionReminders(o.id, [again!.id], ['planned'], 'sent', { at });
    expect(await store.recordReminders(o.id, [{ ...row, state: 'planned' }], at)).toHaveLength(0);
  });

  it('never lets an older ledger state overwrite a newer one (reordered webhooks)', async () => {
    const o = await store.createOrganisation(org());
    await store.applyChanges(
      o.id,
      page({ invoices: [invoice('x', { status: 'paid', amountDueMinor: 0, updatedAt: '2026-03-05T10:00:00.000Z' })] }),
      at,
    );
    await store.applyChanges(o.id, page({ invoices: [invoice('x', { status: 'open', updatedAt: '2026-03-01T10:00:00.000Z' })] }), at);
    const [x] = await store.invoicesByExternalId(o.id, ['x']);
    expect(x?.status).toBe('paid');
  });

  it('finds due invoices through their next action date only', async () => {
    const { o, invoiceIds } = await seededOrg();
    await store.setNextActionOn(o.id, [
      { invoiceId: invoiceIds[0]!, on: '2026-03-04' as CalendarDate },
      { invoiceId: invoiceIds[1]!, on: null },
    ]);
    expect(await store.dueInvoiceIds(o.id, '2026-03-04' as CalendarDate, 100)).toEqual([invoiceIds[0]]);
    expect(await store.dueInvoiceIds(o.id, '2026-03-03' as CalendarDate, 100)).toEqual([]);
  });

  it('keeps organisations apart', async () => {
    const a = await seededOrg();
    const b = await store.createOrganisation(org());
    expect(await store.invoicesById(b.id, a.invoiceIds)).toEqual([]);
    expect(await store.scheduleInputs(b.id, a.invoiceIds)).toMatchObject({ invoices: [], history: [] });
    const [inv] = await store.invoicesById(a.o.id, [a.invoiceIds[0]!]);
    const [r] = await store.recordReminders(a.o.id, [reminderRow(inv!, 'iso')], at);
    expect(await store.claimReminders(b.id, [r!.id], 'w', at)).toEqual([]);
    expect(await store.getReminders(b.id, [r!.id])).toEqual([]);
  });

  it('uses an OAuth state once and drops duplicate webhook deliveries', async () => {
    await store.saveOAuthState('s1', 'acme', 'v1', at);
    expect(await store.takeOAuthState('s1', '2026-03-04T08:50:00.000Z')).toEqual({ vendor: 'acme', verifier: 'v1' });
    expect(await store.takeOAuthState('s1', '2026-03-04T08:50:00.000Z')).toBeNull();
    expect(await store.firstReceipt('evt-1', at)).toBe(true);
    expect(await store.firstReceipt('evt-1', at)).toBe(false);
  });

  it('gives the schedule its inputs: the contact, answers and history', async () => {
    const { o, invoiceIds } = await seededOrg();
    await store.recordAnswer(o.id, {
      kind: 'promise',
      id: `p-${o.id}`,
      invoiceIds: [invoiceIds[0]!],
      at,
      promisedDate: '2026-03-20' as CalendarDate,
      source: 'customer',
    });
    const inputs = await store.scheduleInputs(o.id, invoiceIds);
    expect(inputs.invoices).toHaveLength(2);
    expect(inputs.contacts).toEqual([expect.objectContaining({ name: 'Client c1', emails: ['c1@client.example'] })]);
    expect(inputs.answers).toEqual([expect.objectContaining({ kind: 'promise', promisedDate: '2026-03-20' })]);
  });
});
