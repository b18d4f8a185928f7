import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOrganisation, signAnswerToken } from '../../services/index.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';

type Claims = { orgId: string; invoiceIds: string[]; contactId: string; reminderId: string; expiresAt: string };

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** An organisation with its friendly reminder planned, and the link a customer got in the email (clock: 4 March). */
async function setup(expiresAt = '2026-04-03T09:00:00Z', locale = 'fr') {
  const k = webKit(opened.store);
  const { org, invoiceId } = await k.seededOrg({ locale });
  await planOrganisation(k.deps, org.id);
  const [planned] = await opened.store.remindersInState(org.id, ['planned']);
  const token = signAnswerToken(
    { orgId: org.id, invoiceIds: [invoiceId], contactId: planned!.contactId, reminderId: planned!.id, expiresAt },
    k.deps.linkSecret,
  );
  const formMac = async (kind: string) =>
    /name="_form" value="([^"]+)"/.exec(await (await k.app.request(`/answer/${kind}?t=${token}`)).text())![1]!;
  return { k, org, invoiceId, planned: planned!, token, formMac };
}

describe('answer links', () => {
  it('shows a small form for each kind, with the invoice and the promise date bounds in the org zone', async () => {
    const { k, token } = await setup();
    const promise = await k.app.request(`/answer/promise?t=${token}`);
    expect(promise.status).toBe(200);
    const html = await promise.text();
    expect(html).toContain('F-2026-001');
    expect(promise.headers.get('set-cookie')).toBeNull();
    expect(html).toContain('type="date" id="promisedDate" name="promisedDate" min="2026-03-04" max="2026-06-02"');
    expect(await (await k.app.request(`/answer/paid?t=${token}`)).text()).toContain('name="reference"');
    expect(await (await k.app.request(`/answer/dispute?t=${token}`)).text()).toContain('<textarea id="reason"');
    expect((await k.app.request(`/answer/refund?t=${token}`)).status).toBe(404);
  });

  it('answers 400 to a tampered link', async () => {
    const { k, token } = await setup();
    const [payload, sig] = token.split('.');
    const forged = `${payload!.slice(0, -2)}AA.${sig}`;
    const res = await k.app.request(`/answer/promise?t=${forged}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link does not work');
    expect((await k.app.request('/answer/promise')).status).toBe(400);
  });

  /** Claims signed exactly as signAnswerToken signs them: the MAC is right, only what it vouches for is wrong. */
  const signedRaw = (claims: unknown, secret: string) => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
  };

  it.each([
    ['an expiry that is not a date (it would never expire)', (c: Claims) => [c.orgId, c.invoiceIds, c.contactId, c.reminderId, 'never']],
    ['an expiry on a day that does not exist', (c: Claims) => [c.orgId, c.invoiceIds, c.contactId, c.reminderId, '2026-02-30T00:00:00Z']],
    ['a date without a time', (c: Claims) => [c.orgId, c.invoiceIds, c.contactId, c.reminderId, '2026-04-03']],
    ['invoice ids that are not a list', (c: Claims) => [c.orgId, c.invoiceIds[0], c.contactId, c.reminderId, c.expiresAt]],
    ['no invoice at all', (c: Claims) => [c.orgId, [], c.contactId, c.reminderId, c.expiresAt]],
    ['an empty invoice id', (c: Claims) => [c.orgId, [''], c.contactId, c.reminderId, c.expiresAt]],
    ['an invoice id that is a number', (c: Claims) => [c.orgId, [42], c.contactId, c.reminderId, c.expiresAt]],
    ['an organisation that is not a string', (c: Claims) => [{ id: c.orgId }, c.invoiceIds, c.contactId, c.reminderId, c.expiresAt]],
    ['a missing claim', (c: Claims) => [c.orgId, c.invoiceIds, c.contactId, c.expiresAt]],
    ['an object instead of the list of claims', (c: Claims) => ({ ...c })],
    ['null', () => null],
  ])('treats a correctly signed link with %s as a link that does not work (400), never a form or a 500', async (_what, claimsOf) => {
    const { k, org, invoiceId, planned } = await setup();
    const claims: Claims = {
      orgId: org.id,
      invoiceIds: [invoiceId],
      contactId: planned.contactId,
      reminderId: planned.id,
      expiresAt: '2026-04-03T09:00:00Z',
    };
    const token = signedRaw(claimsOf(claims), k.deps.linkSecret);
    for (const kind of ['promise', 'paid', 'dispute']) {
      const res = await k.app.request(`/answer/${kind}?t=${token}`);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('This link does not work');
      expect(html).not.toContain('name="_form"');
    }
    const posted = await k.post('/answer/promise', { t: token, promisedDate: '2026-03-20' });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain('This link does not work');
    expect((await opened.store.scheduleInputs(org.id, [invoiceId])).answers).toEqual([]);
    expect((await opened.store.getReminders(org.id, [planned.id]))[0]!.state).toBe('planned');
  });

  it('still opens a correctly signed link whose expiry carries an offset', async () => {
    const { k, org, invoiceId, planned } = await setup();
    const token = signedRaw([org.id, [invoiceId], planned.contactId, planned.id, '2026-04-03T11:00:00+02:00'], k.deps.linkSecret);
    expect((await k.app.request(`/answer/promise?t=${token}`)).status).toBe(200);
  });

  it("shows an expired link's owner contact instead of a form", async () => {
    const { k, token } = await setup('2026-03-01T00:00:00Z');
    const res = await k.app.request(`/answer/promise?t=${token}`);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain('Ce lien a expiré');
    expect(html).toContain('compta@atelier-dupont.example');
    expect(html).not.toContain('name="promisedDate"');
  });

  it('records a promise, cancels the planned reminder and thanks the customer', async () => {
    const { k, org, invoiceId, planned, token, formMac } = await setup();
    const res = await k.post('/answer/promise', { t: token, _form: await formMac('promise'), promisedDate: '2026-03-20' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Votre réponse a été transmise à Atelier Dupont SARL');
    const inputs = await opened.store.scheduleInputs(org.id, [invoiceId]);
    expect(inputs.answers).toEqual([
      expect.objectContaining({ kind: 'promise', promisedDate: '2026-03-20', source: 'customer', invoiceIds: [invoiceId] }),
    ]);
    expect((await opened.store.getReminders(org.id, [planned.id]))[0]!.state).toBe('cancelled');
    expect((await opened.store.history(org.id, invoiceId)).map((e) => e.kind)).toContain('answer');
    expect(k.queue.take('writeback')).toEqual([expect.objectContaining({ action: 'answer-note' })]);
  });

  it.each([
    ['2026-03-03', 'Cette date est passée'],
    ['2026-06-03', 'dans les 90 jours'],
    ['03/20/2026', 'Choisissez une date'],
  ])('refuses the promise date %s with a message and records nothing', async (date, message) => {
    const { k, org, invoiceId, planned, token, formMac } = await setup();
    const res = await k.post('/answer/promise', { t: token, _form: await formMac('promise'), promisedDate: date });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
    expect((await opened.store.scheduleInputs(org.id, [invoiceId])).answers).toEqual([]);
    expect((await opened.store.getReminders(org.id, [planned.id]))[0]!.state).toBe('planned');
  });

  it('refuses a form this app did not serve for this link and kind (403)', async () => {
    const { k, org, invoiceId, token, formMac } = await setup();
    expect((await k.post('/answer/dispute', { t: token, reason: 'forged' })).status).toBe(403);
    expect((await k.post('/answer/dispute', { t: token, _form: await formMac('paid'), reason: 'forged' })).status).toBe(403);
    expect((await opened.store.scheduleInputs(org.id, [invoiceId])).answers).toEqual([]);
  });

  it('records a dispute with its reason and "already paid" with its reference, in English for an English org', async () => {
    const { k, org, invoiceId, token, formMac } = await setup(undefined, 'en');
    const empty = await k.post('/answer/dispute', { t: token, _form: await formMac('dispute'), reason: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Tell us briefly what is wrong.');
    expect((await k.post('/answer/dispute', { t: token, _form: await formMac('dispute'), reason: 'Delivered damaged' })).status).toBe(200);
    expect((await k.post('/answer/paid', { t: token, _form: await formMac('paid'), reference: 'VIR-889' })).status).toBe(200);
    const answers = (await opened.store.scheduleInputs(org.id, [invoiceId])).answers;
    expect(answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'dispute', reason: 'Delivered damaged' }),
        expect.objectContaining({ kind: 'paid', reference: 'VIR-889' }),
      ]),
    );
  });

  it('records the same answer posted again once (one note, one history line); a changed answer supersedes the last', async () => {
    const { k, org, invoiceId, token, formMac } = await setup();
    const mac = await formMac('promise');
    for (let i = 0; i < 3; i++)
      expect((await k.post('/answer/promise', { t: token, _form: mac, promisedDate: '2026-03-20' })).status).toBe(200);
    const answersOf = async () => (await opened.store.scheduleInputs(org.id, [invoiceId])).answers;
    const answerEvents = async () => (await opened.store.history(org.id, invoiceId)).filter((e) => e.kind === 'answer');
    expect(await answersOf()).toHaveLength(1);
    expect(await answerEvents()).toHaveLength(1);
    expect(k.queue.take('writeback')).toHaveLength(1);

    k.clock.set('2026-03-05T10:00:00Z');
    expect((await k.post('/answer/promise', { t: token, _form: mac, promisedDate: '2026-03-27' })).status).toBe(200);
    expect(await answerEvents()).toHaveLength(2);
    expect((await answerEvents())[1]!.detail).toMatchObject({ promisedDate: '2026-03-27', supersedes: expect.any(String) });
    expect(k.queue.take('writeback')).toHaveLength(1);

    // a dispute, then a promise from the same link: the dispute no longer pauses the invoice, the promise does
    k.clock.set('2026-03-06T10:00:00Z');
    await k.post('/answer/dispute', { t: token, _form: await formMac('dispute'), reason: 'Wrong quantity' });
    await k.post('/answer/dispute', { t: token, _form: await formMac('dispute'), reason: 'Wrong quantity' });
    k.clock.set('2026-03-07T10:00:00Z');
    await k.post('/answer/promise', { t: token, _form: mac, promisedDate: '2026-03-30' });
    const disputes = (await answersOf()).filter((a) => a.kind === 'dispute');
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({ resolvedAt: '2026-03-07T10:00:00.000Z' });
    expect(await answerEvents()).toHaveLength(4);
  });
});
