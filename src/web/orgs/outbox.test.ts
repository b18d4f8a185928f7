import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOrganisation, sendReminders } from '../../services/index.ts';
import { contact, invoice } from '../../../test/fixtures/ledger.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

describe('outbox', () => {
  it('lists the reminder relance sent, and an uncertain one with its reason, newest first; linked from the overview', async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg({ locale: 'en' });
    // the ledger agrees with the store, so the re-check just before sending lets the reminder go
    k.ledger.addContact(contact('c1', { name: 'Boulangerie Martin' }));
    k.ledger.addInvoice(invoice('i1', { number: 'F-2026-001' }));
    await planOrganisation(k.deps, org.id);
    const sends = k.queue.take('send');
    expect(sends).toHaveLength(1);
    for (const job of sends) if (job.type === 'send') await sendReminders(k.deps, job.orgId, job.reminderIds);
    expect(k.mailer.sent).toHaveLength(1);
    await opened.store.recordEvent(org.id, {
      kind: 'uncertain',
      invoiceId,
      detail: { step: 'firm', reason: 'connection reset after DATA' },
      at: '2026-03-04T10:00:00.000Z',
    });

    const { cookie } = await k.signIn(org.id);
    const overview = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(overview).toContain(`href="/orgs/${org.id}/outbox"`);
    const res = await k.app.request(`/orgs/${org.id}/outbox`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const rows = [...html.matchAll(/<tr class="(sent|uncertain|failed)">([\s\S]*?)<\/tr>/g)].map((m) => ({
      status: m[1],
      text: m[2]!.replace(/<[^>]+>/g, '|'),
    }));
    expect(rows.map((r) => r.status)).toEqual(['uncertain', 'sent']);
    expect(rows[0]!.text).toContain('uncertain: connection reset after DATA');
    const sent = rows[1]!.text;
    expect(sent).toContain('2026-03-04 09:00');
    expect(sent).toContain('c1@client.example');
    expect(sent).toContain(k.mailer.sent[0]!.subject);
    expect(sent).toContain('friendly');
    expect(sent).toContain('F-2026-001');
  });

  it("shows an empty outbox, and never another organisation's", async () => {
    const k = webKit(opened.store);
    const a = await k.seededOrg({ locale: 'en' });
    const b = await k.seededOrg();
    await opened.store.recordEvent(b.org.id, {
      kind: 'email-sent',
      invoiceId: b.invoiceId,
      detail: { step: 'friendly', to: ['secret@b.example'], subject: 'B only' },
      at: '2026-03-04T09:00:00.000Z',
    });
    const { cookie } = await k.signIn(a.org.id);
    const html = await (await k.app.request(`/orgs/${a.org.id}/outbox`, { headers: { cookie } })).text();
    expect(html).toContain('No email sent yet.');
    expect(html).not.toContain('B only');
    expect((await k.app.request(`/orgs/${b.org.id}/outbox`, { headers: { cookie } })).status).toBe(404);
  });

  it("speaks the organisation's language", async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg(); // the fixture's organisation is French
    await opened.store.recordEvent(org.id, {
      kind: 'uncertain',
      invoiceId,
      detail: { step: 'friendly', to: ['c1@client.example'], subject: 'Rappel', reason: 'connexion coupée' },
      at: '2026-03-04T09:00:00.000Z',
    });
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}/outbox`, { headers: { cookie } })).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Envois</h1>');
    expect(html).toContain('<th scope="col">Objet</th>');
    expect(html).toContain('incertain: connexion coupée');
  });
});
