import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import { planOrganisation, recordCustomerAnswer, sendReminders } from '../../services/index.ts';
import { contact, invoice, page } from '../../../test/fixtures/ledger.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { KIT_LEDGER, webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

describe('owner pages: one tenant never sees another (promise 7)', () => {
  it("answers 404 for another organisation's pages, history and JSON, exactly as for an id that does not exist", async () => {
    const k = webKit(opened.store);
    const a = await k.seededOrg({ name: 'Org A' });
    const b = await k.seededOrg({ name: 'Org B' });
    const { cookie, csrf } = await k.signIn(a.org.id);
    expect((await k.app.request(`/orgs/${a.org.id}`, { headers: { cookie } })).status).toBe(200);
    for (const path of [
      `/orgs/${b.org.id}`,
      `/orgs/${b.org.id}/settings`,
      `/orgs/${b.org.id}/invoices/${b.invoiceId}`,
      '/orgs/no-such-org',
    ]) {
      const res = await k.app.request(path, { headers: { cookie } });
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('Org B');
    }
    for (const path of [`/api/orgs/${b.org.id}/plan`, `/api/orgs/${b.org.id}/reminders`]) {
      const res = await k.app.request(path, { headers: { cookie } });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: 'not found' });
    }
    // its own invoice ids do not open through the org it may see either
    expect((await k.app.request(`/orgs/${a.org.id}/invoices/${b.invoiceId}`, { headers: { cookie } })).status).toBe(404);
    const post = await k.post(`/orgs/${b.org.id}/settings`, { _csrf: csrf, 'sender.name': 'Hijacked' }, cookie);
    expect(post.status).toBe(404);
    expect((await opened.store.getOrganisation(b.org.id))!.sender.name).toBe('Atelier Dupont');
  });

  it('without a session nothing shows, and a forged cookie is no session', async () => {
    const k = webKit(opened.store);
    const a = await k.seededOrg();
    expect((await k.app.request(`/orgs/${a.org.id}`)).status).toBe(404);
    const { cookie } = await k.signIn(a.org.id);
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, sig] = value.split('.');
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), orgIds: ['x', a.org.id] }),
    ).toString('base64url');
    expect((await k.app.request(`/orgs/${a.org.id}`, { headers: { cookie: `${name}=${widened}.${sig}` } })).status).toBe(404);
  });
});

describe('dashboard', () => {
  it('shows the connection, and the invoice page its history in the organisation’s language', async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    // the organisation is French: its owner reads French
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain(KIT_LEDGER.displayName);
    await planOrganisation(k.deps, org.id);
    const history = await (await k.app.request(`/orgs/${org.id}/invoices/${invoiceId}`, { headers: { cookie } })).text();
    expect(history).toContain('Facture F-2026-001');
  });

  it('lists a step awaiting approval with an Approve button that plans and queues it once', async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg();
    const policy = {
      ...org.policy,
      default: {
        ...org.policy.default,
        steps: org.policy.default.steps.map((s) => (s.key === 'friendly' ? { ...s, requiresApproval: true } : s)),
      },
    };
    await opened.store.updateOrganisation(org.id, { policy });
    await planOrganisation(k.deps, org.id);
    const [waiting] = await opened.store.remindersInState(org.id, ['awaiting-approval']);
    expect(waiting).toBeDefined();
    const { cookie, csrf } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain(`/orgs/${org.id}/reminders/${waiting!.id}/approve`);

    expect((await k.post(`/orgs/${org.id}/reminders/${waiting!.id}/approve`, {}, cookie)).status).toBe(403);
    const res = await k.post(`/orgs/${org.id}/reminders/${waiting!.id}/approve`, { _csrf: csrf }, cookie);
    expect(res.headers.get('location')).toBe(`/orgs/${org.id}?done=approved`);
    expect((await opened.store.getReminders(org.id, [waiting!.id]))[0]!.state).toBe('planned');
    expect(k.queue.take('send')).toEqual([{ type: 'send', orgId: org.id, reminderIds: [waiting!.id] }]);
    const again = await k.post(`/orgs/${org.id}/reminders/${waiting!.id}/approve`, { _csrf: csrf }, cookie);
    expect(again.headers.get('location')).toBe(`/orgs/${org.id}?done=approve-gone`);
    expect(k.queue.take('send')).toEqual([]);
    expect(invoiceId).toBe(waiting!.invoiceId);
  });
});

describe('call and letter steps: relance neither phones nor posts', () => {
  it('a call step becomes a call to make (not "sent", no note in the ledger), listed in Tasks until the owner closes it', async () => {
    // Monday 23 March 2026, 10:00 in Paris: 20 days after the due date, the call step is due
    const k = webKit(opened.store, '2026-03-23T09:00:00Z');
    const { org, invoiceId } = await k.seededOrg();
    k.ledger.addInvoice(invoice('i1', { number: 'F-2026-001', dueDate: '2026-03-03' as CalendarDate }));
    const { cookie } = await k.signIn(org.id);
    await planOrganisation(k.deps, org.id);
    const [call] = await opened.store.remindersInState(org.id, ['planned']);
    expect(call!.stepKey).toBe('call');
    await sendReminders(k.deps, org.id, [call!.id]);
    const [after] = await opened.store.getReminders(org.id, [call!.id]);
    expect(after!.state).toBe('task-open');
    expect(k.queue.take('writeback')).toEqual([]);
    const tasks = await (await k.app.request(`/orgs/${org.id}/tasks`, { headers: { cookie } })).text();
    expect(tasks).toContain('F-2026-001');
    expect(tasks).toContain(`/orgs/${org.id}/tasks/${call!.id}/outcome`);
    expect((await opened.store.history(org.id, invoiceId)).map((e) => e.kind)).toContain('task-created');
  });

  it('an approved formal notice becomes a letter ready to print, and the page says so instead of "it goes out"', async () => {
    // Monday 20 April 2026: 48 days after the due date, the formal notice (a letter, approval first) is due
    const k = webKit(opened.store, '2026-04-20T08:00:00Z');
    const { org } = await k.seededOrg({ locale: 'en' });
    k.ledger.addInvoice(invoice('i1', { number: 'F-2026-001', dueDate: '2026-03-03' as CalendarDate }));
    await planOrganisation(k.deps, org.id);
    const [waiting] = await opened.store.remindersInState(org.id, ['awaiting-approval']);
    expect(waiting!.channel).toBe('letter');
    const { cookie, csrf } = await k.signIn(org.id);
    const res = await k.post(`/orgs/${org.id}/reminders/${waiting!.id}/approve`, { _csrf: csrf }, cookie);
    expect(res.headers.get('location')).toBe(`/orgs/${org.id}?done=approved-letter`);
    const notice = await (await k.app.request(`/orgs/${org.id}?done=approved-letter`, { headers: { cookie } })).text();
    expect(notice).toContain('relance does not post letters');
    expect(notice).not.toContain('it goes out');
    await sendReminders(k.deps, org.id, [waiting!.id]);
    expect((await opened.store.getReminders(org.id, [waiting!.id]))[0]!.state).toBe('task-open');
    const tasks = await (await k.app.request(`/orgs/${org.id}/tasks`, { headers: { cookie } })).text();
    expect(tasks).toContain('F-2026-001');
  });
});

describe('JSON API', () => {
  it('gives the dry-run plan as of a date, and refuses a date it cannot read', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    const early = await (await k.app.request(`/api/orgs/${org.id}/plan?asOf=2026-02-20T09:00:00Z`, { headers: { cookie } })).json();
    expect(early.decisions).toEqual([expect.objectContaining({ kind: 'hold', reason: 'not-yet-due' })]);
    const late = await (await k.app.request(`/api/orgs/${org.id}/plan?asOf=2026-03-04T10:00:00Z`, { headers: { cookie } })).json();
    expect(late.decisions.map((d: { kind: string }) => d.kind)).toContain('send');
    const bad = await k.app.request(`/api/orgs/${org.id}/plan?asOf=yesterday`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/asOf/);
    expect(await opened.store.remindersInState(org.id, ['planned', 'skipped'])).toEqual([]);
  });

  it('lists reminders, filtered by state', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    await planOrganisation(k.deps, org.id);
    const { cookie } = await k.signIn(org.id);
    const all = await (await k.app.request(`/api/orgs/${org.id}/reminders`, { headers: { cookie } })).json();
    expect(all.reminders.map((r: { stepKey: string; state: string }) => `${r.stepKey}:${r.state}`).sort()).toEqual([
      'courtesy:skipped',
      'friendly:planned',
    ]);
    const skipped = await (await k.app.request(`/api/orgs/${org.id}/reminders?state=skipped`, { headers: { cookie } })).json();
    expect(skipped.reminders).toHaveLength(1);
    expect((await k.app.request(`/api/orgs/${org.id}/reminders?state=lost`, { headers: { cookie } })).status).toBe(400);
  });
});
