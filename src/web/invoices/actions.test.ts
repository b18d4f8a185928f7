import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../core/organisation.ts';
import { planOrganisation } from '../../services/index.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** A signed-in owner (English words unless said) of one open invoice due yesterday; today is 4 March 2026. */
async function owner(overrides: Partial<Organisation> = {}) {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg({ locale: 'en', ...overrides });
  const { cookie, csrf } = await k.signIn(org.id);
  const path = `/orgs/${org.id}/invoices/${invoiceId}`;
  const get = async (url = path) => (await k.app.request(url, { headers: { cookie } })).text();
  const post = (action: string, fields: Record<string, string> = {}) => k.post(`${path}/${action}`, { _csrf: csrf, ...fields }, cookie);
  const stored = async () => (await opened.store.invoicesById(org.id, [invoiceId]))[0]!;
  /** What the next plan would do for this invoice (a dry run: nothing recorded). */
  const nextPlan = async () =>
    (await planOrganisation(k.deps, org.id, { dryRun: true })).decisions.filter((d) => d.invoiceId === invoiceId);
  return { k, org, invoiceId, cookie, csrf, path, get, post, stored, nextPlan };
}

const besideField = (name: string, error: string) => new RegExp(`data-field="${name}">[\\s\\S]*?<p class="error"[^>]*>${error}`);

describe('pausing and resuming an invoice', () => {
  it('pauses until a date (the next plan holds it), says so, and resumes', async () => {
    const o = await owner();
    expect((await o.nextPlan()).some((d) => d.kind === 'send')).toBe(true);
    const res = await o.post('pause', { until: '2026-03-20' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${o.path}?done=paused`);
    expect(await o.stored()).toMatchObject({ paused: true, pausedUntil: '2026-03-20' });
    expect((await o.nextPlan()).every((d) => d.kind === 'hold')).toBe(true);
    const page = await o.get(`${o.path}?done=paused`);
    expect(page).toContain('Invoice paused');
    expect(page).toContain('Chasing paused until 20 Mar 2026.');
    expect(page).toMatch(/You: paused chasing until 20 Mar 2026/);

    const resumed = await o.post('resume');
    expect(resumed.status).toBe(303);
    expect(await o.stored()).toMatchObject({ paused: false });
    expect((await o.nextPlan()).some((d) => d.kind === 'send')).toBe(true);
  });

  it('pauses until resumed when no date is given', async () => {
    const o = await owner();
    expect((await o.post('pause', { until: '' })).status).toBe(303);
    expect(await o.stored()).toMatchObject({ paused: true, pausedUntil: null });
    expect(await o.get()).toContain('Chasing paused until you resume it.');
  });

  it('refuses a date it cannot read or one already past, beside the field, and saves nothing', async () => {
    const o = await owner();
    const unreadable = await o.post('pause', { until: 'next week' });
    expect(unreadable.status).toBe(400);
    const html = await unreadable.text();
    expect(html).toMatch(besideField('until', 'a date like 2026-03-31'));
    expect(html).toContain('value="next week"'); // what was typed stays
    const past = await o.post('pause', { until: '2026-03-01' });
    expect(past.status).toBe(400);
    expect(await past.text()).toMatch(besideField('until', 'Pick a date after today.'));
    expect(await o.stored()).toMatchObject({ paused: false });
  });

  it('needs the CSRF token, and another organisation’s invoice is not found', async () => {
    const o = await owner();
    const other = await owner();
    expect((await o.k.post(`${o.path}/pause`, { until: '' }, o.cookie)).status).toBe(403);
    const theirs = await o.k.post(`/orgs/${o.org.id}/invoices/${other.invoiceId}/pause`, { _csrf: o.csrf, until: '' }, o.cookie);
    expect(theirs.status).toBe(404);
    expect((await o.k.post(`${other.path}/pause`, { _csrf: o.csrf, until: '' }, o.cookie)).status).toBe(404);
    expect(await o.stored()).toMatchObject({ paused: false });
    expect(await other.stored()).toMatchObject({ paused: false });
  });
});

describe('an answer taken by phone or mail', () => {
  it('records a promise: the invoice is held until the promised date, the timeline says who recorded it', async () => {
    const o = await owner();
    const res = await o.post('answer', { kind: 'promise', promisedDate: '2026-03-20' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${o.path}?done=answered`);
    expect(await opened.store.answersOf(o.org.id, o.invoiceId)).toEqual([
      expect.objectContaining({ kind: 'promise', promisedDate: '2026-03-20', source: 'owner' }),
    ]);
    const plan = await o.nextPlan();
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.every((d) => d.kind === 'hold')).toBe(true);
    const page = await o.get();
    expect(page).toContain('Promised to pay by 20 Mar 2026.');
    expect(page).toContain('Recorded by you: promise to pay by 20 Mar 2026');
  });

  it('records "already paid" with its reference', async () => {
    const o = await owner();
    expect((await o.post('answer', { kind: 'paid', reference: 'VIR-889' })).status).toBe(303);
    expect(await opened.store.answersOf(o.org.id, o.invoiceId)).toEqual([
      expect.objectContaining({ kind: 'paid', reference: 'VIR-889', source: 'owner' }),
    ]);
  });

  it('refuses a promise without a date, or one already past, and a dispute without a reason: beside the field, nothing saved', async () => {
    const o = await owner();
    const noDate = await o.post('answer', { kind: 'promise', promisedDate: '' });
    expect(noDate.status).toBe(400);
    expect(await noDate.text()).toMatch(besideField('promisedDate', 'the date the customer promised'));
    const past = await o.post('answer', { kind: 'promise', promisedDate: '2026-02-01' });
    expect(past.status).toBe(400);
    expect(await past.text()).toMatch(besideField('promisedDate', 'The promised date has passed'));
    const noReason = await o.post('answer', { kind: 'dispute', disputeReason: '  ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toMatch(besideField('disputeReason', 'say what the customer disputes'));
    const noKind = await o.post('answer', {});
    expect(noKind.status).toBe(400);
    expect(await noKind.text()).toMatch(besideField('kind', 'pick what the customer answered'));
    expect(await opened.store.answersOf(o.org.id, o.invoiceId)).toEqual([]);
  });
});

describe('a dispute', () => {
  it('is recorded with its reason, then resolved: chasing resumes', async () => {
    const o = await owner();
    expect((await o.post('answer', { kind: 'dispute', disputeReason: 'Two pallets missing' })).status).toBe(303);
    expect((await o.nextPlan()).every((d) => d.kind === 'hold')).toBe(true);
    const disputed = await o.get();
    expect(disputed).toContain('Disputed: Two pallets missing');
    expect(disputed).toContain(`action="${o.path}/settle"`);

    const noOutcome = await o.post('settle', { note: 'x' });
    expect(noOutcome.status).toBe(400);
    expect(await noOutcome.text()).toMatch(besideField('outcome', 'pick how the dispute ends'));

    const res = await o.post('settle', { outcome: 'resume', note: 'Pallets delivered' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${o.path}?done=settled`);
    const [answer] = await opened.store.answersOf(o.org.id, o.invoiceId);
    expect(answer).toMatchObject({ kind: 'dispute', resolvedAt: expect.any(String) });
    expect((await o.nextPlan()).some((d) => d.kind === 'send')).toBe(true);
    const after = await o.get(`${o.path}?done=settled`);
    expect(after).toContain('Dispute resolved.');
    expect(after).not.toContain(`action="${o.path}/settle"`);
  });

  it('can be written off: chasing stops', async () => {
    const o = await owner();
    await o.post('answer', { kind: 'dispute', disputeReason: 'Never ordered' });
    expect((await o.post('settle', { outcome: 'write-off', note: 'Not worth it' })).status).toBe(303);
    expect((await o.nextPlan()).some((d) => d.kind === 'send')).toBe(false);
  });
});

describe('steering the steps', () => {
  it('skips the next step: it is recorded skipped by the owner', async () => {
    const o = await owner();
    expect(await o.get()).toContain(`action="${o.path}/skip"`);
    const res = await o.post('skip');
    expect(res.status).toBe(303);
    // due yesterday: the courtesy step is past, the friendly one (a day after the due date) is the next open one
    const friendly = (await opened.store.remindersOfInvoices(o.org.id, [o.invoiceId])).find((r) => r.stepKey === 'friendly');
    expect(friendly).toMatchObject({ state: 'skipped' });
    expect(await o.get()).toMatch(/You: skipped a step \(friendly reminder\)/);
    expect((await o.nextPlan()).some((d) => d.kind === 'send' && d.step.key === 'friendly')).toBe(false);
  });

  it('sends the next step now: it is planned for today', async () => {
    const o = await owner();
    const res = await o.post('send-now');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${o.path}?done=sent-now`);
    const planned = (await opened.store.remindersOfInvoices(o.org.id, [o.invoiceId])).find((r) => r.stepKey === 'friendly');
    expect(planned).toMatchObject({ dueOn: '2026-03-04', state: 'planned' });
    expect(o.k.queue.jobs.map((j) => j.job)).toContainEqual(expect.objectContaining({ type: 'send', reminderIds: [planned!.id] }));
  });
});

describe('in French', () => {
  it('says the actions and their errors in French', async () => {
    const o = await owner({ locale: 'fr' });
    const page = await o.get();
    expect(page).toContain('Mettre cette facture en pause');
    expect(page).toContain('Noter une réponse reçue par téléphone ou courrier');
    const bad = await o.post('answer', { kind: 'promise', promisedDate: 'demain' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(besideField('promisedDate', 'une date comme 2026-03-31'));
  });
});
