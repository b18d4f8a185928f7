import { expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import { defaultPolicy } from '../core/policy.ts';
import { maintain, RETENTION_DAYS } from '../services/retention.ts';
import { invoice, page, payment } from '../../test/fixtures/ledger.ts';
import { describeStores, mirroredOrganisation } from '../../test/support/stores.ts';

const NOW = new Date('2026-03-06T09:00:00.000Z');
const LONG_AGO = '2023-06-01T09:00:00.000Z';
const LAST_WEEK = '2026-02-27T09:00:00.000Z';
const friendly = defaultPolicy.steps.find((s) => s.key === 'friendly')!;

const deletedPayment = (externalId: string, updatedAt: string) =>
  payment(externalId, [['open-old', 100]], { date: '2023-05-01' as CalendarDate, status: 'deleted', updatedAt });

describeStores('retention', (store) => {
  it(`keeps what is recent or still open, and removes what is past its retention (closed invoices: ${RETENTION_DAYS.closedInvoices} days)`, async () => {
    // synced long ago: a paid invoice, an open one, one deleted from the ledger; synced last week: a paid one
    const { o } = await mirroredOrganisation(
      store,
      [invoice('old-paid', { status: 'paid', amountDueMinor: 0 }), invoice('open-old'), invoice('old-deleted', { status: 'deleted' })],
      LONG_AGO,
    );
    await store.applyChanges(o.id, page({ invoices: [invoice('recent-paid', { status: 'paid', amountDueMinor: 0 })] }), LAST_WEEK);
    const ids = Object.fromEntries(
      (await store.invoicesByExternalId(o.id, ['old-paid', 'open-old', 'old-deleted', 'recent-paid'])).map((i) => [i.externalId, i]),
    );
    for (const inv of Object.values(ids)) {
      await store.recordReminders(
        o.id,
        [
          {
            invoiceId: inv.id,
            contactId: inv.contactId,
            step: friendly,
            dueOn: '2023-06-02' as CalendarDate,
            state: 'planned',
            reason: null,
            batchId: 'b',
          },
        ],
        LONG_AGO,
      );
      await store.recordEvent(o.id, { kind: 'email-sent', invoiceId: inv.id, detail: {}, at: LONG_AGO });
    }
    await store.recordEvent(o.id, { kind: 'sync', invoiceId: null, detail: { old: true }, at: LONG_AGO });
    await store.recordEvent(o.id, { kind: 'sync', invoiceId: null, detail: { old: false }, at: LAST_WEEK });
    const answer = (id: string, invoiceIds: string[]) =>
      store.recordAnswer(o.id, { kind: 'paid', id, invoiceIds, at: LONG_AGO, source: 'customer' });
    await answer('on-closed', [ids['old-paid']!.id]);
    await answer('on-open', [ids['old-paid']!.id, ids['open-old']!.id]);
    await store.applyChanges(
      o.id,
      page({ entity: 'payments', payments: [deletedPayment('p-old', LONG_AGO), deletedPayment('p-new', LAST_WEEK)] }),
      LAST_WEEK,
    );
    await store.recordReceipts(['receipt-old'], '2026-02-20T09:00:00.000Z');
    await store.recordReceipts(['receipt-new'], '2026-03-05T09:00:00.000Z');
    await store.saveOAuthState('state-old', 'test', 'v', '2026-03-04T09:00:00.000Z');
    await store.saveOAuthState('state-new', 'test', 'v', '2026-03-06T08:55:00.000Z');

    const report = await maintain(store, NOW);
    expect(report).toMatchObject({ receipts: 1, oauthStates: 1, orgEvents: 1, answers: 1, deletedInvoices: 1, tombstones: 1 });

    const left = await store.invoicesByExternalId(o.id, ['old-paid', 'open-old', 'old-deleted', 'recent-paid']);
    expect(left.map((i) => i.externalId).sort()).toEqual(['old-paid', 'open-old', 'recent-paid']);
    const reminders = await store.remindersOfInvoices(
      o.id,
      left.map((i) => i.id),
    );
    expect(reminders.map((r) => r.invoiceId).sort()).toEqual([ids['open-old']!.id, ids['recent-paid']!.id].sort());
    expect(await store.history(o.id, ids['old-paid']!.id)).toEqual([]);
    expect(await store.history(o.id, ids['open-old']!.id)).toHaveLength(1);
    expect((await store.recentEvents(o.id, ['sync'], 10)).map((e) => e.detail)).toEqual([{ old: false }]);
    expect(await store.getAnswer(o.id, 'on-closed')).toBeNull();
    expect(await store.getAnswer(o.id, 'on-open')).not.toBeNull();
    expect(await store.seenReceipts(['receipt-old', 'receipt-new'])).toEqual(new Set(['receipt-new']));
    expect(await store.takeOAuthState('state-new', '2026-03-06T08:00:00.000Z')).not.toBeNull();

    // a second pass finds nothing more
    expect(
      Object.values(
        await store.purgeExpired({ receipts: LONG_AGO, oauthStates: LONG_AGO, orgEvents: LONG_AGO, closedInvoices: LONG_AGO }),
      ).every((n) => n === 0),
    ).toBe(true);
  });
});
