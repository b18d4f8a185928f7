import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import { planOrganisation } from '../../services/index.ts';
import { contact, invoice, page } from '../../../test/fixtures/ledger.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/**
 * Three customers on 4 March 2026: Boulangerie Martin owes €1,200 due yesterday (the kit's), Café Lumière owes €300
 * and £500 both overdue (never added together), Zèbre SA owes €80 not yet due.
 */
async function owner(overrides: Partial<Organisation> = {}) {
  const k = webKit(opened.store);
  const { org } = await k.seededOrg({ locale: 'en', ...overrides });
  await opened.store.applyChanges(
    org.id,
    page({
      contacts: [
        contact('c2', { name: 'Café Lumière', phone: '+33 6 12 34 56 78' }),
        contact('c3', { name: 'Zèbre SA', emails: ['compta@zebre.example'] }),
      ],
      invoices: [
        invoice('i2', {
          number: 'F-2026-002',
          contactExternalId: 'c2',
          totalMinor: 30_000,
          amountDueMinor: 30_000,
          dueDate: '2026-02-10' as CalendarDate,
        }),
        invoice('i3', {
          number: 'UK-7',
          contactExternalId: 'c2',
          currency: 'GBP',
          totalMinor: 50_000,
          amountDueMinor: 50_000,
          dueDate: '2026-02-20' as CalendarDate,
        }),
        invoice('i4', {
          number: 'F-2026-004',
          contactExternalId: 'c3',
          totalMinor: 8_000,
          amountDueMinor: 8_000,
          dueDate: '2026-04-30' as CalendarDate,
        }),
      ],
    }),
    k.clock.now().toISOString(),
  );
  const { cookie, csrf } = await k.signIn(org.id);
  const get = async (path: string) => {
    const res = await k.app.request(path, { headers: { cookie } });
    return { status: res.status, html: await res.text() };
  };
  const [lumiere] = (await opened.store.listCustomers(org.id, { today: '2026-03-04' as CalendarDate, search: 'Lumière', limit: 1 })).rows;
  const contactId = lumiere!.contact.id;
  return { k, org, cookie, csrf, get, contactId, base: `/orgs/${org.id}/customers` };
}

/** The customers' names in the order the list shows them. */
const namesIn = (html: string) => [...html.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('the customers list', () => {
  it('lists each customer with what they owe per currency, overdue, open invoices and the next action', async () => {
    const { get, base } = await owner();
    const { status, html } = await get(base);
    expect(status).toBe(200);
    expect(html).toContain('aria-current="page">Customers');
    const row = html.slice(html.indexOf('Café Lumière'), html.indexOf('</tr>', html.indexOf('Café Lumière')));
    expect(row).toContain('£500.00');
    expect(row).toContain('€300.00');
    expect(row).not.toContain('800');
    expect(row).toMatch(/data-label="Open invoices">2</);
  });

  it('searches by name or email, filters and sorts, keeping the query in the URL', async () => {
    const { get, base } = await owner();
    expect(namesIn((await get(`${base}?q=lumi`)).html)).toEqual(['Café Lumière']);
    expect(namesIn((await get(`${base}?q=zebre.example`)).html)).toEqual(['Zèbre SA']);
    expect(namesIn((await get(`${base}?filter=overdue&sort=name&dir=asc`)).html)).toEqual(['Boulangerie Martin', 'Café Lumière']);
    expect(namesIn((await get(`${base}?sort=name&dir=desc`)).html)).toEqual(['Zèbre SA', 'Café Lumière', 'Boulangerie Martin']);
    const form = (await get(`${base}?q=lumi&filter=disputed&sort=name&dir=asc`)).html;
    expect(form).toContain('<form class="list-controls" method="get"');
    expect(form).toContain('value="lumi"');
    expect(form).toContain('<option value="disputed" selected>');
    expect(form).toContain('Nothing matches.');
    const past = (await get(`${base}?page=9`)).html;
    expect(past).toContain('Nothing matches.');
    expect(past).toMatch(/<a href="[^"]+">First page<\/a>/);
    // an unknown value is the default, never an error
    expect((await get(`${base}?sort=__proto__&filter=constructor&page=-3`)).status).toBe(200);
  });

  it('filters the paused customers', async () => {
    const { get, base, k, csrf, cookie, contactId } = await owner();
    expect(namesIn((await get(`${base}?filter=paused`)).html)).toEqual([]);
    expect((await k.post(`${base}/${contactId}/pause`, { _csrf: csrf, until: '' }, cookie)).status).toBe(303);
    const paused = (await get(`${base}?filter=paused`)).html;
    expect(namesIn(paused)).toEqual(['Café Lumière']);
    expect(paused).toContain('<span class="badge paused">Paused</span>');
  });

  it('filters promised customers, then those whose promise broke', async () => {
    const { get, base, k, org, csrf, cookie, contactId } = await owner();
    const [theirs] = (await opened.store.listInvoices(org.id, { today: '2026-03-04' as CalendarDate, contactId, limit: 1, sort: 'name' }))
      .rows;
    const answer = { _csrf: csrf, kind: 'promise', promisedDate: '2026-03-06' };
    expect((await k.post(`/orgs/${org.id}/invoices/${theirs!.invoice.id}/answer`, answer, cookie)).status).toBe(303);
    const promised = (await get(`${base}?filter=promised`)).html;
    expect(namesIn(promised)).toEqual(['Café Lumière']);
    expect(promised).toContain('<span class="badge promised">Promised</span>');
    expect(namesIn((await get(`${base}?filter=broken-promise`)).html)).toEqual([]);
    // the promised date and its grace (3 days) have passed, unpaid
    k.clock.set('2026-03-12T09:00:00Z');
    expect(namesIn((await get(`${base}?filter=broken-promise`)).html)).toEqual(['Café Lumière']);
  });

  it('speaks French for a French organisation', async () => {
    const { get, base } = await owner({ locale: 'fr' });
    const { html } = await get(base);
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('<h1>Clients</h1>');
    expect(html).toMatch(/500,00\s£/);
    expect(html).toContain('Trier par');
  });
});

describe('a customer’s page', () => {
  it('shows their contact details, the policy that applies, all their invoices and their history', async () => {
    const { get, base, contactId, org } = await owner();
    const { status, html } = await get(`${base}/${contactId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1>Café Lumière');
    expect(html).toContain('href="mailto:c2@client.example"');
    expect(html).toContain('href="tel:+33612345678">+33 6 12 34 56 78</a>');
    expect(html).toContain('<dd>Business</dd>');
    expect(html).toContain('Their invoices follow the “Standard” policy.');
    expect(html).toContain('F-2026-002');
    expect(html).toContain('UK-7');
    expect(html).not.toContain('F-2026-004');
    expect(html).toContain(`action="/orgs/${org.id}/customers/${contactId}/pause"`);
  });

  it('answers 404 for another organisation’s customer and for an unknown id', async () => {
    const a = await owner();
    const b = await owner();
    expect((await a.get(`${a.base}/${b.contactId}`)).status).toBe(404);
    expect((await a.get(`${a.base}/no-such-customer`)).status).toBe(404);
    expect((await a.get(`${b.base}/${b.contactId}`)).status).toBe(404);
    const post = await a.k.post(`${a.base}/${b.contactId}/pause`, { _csrf: a.csrf, until: '' }, a.cookie);
    expect(post.status).toBe(404);
    expect(await opened.store.getContact(b.org.id, b.contactId)).toMatchObject({ paused: false });
  });
});

describe('pausing a customer', () => {
  it('until a date: the next plan sends them nothing, the page and history say so; resuming sends again', async () => {
    const { k, org, get, base, csrf, cookie, contactId } = await owner();
    const theirs = async () =>
      (await planOrganisation(k.deps, org.id, { dryRun: true })).decisions.filter((d) => d.contactId === contactId);
    expect((await theirs()).some((d) => d.kind === 'send')).toBe(true);

    const res = await k.post(`${base}/${contactId}/pause`, { _csrf: csrf, until: '2026-04-01' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}/${contactId}?done=paused`);
    expect(await opened.store.getContact(org.id, contactId)).toMatchObject({ paused: true, pausedUntil: '2026-04-01' });
    expect((await theirs()).some((d) => d.kind === 'send')).toBe(false);
    const html = (await get(`${base}/${contactId}?done=paused`)).html;
    expect(html).toContain('Customer paused');
    expect(html).toContain('Chasing is paused for this customer until 1 Apr 2026.');
    expect(html).toMatch(/You: paused chasing this customer until 1 Apr 2026/);
    // the events of their invoices name the invoice
    await k.post(
      `/orgs/${org.id}/invoices/${(await opened.store.listInvoices(org.id, { today: '2026-03-04' as CalendarDate, contactId, limit: 1, sort: 'name' })).rows[0]!.invoice.id}/answer`,
      { _csrf: csrf, kind: 'paid', reference: 'R-1' },
      cookie,
    );
    expect((await get(`${base}/${contactId}`)).html).toMatch(
      />(F-2026-002|UK-7)<\/a> · <span>Recorded by you: already paid \(reference R-1\)/,
    );

    expect((await k.post(`${base}/${contactId}/resume`, { _csrf: csrf }, cookie)).status).toBe(303);
    expect(await opened.store.getContact(org.id, contactId)).toMatchObject({ paused: false });
    expect((await theirs()).some((d) => d.kind === 'send')).toBe(true);
  });

  it('refuses a date it cannot read or one past, beside the field, saves nothing, and needs the CSRF token', async () => {
    const { k, org, base, csrf, cookie, contactId } = await owner();
    const bad = await k.post(`${base}/${contactId}/pause`, { _csrf: csrf, until: '31/03/2026' }, cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/data-field="until">[\s\S]*?<p class="error"[^>]*>a date like 2026-03-31/);
    const past = await k.post(`${base}/${contactId}/pause`, { _csrf: csrf, until: '2026-03-01' }, cookie);
    expect(past.status).toBe(400);
    expect(await past.text()).toMatch(/data-field="until">[\s\S]*?<p class="error"[^>]*>Pick a date after today/);
    expect((await k.post(`${base}/${contactId}/pause`, { until: '' }, cookie)).status).toBe(403);
    expect(await opened.store.getContact(org.id, contactId)).toMatchObject({ paused: false });
  });
});
