import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import { planOrganisation, sendReminders } from '../../services/index.ts';
import { contact, invoice, org as orgFixture, page } from '../../../test/fixtures/ledger.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { KIT_LEDGER, webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/**
 * Monday 23 March 2026, 10:00 in Paris. Boulangerie Martin (with a phone number) reaches the call step of F-001 today;
 * Garage Durand's F-009 is 50 days late: its formal notice, a letter, waits for approval.
 */
async function withTasks(locale = 'en') {
  const k = webKit(opened.store, '2026-03-23T09:00:00Z');
  const org = await opened.store.createOrganisation(
    orgFixture({ vendor: KIT_LEDGER.id, locale, sendingOnSince: '2026-03-01T00:00:00.000Z' }),
  );
  const f001 = invoice('i1', { number: 'F-001' });
  const f009 = invoice('i9', { number: 'F-009', contactExternalId: 'c2', dueDate: '2026-02-01' as CalendarDate });
  await opened.store.applyChanges(
    org.id,
    page({
      contacts: [contact('c1', { name: 'Boulangerie Martin', phone: '+33 1 23 45 67 89' }), contact('c2', { name: 'Garage Durand' })],
      invoices: [f001, f009],
    }),
    '2026-03-23T08:00:00.000Z',
  );
  k.ledger.addInvoice(f001);
  k.ledger.addInvoice(f009);
  await planOrganisation(k.deps, org.id);
  const planned = await opened.store.remindersInState(org.id, ['planned']);
  const call = planned.find((r) => r.stepKey === 'call')!;
  await sendReminders(k.deps, org.id, [call.id]);
  const [letter] = await opened.store.remindersInState(org.id, ['awaiting-approval']);
  const session = await k.signIn(org.id);
  return { k, org, call, letter: letter!, path: `/orgs/${org.id}/tasks`, ...session };
}

const stateOf = async (orgId: string, id: string) => (await opened.store.getReminders(orgId, [id]))[0]!;

describe('the Tasks page', () => {
  it('lists today’s call with a tel: link, what is owed, the call guide and an outcome form; the letter waiting for approval below', async () => {
    const { k, org, call, letter, path, cookie } = await withTasks();
    const res = await k.app.request(path, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<h1>Tasks</h1>');
    expect(body).toContain('Calls to make today (1)');
    expect(body).toContain('href="tel:+33123456789"');
    expect(body).toContain('Boulangerie Martin');
    expect(body).toContain('€1,200.00');
    expect(body).toMatch(/Ask for a payment date/);
    expect(body).toContain(`action="${path}/${call.id}/outcome"`);
    expect(body).toMatch(/<legend>What came of the call<\/legend>/);
    expect(body).toContain('Letters (1)');
    expect(body).toContain(`action="/orgs/${org.id}/reminders/${letter.id}/approve"`);
    expect(body).toContain('aria-current="page">Tasks</a>');
    // every input of the outcome form has its label
    for (const name of ['promisedDate', 'reason', 'retryInDays', 'note']) expect(body).toContain(`<label for="${call.id}-${name}">`);
  });

  it('speaks French to a French organisation', async () => {
    const { k, path, cookie } = await withTasks('fr');
    const body = await (await k.app.request(path, { headers: { cookie } })).text();
    expect(body).toContain('<html lang="fr"');
    expect(body).toContain('Appels à passer aujourd’hui (1)');
    expect(body).toContain('Demandez une date de paiement');
  });

  it('records a promise and redirects with a notice; the call leaves the list', async () => {
    const { k, org, call, path, cookie, csrf } = await withTasks();
    const res = await k.post(`${path}/${call.id}/outcome`, { _csrf: csrf, outcome: 'promise', promisedDate: '2026-04-03' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?done=promise`);
    expect(await stateOf(org.id, call.id)).toMatchObject({ state: 'sent' });
    const after = await (await k.app.request(`${path}?done=promise`, { headers: { cookie } })).text();
    expect(after).toContain('Promise recorded');
    expect(after).toContain('Calls to make today (0)');
  });

  it('no answer: back on the list on the day said', async () => {
    const { k, call, path, cookie, csrf } = await withTasks();
    const res = await k.post(`${path}/${call.id}/outcome`, { _csrf: csrf, outcome: 'no-answer', retryInDays: '3' }, cookie);
    expect(res.headers.get('location')).toBe(`${path}?done=no-answer&on=2026-03-26`);
    const after = await (await k.app.request(res.headers.get('location')!, { headers: { cookie } })).text();
    expect(after).toContain('the call is back on your list on 26 Mar 2026');
  });

  it('a bad value is said beside its field, with the values kept, and nothing is saved', async () => {
    const { k, org, call, path, cookie, csrf } = await withTasks();
    const url = `${path}/${call.id}/outcome`;
    const notADate = await k.post(url, { _csrf: csrf, outcome: 'promise', promisedDate: 'next week' }, cookie);
    expect(notADate.status).toBe(400);
    expect(await notADate.text()).toMatch(/data-field="promisedDate">[\s\S]*?<p class="error"[^>]*>Enter the date they gave/);
    const past = await k.post(url, { _csrf: csrf, outcome: 'promise', promisedDate: '2026-03-01' }, cookie);
    expect(past.status).toBe(400);
    const pastBody = await past.text();
    expect(pastBody).toMatch(/data-field="promisedDate">[\s\S]*?This date is in the past/);
    expect(pastBody).toContain('value="2026-03-01"');
    const noChoice = await k.post(url, { _csrf: csrf }, cookie);
    expect(noChoice.status).toBe(400);
    expect(await noChoice.text()).toMatch(/data-field="outcome">[\s\S]*?Choose what came of the call/);
    const retry = await k.post(url, { _csrf: csrf, outcome: 'no-answer', retryInDays: '90' }, cookie);
    expect(await retry.text()).toMatch(/data-field="retryInDays">[\s\S]*?from 1 to 30/);
    expect(await stateOf(org.id, call.id)).toMatchObject({ state: 'task-open' });
    expect(await opened.store.answersOf(org.id, call.invoiceId)).toEqual([]);
  });

  it('needs the CSRF token; another organisation’s task is not found, and another organisation’s page neither', async () => {
    const a = await withTasks();
    const b = await withTasks();
    expect((await a.k.post(`${a.path}/${a.call.id}/outcome`, { outcome: 'wrong-number' }, a.cookie)).status).toBe(403);
    const theirs = await a.k.post(`${a.path}/${b.call.id}/outcome`, { _csrf: a.csrf, outcome: 'wrong-number' }, a.cookie);
    expect(theirs.status).toBe(404);
    expect(await stateOf(b.org.id, b.call.id)).toMatchObject({ state: 'task-open' });
    expect((await a.k.app.request(b.path, { headers: { cookie: a.cookie } })).status).toBe(404);
  });

  it('a task done meanwhile (another tab) says so', async () => {
    const { k, call, path, cookie, csrf } = await withTasks();
    await k.post(`${path}/${call.id}/outcome`, { _csrf: csrf, outcome: 'done', note: 'paid on the phone' }, cookie);
    const again = await k.post(`${path}/${call.id}/outcome`, { _csrf: csrf, outcome: 'done' }, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This task is no longer open');
  });
});
