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

describe('overview', () => {
  it('shows the connection, what relance will do next and why, and the invoice history', async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('Connected');
    expect(html).toContain(`Disconnect ${KIT_LEDGER.displayName}`);
    // the organisation is French: what relance will do is said in French
    expect(html).toMatch(/F-2026-001 : relance amiable à faire aujourd&#39;hui/);
    await planOrganisation(k.deps, org.id);
    const history = await (await k.app.request(`/orgs/${org.id}/invoices/${invoiceId}`, { headers: { cookie } })).text();
    expect(history).toContain('Invoice F-2026-001');
    expect(history).toContain('skipped');
  });

  it('shows first-sync progress as a bar', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    await opened.store.applyChanges(
      org.id,
      {
        entity: 'invoices',
        contacts: [],
        invoices: [],
        payments: [],
        creditNotes: [],
        rejected: [],
        cursor: 'c2',
        progress: { done: 40, total: 120 },
      },
      '2026-03-04T09:00:00Z',
    );
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('First sync: 40 of 120 records read');
    expect(html).toContain('<progress max="120" value="40"');
    // the owner reads the time in the organisation's zone, named (09:00 UTC is 10:00 in Paris in March)
    expect(html).toContain('Last synced 2026-03-04 10:00 (Europe/Paris)');
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
    expect(html).toContain('1 awaiting approval');

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

/** The label the overview puts before an invoice's decision (its earlier steps' "skipped" aside). */
const labelOf = (html: string, number: string) => {
  const items = [...html.matchAll(/<li><strong class="next [a-z]+">([^<]*)<\/strong> ([^<]*)<\/li>/g)];
  return items.find((m) => m[2]!.includes(number) && m[1] !== 'skipped')?.[1];
};

describe('overview: what will happen, in words', () => {
  it('gives each invoice what happens next (the hour it goes out, no email, a promise, a dispute, the next step), never a bare "hold"', async () => {
    // Wednesday 4 March 2026, 20:00 in Paris: the send window (Mon–Fri 09:00–17:00) has closed for the day
    const k = webKit(opened.store, '2026-03-04T19:00:00Z');
    const { org } = await k.seededOrg();
    const { invoiceIds } = await opened.store.applyChanges(
      org.id,
      page({
        contacts: [
          contact('c2', { name: 'Sans Adresse', emails: [] }),
          contact('c3', { name: 'Garage Petit' }),
          contact('c4', { name: 'Fromagerie Roux' }),
        ],
        invoices: [
          invoice('i2', { number: 'F-2026-002', contactExternalId: 'c2' }),
          invoice('i3', { number: 'F-2026-003', contactExternalId: 'c3' }),
          invoice('i4', { number: 'F-2026-004', contactExternalId: 'c4' }),
          invoice('i5', { number: 'F-2026-005', contactExternalId: 'c3', dueDate: '2026-03-20' as CalendarDate }),
        ],
      }),
      '2026-03-04T18:00:00Z',
    );
    const id = async (ext: string) => (await opened.store.invoicesByExternalId(org.id, [ext]))[0]!.id;
    await recordCustomerAnswer(
      k.deps,
      org.id,
      [await id('i3')],
      { kind: 'promise', promisedDate: '2026-03-13' as CalendarDate },
      'customer',
    );
    await recordCustomerAnswer(k.deps, org.id, [await id('i4')], { kind: 'dispute', reason: 'wrong cheese' }, 'customer');
    expect(invoiceIds).toHaveLength(4);
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(labelOf(html, 'F-2026-001')).toBe('goes out Thu 5 Mar 09:00');
    expect(labelOf(html, 'F-2026-002')).toBe('blocked: no email');
    expect(labelOf(html, 'F-2026-003')).toMatch(/^on hold: promised, resumes [A-Z][a-z]{2} \d+ Mar$/);
    expect(labelOf(html, 'F-2026-004')).toBe('on hold: disputed');
    expect(labelOf(html, 'F-2026-005')).toBe('next step Tue 17 Mar');
    expect(html).not.toMatch(/<strong[^>]*>hold<\/strong>/);

    // Thursday 10:30 in Paris: planned, inside the window
    k.clock.set('2026-03-05T09:30:00Z');
    await planOrganisation(k.deps, org.id);
    const later = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(labelOf(later, 'F-2026-001')).toBe('goes out now');
  });

  it('a step waiting for approval says so', async () => {
    const k = webKit(opened.store, '2026-03-04T09:00:00Z');
    const { org } = await k.seededOrg();
    const policy = {
      ...org.policy,
      default: {
        ...org.policy.default,
        steps: org.policy.default.steps.map((s) => (s.key === 'friendly' ? { ...s, requiresApproval: true } : s)),
      },
    };
    await opened.store.updateOrganisation(org.id, { policy });
    const { cookie } = await k.signIn(org.id);
    expect(labelOf(await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text(), 'F-2026-001')).toBe(
      'waits for approval',
    );
  });
});

describe('call and letter steps: relance neither phones nor posts', () => {
  it('a call step becomes a call to make (not "sent", no note in the ledger), shown on the overview until the owner closes it', async () => {
    // Monday 23 March 2026, 10:00 in Paris: 20 days after the due date, the call step is due
    const k = webKit(opened.store, '2026-03-23T09:00:00Z');
    const { org, invoiceId } = await k.seededOrg();
    k.ledger.addInvoice(invoice('i1', { number: 'F-2026-001', dueDate: '2026-03-03' as CalendarDate }));
    const { cookie } = await k.signIn(org.id);
    expect(labelOf(await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text(), 'F-2026-001')).toBe('call to make');
    await planOrganisation(k.deps, org.id);
    const [call] = await opened.store.remindersInState(org.id, ['planned']);
    expect(call!.stepKey).toBe('call');
    await sendReminders(k.deps, org.id, [call!.id]);
    const [after] = await opened.store.getReminders(org.id, [call!.id]);
    expect(after!.state).toBe('task-open');
    expect(k.queue.take('writeback')).toEqual([]);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('To do by hand (1)');
    expect(html).toMatch(/<td>Call to make<\/td>/);
    expect(html).toContain('0 sent · 1 to do by hand');
    // the schedule moves on (the call is not planned again); the call itself waits in "To do by hand"
    expect(labelOf(html, 'F-2026-001')).toBe('next step Thu 2 Apr');
    expect((await opened.store.history(org.id, invoiceId)).map((e) => e.kind)).toContain('task-created');
  });

  it('an approved formal notice becomes a letter ready to print, and the page says so instead of "it goes out"', async () => {
    // Monday 20 April 2026: 48 days after the due date, the formal notice (a letter, approval first) is due
    const k = webKit(opened.store, '2026-04-20T08:00:00Z');
    const { org } = await k.seededOrg();
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
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toMatch(/<td>Letter ready to print<\/td>/);
    expect(html).toContain('0 sent');
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
