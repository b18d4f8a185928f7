import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import { planOrganisation } from '../../services/index.ts';
import { contact, invoice, page } from '../../../test/fixtures/ledger.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';
import { MESSAGE_CSP } from './routes.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** A signed-in owner of an organisation with one open invoice due yesterday (4 March 2026, 10:00 in Paris). */
async function owner(overrides: Partial<Organisation> = {}) {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg(overrides);
  const session = await k.signIn(org.id);
  const get = async (path: string) => {
    const res = await k.app.request(path, { headers: { cookie: session.cookie } });
    return { status: res.status, headers: res.headers, html: await res.text() };
  };
  return { k, org, invoiceId, get, path: `/orgs/${org.id}/invoices/${invoiceId}`, ...session };
}

/** An email as it left, with its 'email-sent' event naming it (what send.ts records). */
async function sentEmail(orgId: string, invoiceId: string, messageId = '<m1@relance.test>') {
  await opened.store.recordSentMessage({
    messageId,
    orgId,
    invoiceIds: [invoiceId],
    to: ['c1@client.example'],
    subject: 'Invoice F-2026-001 is overdue',
    html: '<p style="color:#333">Hello, <strong>a friendly reminder</strong></p><script>alert(1)</script>',
    text: 'Hello, a friendly reminder',
    sentAt: '2026-03-04T08:05:00.000Z',
  });
  await opened.store.recordEvent(orgId, {
    kind: 'email-sent',
    invoiceId,
    detail: { step: 'friendly', to: ['c1@client.example'], messageId, subject: 'Invoice F-2026-001 is overdue' },
    at: '2026-03-04T08:05:00.000Z',
  });
  return messageId;
}

describe('the invoice page', () => {
  it('shows amount, balance, paid, due date, days overdue, status and next action, in French for a French organisation', async () => {
    const { get, path } = await owner();
    const { status, html } = await get(path);
    expect(status).toBe(200);
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('Facture F-2026-001');
    expect(html).toMatch(/<dt>Reste dû<\/dt><dd><strong>1\s200,00\s€<\/strong>/);
    expect(html).toMatch(/<dt>Jours de retard<\/dt><dd>1<\/dd>/);
    expect(html).toContain('<dt>État</dt><dd>Ouverte');
    expect(html).toContain('Noter une réponse reçue par téléphone ou courrier');
    expect(html).toContain('aria-current="page">Factures');
  });

  it('says it in English for an English organisation, with charges accrued but not claimed yet', async () => {
    const { get, path } = await owner({ locale: 'en' });
    const { html } = await get(path);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Invoice F-2026-001');
    expect(html).toMatch(/<dt>Days overdue<\/dt><dd>1<\/dd>/);
    expect(html).toContain('<dt>Reminder policy</dt><dd>Standard</dd>');
    // French B2B law: €40 compensation from the first day late, plus interest; nothing written to the ledger yet
    expect(html).toMatch(/€4\d\.\d\d accrued to date, not claimed yet/);
  });

  it('tells the timeline in sentences in the organisation’s zone, the email linked to the message as sent', async () => {
    const { org, invoiceId, get, path, k } = await owner({ locale: 'en' });
    await planOrganisation(k.deps, org.id);
    const messageId = await sentEmail(org.id, invoiceId);
    const { html } = await get(path);
    const timeline = html.slice(html.indexOf('<h2>Timeline</h2>'));
    expect(timeline).toContain('Times in Europe/Paris.');
    // 08:05 UTC is 09:05 in Paris in March
    expect(timeline).toContain('4 Mar 2026 09:05');
    expect(timeline).toContain('Sent the friendly reminder to c1@client.example “Invoice F-2026-001 is overdue”');
    expect(timeline).toContain(`href="/orgs/${org.id}/messages/${encodeURIComponent(messageId)}"`);
    expect(timeline).toMatch(/Courtesy reminder skipped/);
    expect(timeline).not.toMatch(/step: |\{"/);
  });

  it('answers 404 for another organisation’s invoice, and for an id that does not exist', async () => {
    const a = await owner();
    const b = await owner({ name: 'Org B' });
    for (const path of [`/orgs/${a.org.id}/invoices/${b.invoiceId}`, `/orgs/${a.org.id}/invoices/nope`, b.path]) {
      const res = await a.get(path);
      expect(res.status, path).toBe(404);
    }
  });
});

describe('the invoices list', () => {
  it('keeps the query in the URL (a GET form) and lists the open invoices', async () => {
    const { k, org, get } = await owner({ locale: 'en' });
    await opened.store.applyChanges(
      org.id,
      page({
        contacts: [contact('c2', { name: 'Café Lumière' })],
        invoices: [
          invoice('i2', { number: 'F-2026-002', contactExternalId: 'c2', dueDate: '2026-04-30' as CalendarDate }),
          invoice('i3', { number: 'F-2026-003', contactExternalId: 'c2', status: 'paid', amountDueMinor: 0, amountPaidMinor: 120_000 }),
        ],
      }),
      k.clock.now().toISOString(),
    );
    const list = await get(`/orgs/${org.id}/invoices`);
    expect(list.status).toBe(200);
    expect(list.html).toContain('<form class="list-controls" method="get"');
    expect(list.html).toContain('F-2026-001');
    expect(list.html).toContain('F-2026-002');
    expect(list.html).not.toContain('F-2026-003');
    const all = await get(`/orgs/${org.id}/invoices?all=1`);
    expect(all.html).toContain('F-2026-003');
    const found = await get(`/orgs/${org.id}/invoices?q=lumi&filter=overdue`);
    expect(found.html).not.toContain('F-2026-002'); // not due yet
    expect(found.html).toContain('value="lumi"');
    expect(found.html).toContain('<option value="overdue" selected>');
  });
});

describe('the email as sent', () => {
  it('shows subject, recipients and date, frames the HTML from its own route under a sandboxing policy, and the text', async () => {
    const { org, invoiceId, get } = await owner({ locale: 'en' });
    const messageId = await sentEmail(org.id, invoiceId);
    const path = `/orgs/${org.id}/messages/${encodeURIComponent(messageId)}`;
    const view = await get(path);
    expect(view.status).toBe(200);
    expect(view.html).toContain('Invoice F-2026-001 is overdue');
    expect(view.html).toContain('c1@client.example');
    expect(view.html).toContain('4 Mar 2026 09:05</time> (Europe/Paris)');
    expect(view.html).toContain(`<iframe class="message" sandbox src="${path}/body"`);
    expect(view.html).toContain('<pre class="message-text">Hello, a friendly reminder</pre>');
    // the page itself never carries the email's HTML
    expect(view.html).not.toContain('<script>alert(1)</script>');

    const body = await get(`${path}/body`);
    expect(body.status).toBe(200);
    expect(body.headers.get('content-security-policy')).toBe(MESSAGE_CSP);
    expect(body.headers.get('content-security-policy')).toContain('sandbox');
    expect(body.html).toContain('<strong>a friendly reminder</strong>');
  });

  it('answers 404 for another organisation’s message', async () => {
    const a = await owner();
    const b = await owner();
    const messageId = await sentEmail(b.org.id, b.invoiceId, '<theirs@relance.test>');
    const path = `/orgs/${a.org.id}/messages/${encodeURIComponent(messageId)}`;
    expect((await a.get(path)).status).toBe(404);
    expect((await a.get(`${path}/body`)).status).toBe(404);
  });
});
