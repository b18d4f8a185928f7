import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import { REMINDER_STATES } from '../../core/reminder.ts';
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
const d = (s: string) => s as CalendarDate;

/** An organisation just connected: in preview, and (unless `synced` is false) its first sync done. */
async function inPreview(overrides: Partial<Organisation> = {}, synced = true) {
  const org = await opened.store.createOrganisation(orgFixture({ vendor: KIT_LEDGER.id, sendingOnSince: null, ...overrides }));
  if (!synced) return { org, ids: {} as Record<string, string> };
  await opened.store.applyChanges(
    org.id,
    page({
      contacts: [contact('c1', { name: 'Boulangerie Martin' })],
      invoices: [
        invoice('i1', { number: 'F-1', dueDate: d('2026-03-03') }),
        invoice('i2', { number: 'F-2', dueDate: d('2025-12-01'), issueDate: d('2025-11-01') }),
        invoice('i3', { number: 'F-3', dueDate: d('2026-03-20') }),
      ],
    }),
    NOW,
  );
  const ids = Object.fromEntries((await opened.store.invoicesByExternalId(org.id, ['i1', 'i2', 'i3'])).map((i) => [i.externalId, i.id]));
  return { org, ids };
}

/** Reads server-sent events from a response body until the stream ends or `stop` says so. */
async function readEvents(
  res: Response,
  stop: (events: { event: string; data: string }[]) => boolean,
  onEvent?: (n: number) => Promise<void>,
) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim() ?? '';
      events.push({ event: field('event'), data: field('data') });
      await onEvent?.(events.length);
      end = buffer.indexOf('\n\n');
    }
    if (stop(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

describe('start safely: the page an organisation in preview opens on', () => {
  it('says nothing is sent, shows the first sync done, and reviews the overdue invoices with a choice each', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await inPreview();
    const { cookie, csrf } = await k.signIn(org.id);
    const res = await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>Aperçu : rien n’est envoyé.</strong>');
    expect(html).toContain('Première synchronisation terminée (2026-03-04 10:00 (Europe/Paris)).');
    // nothing left to follow: no stream, no script (it would reload the page after 'done' again and again)
    expect(html).not.toContain('data-sync-progress');
    expect(html).not.toContain('sync-progress.js');
    // the review: two overdue invoices (F-3 is not due yet), the long-overdue one starting gently by default
    expect(html).toContain('2 factures sont déjà en retard');
    expect(html).toMatch(new RegExp(`name="choice.${ids.i2}" value="gentle" checked`));
    expect(html).toMatch(new RegExp(`name="choice.${ids.i1}" value="planned" checked`));
    expect(html).not.toContain(`choice.${ids.i3}`);
    expect(html).toContain('reprendre en douceur à « relance amiable »');
    expect(html).toContain(`action="/orgs/${org.id}/start"><input type="hidden" name="_csrf" value="${csrf}">`);
    expect(html).toContain('Activer les envois');
    // the figures come below, read from the store
    expect(html).toContain('id="owed-title"');
    // looking at the review sent nothing and recorded nothing
    expect(await opened.store.remindersInState(org.id, [...REMINDER_STATES])).toEqual([]);
    expect(k.mailer.sent).toEqual([]);
    expect(k.queue.jobs).toEqual([]);
  });

  it('before the first sync: waiting, and the review comes later (English)', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await inPreview({ locale: 'en' }, false);
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<strong>Preview: nothing is sent.</strong>');
    expect(html).toContain('<p aria-live="polite" data-live>Waiting for the first sync to start…</p>');
    expect(html).toContain(`data-src="/orgs/${org.id}/sync/progress"`);
    expect(html).toContain('<script src="/assets/sync-progress.js" defer></script>');
    expect(html).toContain(`<a href="/orgs/${org.id}" data-refresh>Refresh</a>`);
    expect(html).toContain('The review appears here once the first sync is done.');
    expect(html).not.toContain('Turn sending on');
  });

  it('streams the running sync’s progress, then "done" once it has finished', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await inPreview({}, false);
    await opened.store.recordSyncProgress(org.id, { entity: 'invoices', pages: 2, records: 200, startedAt: NOW });
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('Lecture des factures : 2 pages, 200 enregistrements pour l’instant.');
    const res = await k.app.request(`/orgs/${org.id}/sync/progress`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(
      res,
      (all) => all.some((e) => e.event === 'done'),
      async (n) => {
        if (n === 1) await opened.store.recordSyncProgress(org.id, { entity: 'invoices', pages: 3, records: 300, startedAt: NOW });
        if (n === 2) {
          await opened.store.applyChanges(org.id, page({ contacts: [contact('c1')] }), '2026-03-04T09:01:00Z');
          await opened.store.recordSyncProgress(org.id, null);
        }
      },
    );
    expect(events.map((e) => e.event)).toEqual(['progress', 'progress', 'done']);
    expect(JSON.parse(events[0]!.data)).toEqual({ entity: 'invoices', pages: 2, records: 200 });
    expect(JSON.parse(events[1]!.data)).toEqual({ entity: 'invoices', pages: 3, records: 300 });
    expect(JSON.parse(events[2]!.data).lastSyncAt).toBeTruthy();
  });

  it('the script that follows it is served from this origin', async () => {
    const k = webKit(opened.store, NOW);
    const res = await k.app.request('/assets/sync-progress.js');
    expect(res.status).toBe(200);
    const script = await res.text();
    expect(script).toContain('new EventSource');
    expect(script).toContain("addEventListener('done'");
  });
});

describe('start safely: turning sending on', () => {
  it('applies the choices, sets sendingOnSince and queues a plan; nothing was sent before', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await inPreview();
    const { cookie, csrf } = await k.signIn(org.id);
    await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(k.mailer.sent).toEqual([]);
    expect(await opened.store.remindersInState(org.id, [...REMINDER_STATES])).toEqual([]);

    // without the token: refused, nothing changed
    expect((await k.post(`/orgs/${org.id}/start`, { [`choice.${ids.i1}`]: 'out' }, cookie)).status).toBe(403);
    expect((await opened.store.getOrganisation(org.id))!.sendingOnSince).toBeNull();

    // F-1 left out; F-2 not submitted: it takes its default (gently)
    const res = await k.post(`/orgs/${org.id}/start`, { _csrf: csrf, [`choice.${ids.i1}`]: 'out' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/orgs/${org.id}?done=started`);
    const after = await opened.store.getOrganisation(org.id);
    expect(after!.sendingOnSince).toBe(new Date(NOW).toISOString());
    const [i1, i2] = await opened.store
      .invoicesById(org.id, [ids.i1!, ids.i2!])
      .then((l) => [ids.i1, ids.i2].map((id) => l.find((i) => i.id === id)!));
    expect(i1!.paused).toBe(true);
    expect(i2!.scheduleFrom).toBeTruthy();
    expect(k.queue.take('plan')).toEqual([{ type: 'plan', orgId: org.id }]);
    expect(k.mailer.sent).toEqual([]);

    // the dashboard now, with its notice and the way back to preview
    const html = await (await k.app.request(`/orgs/${org.id}?done=started`, { headers: { cookie } })).text();
    expect(html).toContain('Les envois sont activés.');
    expect(html).not.toContain('Aperçu : rien n’est envoyé.');
    const back = await k.post(`/orgs/${org.id}/preview`, { _csrf: csrf }, cookie);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/orgs/${org.id}?done=preview`);
    expect((await opened.store.getOrganisation(org.id))!.sendingOnSince).toBeNull();
  });

  it('a bad choice is refused beside its invoice, and nothing is changed', async () => {
    const k = webKit(opened.store, NOW);
    const { org, ids } = await inPreview();
    const { cookie, csrf } = await k.signIn(org.id);
    const res = await k.post(
      `/orgs/${org.id}/start`,
      { _csrf: csrf, [`choice.${ids.i1}`]: 'everything', [`choice.${ids.i2}`]: 'out' },
      cookie,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Rien n’a été modifié');
    expect(html).toMatch(
      new RegExp(
        `data-field="choice.${ids.i1}">[\\s\\S]*?<p class="error" id="choice.${ids.i1}-error" role="alert">Choisissez l’une des options proposées.</p>`,
      ),
    );
    // the owner's other pick is kept
    expect(html).toMatch(new RegExp(`name="choice.${ids.i2}" value="out" checked`));
    expect((await opened.store.getOrganisation(org.id))!.sendingOnSince).toBeNull();
    const [i2] = await opened.store.invoicesById(org.id, [ids.i2!]);
    expect(i2!.paused).toBe(false);
    expect(k.queue.jobs).toEqual([]);

    const unknown = await k.post(`/orgs/${org.id}/start`, { _csrf: csrf, 'choice.not-an-invoice': 'out' }, cookie);
    expect(unknown.status).toBe(400);
    expect((await opened.store.getOrganisation(org.id))!.sendingOnSince).toBeNull();
  });

  it("another organisation's start, preview and progress are 404s", async () => {
    const k = webKit(opened.store, NOW);
    const a = await inPreview({ name: 'Org A' });
    const b = await inPreview({ name: 'Org B' });
    const { cookie, csrf } = await k.signIn(a.org.id);
    expect((await k.app.request(`/orgs/${b.org.id}/sync/progress`, { headers: { cookie } })).status).toBe(404);
    expect((await k.post(`/orgs/${b.org.id}/start`, { _csrf: csrf }, cookie)).status).toBe(404);
    expect((await k.post(`/orgs/${b.org.id}/preview`, { _csrf: csrf }, cookie)).status).toBe(404);
    expect((await opened.store.getOrganisation(b.org.id))!.sendingOnSince).toBeNull();
    // and a's form cannot name b's invoices
    const foreign = await k.post(`/orgs/${a.org.id}/start`, { _csrf: csrf, [`choice.${b.ids.i1}`]: 'out' }, cookie);
    expect(foreign.status).toBe(400);
    expect((await opened.store.invoicesById(b.org.id, [b.ids.i1!]))[0]!.paused).toBe(false);
  });
});
