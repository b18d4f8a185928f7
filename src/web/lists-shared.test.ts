import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { Store } from '../core/store.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import { webKit } from '../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** The store, counting the calls of one list read. */
function counting(store: Store, name: 'listCustomers' | 'listInvoices') {
  const calls = { n: 0 };
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== name) return value;
      return (...a: unknown[]) => {
        calls.n++;
        return (value as (...a: unknown[]) => unknown).apply(target, a);
      };
    },
  }) as Store;
  return { proxy, calls };
}

describe('the lists under load: one read for the views arriving together', () => {
  it('ten views of the customers list share one read; another query is another read; a form forgets it', async () => {
    const seeding = webKit(opened.store);
    const { org } = await seeding.seededOrg({ locale: 'en' });
    const { proxy, calls } = counting(opened.store, 'listCustomers');
    const k = webKit(proxy);
    const { cookie, csrf } = await k.signIn(org.id);
    const get = (path: string) => k.app.request(path, { headers: { cookie } });
    const pages = await Promise.all(Array.from({ length: 10 }, () => get(`/orgs/${org.id}/customers`)));
    expect(pages.map((p) => p.status)).toEqual(Array(10).fill(200));
    expect(calls.n).toBe(1);
    // the same query said another way is the same read; another filter is another
    await get(`/orgs/${org.id}/customers?sort=owed&dir=desc`);
    expect(calls.n).toBe(1);
    expect(await (await get(`/orgs/${org.id}/customers?filter=paused`)).text()).not.toContain('Boulangerie Martin');
    expect(calls.n).toBe(2);
    // the owner pauses the customer: the list shows it on the next view, without waiting
    const [contact] = await opened.store
      .listCustomers(org.id, {
        today: '2026-03-04' as CalendarDate,
        search: null,
        filter: null,
        sort: 'name',
        direction: 'asc',
        limit: 1,
        offset: 0,
      })
      .then((r) => r.rows);
    expect((await k.post(`/orgs/${org.id}/customers/${contact!.contact.id}/pause`, { _csrf: csrf, until: '' }, cookie)).status).toBe(303);
    expect(await (await get(`/orgs/${org.id}/customers?filter=paused`)).text()).toContain('Boulangerie Martin');
    expect(calls.n).toBe(3);
  });

  it('ten views of the invoices list share one read', async () => {
    const seeding = webKit(opened.store);
    const { org } = await seeding.seededOrg({ locale: 'en' });
    const { proxy, calls } = counting(opened.store, 'listInvoices');
    const k = webKit(proxy);
    const { cookie } = await k.signIn(org.id);
    const pages = await Promise.all(Array.from({ length: 10 }, () => k.app.request(`/orgs/${org.id}/invoices`, { headers: { cookie } })));
    expect(await Promise.all(pages.map(async (p) => (await p.text()).includes('F-2026-001')))).toEqual(Array(10).fill(true));
    expect(calls.n).toBe(1);
  });
});
