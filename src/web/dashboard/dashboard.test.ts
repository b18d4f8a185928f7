import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import type { LedgerInvoice } from '../../core/ledger.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Store } from '../../core/store.ts';
import { recordCustomerAnswer } from '../../services/index.ts';
import { contact, invoice, org as orgFixture, page } from '../../../test/fixtures/ledger.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { KIT_LEDGER, webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

// the kit's clock: Wednesday 4 March 2026, 10:00 in Paris
const NOW = '2026-03-04T09:00:00Z';
const TODAY = '2026-03-04';
const d = (s: string) => s as CalendarDate;

/** The seeded ledger: EUR in every age bucket, a paid one (billed, not owed), and GBP beside it. */
const SEED: LedgerInvoice[] = [
  invoice('e1', { number: 'E-1', dueDate: d('2026-03-10'), issueDate: d('2026-02-10'), totalMinor: 100_000, amountDueMinor: 100_000 }),
  invoice('e2', {
    number: 'E-2',
    dueDate: d('2026-02-20'),
    issueDate: d('2026-01-21'),
    totalMinor: 50_000,
    amountDueMinor: 30_000,
    amountPaidMinor: 20_000,
    contactExternalId: 'c2',
  }),
  invoice('e3', { number: 'E-3', dueDate: d('2026-01-20'), issueDate: d('2025-12-21'), totalMinor: 80_000, amountDueMinor: 80_000 }),
  invoice('e4', { number: 'E-4', dueDate: d('2025-12-20'), issueDate: d('2025-11-20'), totalMinor: 40_000, amountDueMinor: 40_000 }),
  invoice('e5', { number: 'E-5', dueDate: d('2025-11-01'), issueDate: d('2025-10-01'), totalMinor: 25_000, amountDueMinor: 25_000 }),
  invoice('e6', {
    number: 'E-6',
    status: 'paid',
    dueDate: d('2026-03-01'),
    issueDate: d('2026-02-15'),
    totalMinor: 60_000,
    amountDueMinor: 0,
    amountPaidMinor: 60_000,
  }),
  invoice('g1', {
    number: 'G-1',
    currency: 'GBP',
    dueDate: d('2026-02-01'),
    issueDate: d('2026-01-02'),
    totalMinor: 70_000,
    amountDueMinor: 70_000,
  }),
  invoice('g2', {
    number: 'G-2',
    currency: 'GBP',
    dueDate: d('2026-04-01'),
    issueDate: d('2026-03-01'),
    totalMinor: 15_000,
    amountDueMinor: 15_000,
  }),
];

/** Whole days from a to b, by UTC midnights: computed here, apart from the store's SQL. */
const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The figures the page must show, computed from the seed alone. */
function expected(currency: string) {
  const open = SEED.filter((i) => i.currency === currency && i.status === 'open' && i.amountDueMinor > 0);
  const late = (i: LedgerInvoice) => days(i.dueDate, TODAY);
  const sum = (list: LedgerInvoice[]) => list.reduce((s, i) => s + i.amountDueMinor, 0);
  const billed = SEED.filter(
    (i) =>
      i.currency === currency &&
      !['draft', 'voided', 'deleted'].includes(i.status) &&
      days(i.issueDate, TODAY) < 90 &&
      days(i.issueDate, TODAY) >= 0,
  ).reduce((s, i) => s + i.totalMinor, 0);
  return {
    open: sum(open),
    overdue: sum(open.filter((i) => late(i) > 0)),
    buckets: {
      notDue: sum(open.filter((i) => late(i) <= 0)),
      d1: sum(open.filter((i) => late(i) >= 1 && late(i) <= 30)),
      d31: sum(open.filter((i) => late(i) >= 31 && late(i) <= 60)),
      d61: sum(open.filter((i) => late(i) >= 61 && late(i) <= 90)),
      d90: sum(open.filter((i) => late(i) > 90)),
    },
    billed,
  };
}

async function seeded(k: ReturnType<typeof webKit>, overrides: Partial<Organisation> = {}) {
  const org = await opened.store.createOrganisation(orgFixture({ vendor: KIT_LEDGER.id, ...overrides }));
  await opened.store.applyChanges(
    org.id,
    page({ contacts: [contact('c1', { name: 'Boulangerie Martin' }), contact('c2', { name: 'Garage Petit' })], invoices: SEED }),
    k.clock.now().toISOString(),
  );
  const ids = Object.fromEntries(
    (
      await opened.store.invoicesByExternalId(
        org.id,
        SEED.map((i) => i.externalId),
      )
    ).map((i) => [i.externalId, i]),
  );
  return { org, ids };
}

const eur = (minor: number, locale = 'fr') => formatMoney(money(minor, 'EUR'), locale);
const gbp = (minor: number, locale = 'fr') => formatMoney(money(minor, 'GBP'), locale);
const escaped = (text: string) => text.replace(/'/g, '&#39;');

describe('dashboard: what is owed, from the store', () => {
  it('shows the base currency’s figures, aged buckets as a chart and a table, DSO with its formula, and other currencies apart', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await seeded(k);
    await recordCustomerAnswer(k.deps, org.id, [ids.e3!.id], { kind: 'dispute', reason: 'wrong cheese' }, 'customer');
    await recordCustomerAnswer(k.deps, org.id, [ids.e5!.id], { kind: 'promise', promisedDate: d('2026-03-20') }, 'owner');
    const { cookie } = await k.signIn(org.id);
    const res = await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const e = expected('EUR');
    expect(e.open).toBe(275_000); // the test's own arithmetic, checked once by hand
    // EUR is the currency most is owed in (the ledger named no base currency)
    expect(html).toContain('En EUR, la devise la plus due');
    expect(html).toContain(`<dt>Encours clients</dt><dd>${eur(e.open)}</dd>`);
    expect(html).toContain(`<dt>En retard</dt><dd>${eur(e.overdue)}</dd>`);
    expect(html).toContain(`<dt>Contesté</dt><dd>${eur(80_000)}</dd>`);
    expect(html).toContain(`<dt>Promis (une date de paiement court)</dt><dd>${eur(25_000)}</dd>`);
    const dso = Math.round((e.open / e.billed) * 90);
    expect(html).toContain(`<dd>${dso} jours</dd>`);
    expect(html).toContain('DSO = encours clients ÷ montant facturé sur les 90 derniers jours × 90');
    // the chart: an accessible SVG, and the same figures in a table
    expect(html).toMatch(/<svg class="chart" id="aged-chart" role="img" aria-labelledby="aged-chart-title"/);
    expect(html).toContain('<title id="aged-chart-title">Balance âgée en EUR');
    const row = (label: string, minor: number) => `<th scope="row">${label}</th><td class="num">${eur(minor)}</td>`;
    expect(html).toContain(row('Pas encore échu', e.buckets.notDue));
    expect(html).toContain(row('1 à 30 jours', e.buckets.d1));
    expect(html).toContain(row('31 à 60 jours', e.buckets.d31));
    expect(html).toContain(row('61 à 90 jours', e.buckets.d61));
    expect(html).toContain(row('Plus de 90 jours', e.buckets.d90));
    // GBP apart, never added to EUR
    const g = expected('GBP');
    expect(html).toContain('Autres devises (listées à part, jamais additionnées)');
    expect(html).toContain(`<th scope="row">GBP</th><td class="num">${gbp(g.open)}</td><td class="num">${gbp(g.overdue)}</td>`);
    expect(html).not.toContain(eur(e.open + g.open));
  });

  it('takes the base currency from the ledger when it names one', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await seeded(k, {
      locale: 'en',
      ledgerPlace: { legalName: null, countryCode: 'GB', baseCurrency: 'GBP', timeZone: 'Europe/London', language: 'en' },
    });
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    const g = expected('GBP');
    expect(html).toContain('In GBP, your base currency');
    expect(html).toContain(`<dt>Open receivables</dt><dd>${gbp(g.open, 'en')}</dd>`);
    expect(html).toContain(`<th scope="row">EUR</th><td class="num">${eur(expected('EUR').open, 'en')}</td>`);
    expect(html).toContain('DSO = open receivables ÷ amount billed over the last 90 days × 90, in the base currency.');
    expect(html).toContain('<html lang="en">');
  });
});

describe('dashboard: what relance will do, and what needs the owner', () => {
  it('lists the next 14 days with the reason for each, linked to the invoice page', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await seeded(k);
    await opened.store.setNextActionOn(org.id, [
      { invoiceId: ids.e2!.id, on: d('2026-03-07'), stepKey: 'firm' },
      { invoiceId: ids.g1!.id, on: d(TODAY), stepKey: 'call' },
      { invoiceId: ids.e1!.id, on: d('2026-03-24'), stepKey: 'friendly' },
      ...['e3', 'e4', 'e5', 'g2'].map((x) => ({ invoiceId: ids[x]!.id, on: null, stepKey: null })),
    ]);
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    const section = html.slice(html.indexOf('id="upcoming-title"'), html.indexOf('id="activity-title"'));
    expect(section).toContain(`<a href="/orgs/${org.id}/invoices/${ids.e2!.id}">E-2</a>`);
    expect(section).toContain('Garage Petit');
    expect(section).toContain(
      escaped("Relance ferme (par e-mail) · 10 jours après l'échéance · ton neutre · 15 jours de retard à cette date."),
    );
    expect(section).toContain(`<a href="/orgs/${org.id}/invoices/${ids.g1!.id}">G-1</a>`);
    expect(section).toContain('Relance téléphonique (un appel à passer par vous)');
    expect(section).toContain('aujourd’hui');
    // 20 days ahead is outside the 14
    expect(section).not.toContain('E-1');
    // soonest first
    expect(section.indexOf('G-1')).toBeLessThan(section.indexOf('E-2'));
  });

  it('gathers disputes, broken promises, uncertain sends, approvals and tasks due', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await seeded(k);
    await recordCustomerAnswer(k.deps, org.id, [ids.e3!.id], { kind: 'dispute', reason: 'wrong cheese' }, 'customer');
    await recordCustomerAnswer(k.deps, org.id, [ids.e4!.id], { kind: 'promise', promisedDate: d('2026-02-25') }, 'owner');
    const step = (key: string) => org.policy.default.steps.find((s) => s.key === key)!;
    const row = (x: string, key: string, dueOn: string, state: 'planned' | 'awaiting-approval') => ({
      invoiceId: ids[x]!.id,
      contactId: ids[x]!.contactId,
      step: step(key),
      dueOn: d(dueOn),
      state,
      reason: null,
      batchId: `b-${x}-${key}`,
    });
    const made = await opened.store.recordReminders(
      org.id,
      [
        row('e2', 'formal-notice', TODAY, 'awaiting-approval'),
        row('g1', 'friendly', '2026-02-02', 'planned'),
        row('e5', 'call', '2026-03-02', 'planned'),
      ],
      NOW,
    );
    const id = (x: string) => made.find((r) => r.invoiceId === ids[x]!.id)!.id;
    await opened.store.transitionReminders(org.id, [id('g1')], ['planned'], 'uncertain', { at: NOW, reason: 'crashed while sending' });
    await opened.store.transitionReminders(org.id, [id('e5')], ['planned'], 'task-open', { at: NOW });
    const { cookie, csrf } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    const needs = html.slice(html.indexOf('id="needs-title"'), html.indexOf('id="owed-title"'));
    expect(needs).toContain('1 contestation à régler');
    expect(needs).toContain('<q>wrong cheese</q>');
    expect(needs).toContain('1 promesse non tenue');
    expect(needs).toContain(`<a href="/orgs/${org.id}/invoices/${ids.e4!.id}">E-4</a>`);
    expect(needs).toContain('1 envoi incertain');
    expect(needs).toContain('1 étape attend votre accord');
    expect(needs).toContain(`action="/orgs/${org.id}/reminders/${id('e2')}/approve"><input type="hidden" name="_csrf" value="${csrf}">`);
    expect(needs).toContain('1 facture attend un appel ou un courrier');
    expect(needs).toContain(`href="/orgs/${org.id}/tasks"`);
    // what happened lately: the answers just recorded
    expect(html.slice(html.indexOf('id="activity-title"'))).toContain('Réponse enregistrée');
  });

  it('keeps the connection card, its disconnect form and the sync card; sending on offers the way back to preview', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await seeded(k, { locale: 'en' });
    const { cookie, csrf } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain(`Disconnect ${KIT_LEDGER.displayName}`);
    expect(html).toContain(`action="/orgs/${org.id}/disconnect"`);
    expect(html).toContain('Last synced 2026-03-04 10:00 (Europe/Paris)');
    expect(html).toContain(`action="/orgs/${org.id}/preview"><input type="hidden" name="_csrf" value="${csrf}">`);
    expect(html).not.toContain('Preview: nothing is sent');
    expect(html).toContain('aria-current="page"');
  });

  it('never plans: the page is read without touching the planning reads', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await seeded(k);
    const forbidden = new Set(['scheduleInputs', 'dueInvoiceIds', 'openInvoiceIds', 'recordReminders']);
    const guarded = new Proxy(opened.store, {
      get(target, name, receiver) {
        if (typeof name === 'string' && forbidden.has(name)) return () => Promise.reject(new Error(`the dashboard called ${name}`));
        return Reflect.get(target, name, receiver);
      },
    }) as Store;
    const reading = webKit(guarded, NOW);
    const { cookie } = await reading.signIn(org.id);
    const res = await reading.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(reading.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it("another organisation's dashboard is a 404 that names nothing of it", async () => {
    const k = webKit(opened.store, NOW);
    const a = await seeded(k, { name: 'Org A' });
    const b = await seeded(k, { name: 'Org B' });
    const { cookie } = await k.signIn(a.org.id);
    const res = await k.app.request(`/orgs/${b.org.id}`, { headers: { cookie } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Org B');
  });

  it('a notice from a form is said in the page’s language; an unknown one is ignored', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await seeded(k);
    const { cookie } = await k.signIn(org.id);
    const started = await (await k.app.request(`/orgs/${org.id}?done=started`, { headers: { cookie } })).text();
    expect(started).toContain('Les envois sont activés.');
    const odd = await k.app.request(`/orgs/${org.id}?done=constructor`, { headers: { cookie } });
    expect(odd.status).toBe(200);
    expect(await odd.text()).not.toContain('function');
  });
});

describe('dashboard: 50 tabs, one read', () => {
  it('views arriving together share one read of the store; each page carries its own session’s token; after a form it reads afresh', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await seeded(k);
    let reads = 0;
    const counting = new Proxy(opened.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'receivables') return value;
        return (...a: Parameters<Store['receivables']>) => {
          reads++;
          return target.receivables(...a);
        };
      },
    }) as Store;
    const reading = webKit(counting, NOW);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => reading.signIn(org.id)));
    const pages = await Promise.all(
      sessions.map(async (s) => (await reading.app.request(`/orgs/${org.id}`, { headers: { cookie: s.cookie } })).text()),
    );
    expect(reads).toBe(1);
    pages.forEach((html, i) => {
      expect(html).toContain(`name="_csrf" value="${sessions[i]!.csrf}"`);
      for (const other of sessions.filter((_, j) => j !== i)) expect(html).not.toContain(other.csrf);
    });
    expect(pages[0]).not.toContain('contestation');
    // the owner (or a customer) changed something, and a form brought them here: what they did shows at once
    await recordCustomerAnswer(k.deps, org.id, [ids.e3!.id], { kind: 'dispute', reason: 'wrong cheese' }, 'owner');
    const after = await (await reading.app.request(`/orgs/${org.id}?done=approved`, { headers: { cookie: sessions[0]!.cookie } })).text();
    expect(reads).toBe(2);
    expect(after).toContain('1 contestation à régler');
    expect(after).toContain('<p class="notice" role="status">Approuvé : il part dans la prochaine plage d’envoi.</p>');
    expect(after).not.toContain('<!--notice-->');
  });
});
