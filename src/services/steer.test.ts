import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoice as ledgerInvoice, org as orgFixture } from '../../test/fixtures/ledger.ts';
import { testDeps } from '../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import type { CalendarDate } from '../core/calendar.ts';
import type { Job } from '../jobs/payloads.ts';
import { planOrganisation } from './plan.ts';
import { sendReminders } from './send.ts';
import {
  pauseCustomer,
  pauseInvoice,
  recordOwnerAnswer,
  resumeCustomer,
  resumeInvoice,
  sendNextStepNow,
  settleDispute,
  skipNextStep,
} from './steer.ts';
import { syncOrganisation } from './sync.ts';
import { writeBack } from './writeback.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

const day = (d: string) => d as CalendarDate;

/** Sending on, Wednesday 4 March 2026 10:00 in Paris: F-1 (Martin) is one day overdue, F-2 (Petit) due on the 20th. */
async function world(options: { preview?: boolean } = {}) {
  const t = testDeps(opened.store, '2026-03-04T09:00:00Z');
  const org = await opened.store.createOrganisation(orgFixture(options.preview ? { sendingOnSince: null } : {}));
  t.ledger.addContact({ externalId: 'c1', name: 'Boulangerie Martin', emails: ['martin@client.example'] });
  t.ledger.addContact({ externalId: 'c2', name: 'Garage Petit', emails: ['petit@client.example'] });
  t.ledger.addInvoice(ledgerInvoice('i1', { number: 'F-1', contactExternalId: 'c1', dueDate: day('2026-03-03') }));
  t.ledger.addInvoice(ledgerInvoice('i2', { number: 'F-2', contactExternalId: 'c2', dueDate: day('2026-03-20') }));
  await syncOrganisation(t.deps, org.id);
  t.queue.take('plan');
  const [i1, i2] = await opened.store.invoicesByExternalId(org.id, ['i1', 'i2']);
  const drain = async () => {
    for (;;) {
      const jobs: Job[] = [...t.queue.take('send'), ...t.queue.take('writeback'), ...t.queue.take('plan')];
      if (jobs.length === 0) return;
      for (const job of jobs) {
        if (job.type === 'plan') await planOrganisation(t.deps, job.orgId);
        if (job.type === 'send') await sendReminders(t.deps, job.orgId, job.reminderIds);
        if (job.type === 'writeback') await writeBack(t.deps, job);
      }
    }
  };
  const cycle = async () => {
    await planOrganisation(t.deps, org.id);
    await drain();
  };
  const invoice = async (id: string) => (await opened.store.invoicesById(org.id, [id]))[0]!;
  const ownerActions = async (id: string) => (await opened.store.history(org.id, id)).filter((e) => e.kind === 'owner-action');
  return { ...t, org, i1: i1!, i2: i2!, drain, cycle, invoice, ownerActions };
}

describe('steer: pause and resume', () => {
  it('pauses an invoice until resumed: nothing goes out, the history and the ledger say so, resuming sends', async () => {
    const w = await world();
    expect(await pauseInvoice(w.deps, w.org, w.i1.id, day('2026-03-04'))).toMatchObject({ ok: false, status: 400, field: 'until' });
    expect(await pauseInvoice(w.deps, w.org, 'not-an-invoice', null)).toMatchObject({ ok: false, status: 404 });
    const paused = await pauseInvoice(w.deps, w.org, w.i1.id, null);
    expect(paused).toMatchObject({ ok: true, message: expect.stringContaining('F-1') });
    await w.cycle();
    expect(w.mailer.sent).toHaveLength(0);
    expect(await w.invoice(w.i1.id)).toMatchObject({ paused: true, nextActionOn: null });
    expect(await w.ownerActions(w.i1.id)).toMatchObject([{ detail: { action: 'pause', until: null } }]);
    expect(w.ledger.notes.map((n) => n.text)).toEqual([expect.stringContaining('relances suspendues par le propriétaire')]);

    expect(await resumeInvoice(w.deps, w.org, w.i1.id)).toMatchObject({ ok: true });
    expect(await resumeInvoice(w.deps, w.org, w.i1.id)).toMatchObject({ ok: false, status: 409 });
    await w.cycle();
    expect(w.mailer.sent.map((m) => m.subject)).toEqual(['friendly: F-1']);
  });

  it("another organisation's invoice or customer is unknown", async () => {
    const w = await world();
    const other = await world();
    expect(await pauseInvoice(w.deps, w.org, other.i1.id, null)).toMatchObject({ ok: false, status: 404 });
    expect(await skipNextStep(w.deps, w.org, other.i1.id)).toMatchObject({ ok: false, status: 404 });
    expect(await pauseCustomer(w.deps, w.org, other.i1.contactId, null)).toMatchObject({ ok: false, status: 404 });
  });

  it('pauses a customer until a date: held until then, chased again from that day', async () => {
    const w = await world();
    const paused = await pauseCustomer(w.deps, w.org, w.i1.contactId, day('2026-03-09'));
    expect(paused).toMatchObject({ ok: true, message: expect.stringContaining('Boulangerie Martin') });
    await w.cycle();
    expect(w.mailer.sent).toHaveLength(0);
    const events = await opened.store.contactHistory(w.org.id, w.i1.contactId, 10);
    expect(events.find((e) => e.kind === 'owner-action')).toMatchObject({
      contactId: w.i1.contactId,
      invoiceId: null,
      detail: { action: 'pause-customer', until: '2026-03-09' },
    });
    expect(w.ledger.notes.map((n) => n.text)).toEqual([expect.stringContaining("jusqu'au 2026-03-09")]);
    w.clock.set('2026-03-09T09:00:00Z');
    await w.cycle();
    expect(w.mailer.sent.map((m) => m.subject)).toEqual(['friendly: F-1']);
    expect(await resumeCustomer(w.deps, w.org, w.i2.contactId)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("steer: the owner's answers and disputes", () => {
  it('records a promise taken by phone, refusing a date already past', async () => {
    const w = await world();
    expect(await recordOwnerAnswer(w.deps, w.org, [w.i1.id], { kind: 'promise', promisedDate: day('2026-03-01') })).toMatchObject({
      ok: false,
      status: 400,
      field: 'promisedDate',
    });
    expect(await recordOwnerAnswer(w.deps, w.org, [], { kind: 'paid' })).toMatchObject({ ok: false, status: 400, field: 'invoiceIds' });
    expect(await recordOwnerAnswer(w.deps, w.org, [w.i1.id], { kind: 'dispute', reason: '  ' })).toMatchObject({
      ok: false,
      field: 'reason',
    });
    expect(await recordOwnerAnswer(w.deps, w.org, [w.i1.id], { kind: 'promise', promisedDate: day('2026-03-12') })).toMatchObject({
      ok: true,
    });
    await w.cycle();
    expect(w.mailer.sent).toHaveLength(0);
    expect(await opened.store.answersOf(w.org.id, w.i1.id)).toMatchObject([
      { kind: 'promise', source: 'owner', promisedDate: '2026-03-12' },
    ]);
  });

  it('a dispute written off: resolved, the invoice paused "written off", never chased', async () => {
    const w = await world();
    expect(await settleDispute(w.deps, w.org, w.i1.id, 'resume', null)).toMatchObject({ ok: false, status: 409 });
    await recordOwnerAnswer(w.deps, w.org, [w.i1.id], { kind: 'dispute', reason: 'goods damaged' });
    expect(await settleDispute(w.deps, w.org, w.i1.id, 'write-off', 'credit note agreed')).toMatchObject({ ok: true });
    const [answer] = await opened.store.answersOf(w.org.id, w.i1.id);
    expect(answer).toMatchObject({ kind: 'dispute', resolvedAt: expect.any(String) });
    expect(await w.invoice(w.i1.id)).toMatchObject({ paused: true });
    expect(await w.ownerActions(w.i1.id)).toMatchObject([
      { detail: { action: 'write-off', reason: 'written off', note: 'credit note agreed' } },
    ]);
    await w.cycle();
    expect(w.mailer.sent).toHaveLength(0);
    expect(w.ledger.notes.map((n) => n.text)).toContainEqual(
      expect.stringContaining('passée en perte par le propriétaire : credit note agreed'),
    );
  });

  it('a dispute resolved to resume: chasing resumes', async () => {
    const w = await world();
    await recordOwnerAnswer(w.deps, w.org, [w.i1.id], { kind: 'dispute', reason: 'wrong quantity' });
    await w.cycle();
    expect(w.mailer.sent).toHaveLength(0);
    expect(await settleDispute(w.deps, w.org, w.i1.id, 'resume', null)).toMatchObject({ ok: true });
    await w.cycle();
    expect(w.mailer.sent.map((m) => m.subject)).toEqual(['friendly: F-1']);
  });
});

describe('steer: the next step, now or never', () => {
  it('sends the next step now (the firm one, ten days early) through the normal send', async () => {
    const w = await world();
    await w.cycle();
    expect(w.mailer.sent.map((m) => m.subject)).toEqual(['friendly: F-1']);
    w.clock.set('2026-03-05T09:00:00Z');
    const now = await sendNextStepNow(w.deps, w.org, w.i1.id);
    expect(now).toMatchObject({ ok: true });
    await w.drain();
    expect(w.mailer.sent.map((m) => m.subject)).toEqual(['friendly: F-1', 'firm: F-1']);
    expect(await w.ownerActions(w.i1.id)).toMatchObject([{ detail: { action: 'send-now', step: 'firm' } }]);
    // a step already on its way, a paid invoice
    w.ledger.pay('i1');
    await syncOrganisation(w.deps, w.org.id);
    expect(await sendNextStepNow(w.deps, w.org, w.i1.id)).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses in preview', async () => {
    const w = await world({ preview: true });
    expect(await sendNextStepNow(w.deps, w.org, w.i1.id)).toMatchObject({
      ok: false,
      status: 409,
      error: expect.stringContaining('aperçu'),
    });
  });

  it('skips the next step: recorded skipped by the owner, and it never goes out', async () => {
    const w = await world();
    await w.cycle();
    const skipped = await skipNextStep(w.deps, w.org, w.i1.id);
    expect(skipped).toMatchObject({ ok: true });
    const firm = (await opened.store.remindersOfInvoices(w.org.id, [w.i1.id])).find((r) => r.stepKey === 'firm');
    expect(firm).toMatchObject({ state: 'skipped', reason: 'skipped by the owner' });
    w.clock.set('2026-03-13T09:00:00Z');
    await w.cycle();
    expect(w.mailer.sent.map((m) => m.subject)).toEqual(['friendly: F-1']);
    expect(w.ledger.notes.map((n) => n.text)).toContainEqual(expect.stringContaining('sautée par le propriétaire'));
  });

  it('skips a step planned and not gone yet', async () => {
    const w = await world();
    await planOrganisation(w.deps, w.org.id);
    expect(await skipNextStep(w.deps, w.org, w.i1.id)).toMatchObject({ ok: true, message: expect.stringContaining('F-1') });
    await w.drain();
    expect(w.mailer.sent).toHaveLength(0);
    const friendly = (await opened.store.remindersOfInvoices(w.org.id, [w.i1.id])).find((r) => r.stepKey === 'friendly');
    expect(friendly).toMatchObject({ state: 'skipped', reason: 'skipped by the owner' });
  });
});
