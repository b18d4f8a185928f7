import { beforeAll, expect, it } from 'vitest';
import { contact, invoice, org, page } from '../../test/fixtures/ledger.ts';
import { describeStores } from '../../test/support/stores.ts';
import { addDays, type CalendarDate } from '../core/calendar.ts';
import { defaultPolicy } from '../core/policy.ts';
import type { Organisation } from '../core/organisation.ts';
import type { NewReminder } from '../core/store.ts';

const TODAY = '2026-06-30' as CalendarDate;
const day = (n: number) => addDays(TODAY, n);

describeStores("the dashboard's reminder counts", (store) => {
  let o: Organisation;
  let other: Organisation;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    o = await store.createOrganisation(org());
    other = await store.createOrganisation(org());
    const keys = ['a', 'b', 'c', 'd', 'e'];
    await store.applyChanges(
      o.id,
      page({ contacts: [contact('c1')], invoices: keys.map((k) => invoice(k, { contactExternalId: 'c1' })) }),
      '2026-06-01T08:00:00.000Z',
    );
    const stored = await store.invoicesByExternalId(o.id, keys);
    const [first, second] = defaultPolicy.steps;
    const one = (key: string, state: NewReminder['state'], dueOn: CalendarDate, step = first!): NewReminder => {
      const inv = stored.find((i) => i.externalId === key)!;
      return { invoiceId: inv.id, contactId: inv.contactId, step, dueOn, state, reason: null, batchId: 'b' };
    };
    // planned one after the other: the later planned, the newer
    const plan = async (r: NewReminder, at: string) => (await store.recordReminders(o.id, [r], at))[0]!;
    ids.a = (await plan(one('a', 'awaiting-approval', day(-3)), '2026-06-10T08:00:00.000Z')).id;
    ids.b = (await plan(one('b', 'awaiting-approval', day(2)), '2026-06-12T08:00:00.000Z')).id;
    ids.c = (await plan(one('c', 'awaiting-approval', day(0)), '2026-06-11T08:00:00.000Z')).id;
    ids.d = (await plan(one('d', 'failed', day(-1)), '2026-06-09T08:00:00.000Z')).id;
    ids.e = (await plan(one('a', 'planned', day(5), second!), '2026-06-13T08:00:00.000Z')).id;
  });

  it('counts by state in one grouped read, a state with none absent, another organisation apart', async () => {
    expect(await store.reminderCounts(o.id, ['awaiting-approval', 'failed', 'uncertain', 'planned'])).toEqual({
      'awaiting-approval': 3,
      failed: 1,
      planned: 1,
    });
    expect(await store.reminderCounts(o.id, ['failed'])).toEqual({ failed: 1 });
    expect(await store.reminderCounts(o.id, [])).toEqual({});
    expect(await store.reminderCounts(other.id, ['awaiting-approval', 'failed'])).toEqual({});
  });

  it('counts only those due by a day when asked (a task put off counts from its new day)', async () => {
    expect(await store.reminderCounts(o.id, ['awaiting-approval', 'planned'], { dueBy: TODAY })).toEqual({ 'awaiting-approval': 2 });
    await store.setTaskDueOn(o.id, ids.a!, day(1));
    expect(await store.reminderCounts(o.id, ['awaiting-approval'], { dueBy: TODAY })).toEqual({ 'awaiting-approval': 1 });
    await store.setTaskDueOn(o.id, ids.a!, null);
  });

  it('gives the latest few of a state, newest first', async () => {
    expect((await store.latestInState(o.id, 'awaiting-approval', 2)).map((r) => r.id)).toEqual([ids.b, ids.c]);
    expect((await store.latestInState(o.id, 'awaiting-approval', 5)).map((r) => r.id)).toEqual([ids.b, ids.c, ids.a]);
    expect(await store.latestInState(o.id, 'uncertain', 5)).toEqual([]);
    expect(await store.latestInState(other.id, 'awaiting-approval', 5)).toEqual([]);
  });
});
