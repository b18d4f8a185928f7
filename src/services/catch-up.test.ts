import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoice as ledgerInvoice } from '../../test/fixtures/ledger.ts';
import { testDeps } from '../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import type { CalendarDate } from '../core/calendar.ts';
import type { Job } from '../jobs/payloads.ts';
import { backToPreview, catchUpReview, startSending } from './catch-up.ts';
import { adoptConsent } from './connect.ts';
import { PREVIEW_STOP, planOrganisation } from './plan.ts';
import { sendReminders } from './send.ts';
import { syncOrganisation } from './sync.ts';
import { writeBack } from './writeback.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

const due = (d: string) => d as CalendarDate;

/** Connected through a consent (so in preview) on Wednesday 4 March 2026, 10:00 in Paris, with three overdue invoices. */
async function connected() {
  const t = testDeps(opened.store, '2026-03-04T09:00:00Z');
  const place = { legalName: 'Atelier', countryCode: 'FR', baseCurrency: 'EUR', timeZone: 'Europe/Paris', language: 'fr' };
  const [org] = await adoptConsent(
    t.deps,
    {
      vendor: 'test',
      tenants: [{ externalId: `t-${Math.random().toString(36).slice(2)}`, name: 'Atelier', place }],
      tokens: {},
      identityEmail: 'owner@atelier.example',
    },
    { saveTokens: async () => {}, consentId: 'consent-1' },
  );
  t.ledger.addContact({ externalId: 'c1', name: 'Boulangerie Martin', emails: ['martin@client.example'] });
  t.ledger.addContact({ externalId: 'c2', name: 'Garage Petit', emails: ['petit@client.example'] });
  t.ledger.addContact({ externalId: 'c3', name: 'Café Leroy', emails: ['leroy@client.example'] });
  // one day overdue: its friendly step is due; 40 days overdue: the final step; 35 days overdue: the final step too
  t.ledger.addInvoice(ledgerInvoice('i1', { number: 'F-1', contactExternalId: 'c1', dueDate: due('2026-03-03') }));
  t.ledger.addInvoice(
    ledgerInvoice('i2', { number: 'F-2', contactExternalId: 'c2', issueDate: due('2025-12-01'), dueDate: due('2026-01-23') }),
  );
  t.ledger.addInvoice(
    ledgerInvoice('i3', { number: 'F-3', contactExternalId: 'c3', issueDate: due('2025-12-01'), dueDate: due('2026-01-28') }),
  );
  const drain = async () => {
    for (;;) {
      const jobs: Job[] = [...t.queue.take('plan'), ...t.queue.take('send'), ...t.queue.take('writeback')];
      t.queue.take('sync');
      if (jobs.length === 0) return;
      for (const job of jobs) {
        if (job.type === 'plan') await planOrganisation(t.deps, job.orgId);
        if (job.type === 'send') await sendReminders(t.deps, job.orgId, job.reminderIds);
        if (job.type === 'writeback') await writeBack(t.deps, job);
      }
    }
  };
  const fresh = async () => (await opened.store.getOrganisation(org!.id))!;
  const ids = async () => {
    const found = await opened.store.invoicesByExternalId(org!.id, ['i1', 'i2', 'i3']);
    return Object.fromEntries(found.map((i) => [i.externalId, i.id])) as Record<'i1' | 'i2' | 'i3', string>;
  };
  return { ...t, org: org!, drain, fresh, ids };
}

describe('start safely: preview, the catch-up review, and turning sending on', () => {
  it('connect → sync → plan sends nothing; turning sending on sends', async () => {
    const w = await connected();
    expect(w.org.sendingOnSince).toBeNull();
    await syncOrganisation(w.deps, w.org.id);
    const report = await planOrganisation(w.deps, w.org.id);
    expect(report.stopped).toBe(PREVIEW_STOP);
    expect(report.planned).toBe(0);
    await w.drain();
    expect(w.mailer.sent).toHaveLength(0);

    const on = await startSending(w.deps, await w.fresh(), { gentle: [], leaveOut: [] });
    expect(on).toMatchObject({ ok: true });
    expect((await w.fresh()).sendingOnSince).toBe('2026-03-04T09:00:00.000Z');
    await w.drain();
    expect(w.mailer.sent.map((m) => m.subject).sort()).toEqual(['final: F-2', 'final: F-3', 'friendly: F-1']);
    const events = await opened.store.recentEvents(w.org.id, ['sending'], 5);
    expect(events).toMatchObject([{ kind: 'sending', detail: { on: true } }]);
  });

  it('a reminder planned before going back to preview is not sent, nor cancelled, until sending is on again', async () => {
    const w = await connected();
    await syncOrganisation(w.deps, w.org.id);
    expect(await startSending(w.deps, await w.fresh(), { gentle: [], leaveOut: [] })).toMatchObject({ ok: true });
    await planOrganisation(w.deps, w.org.id);
    expect(await backToPreview(w.deps, await w.fresh())).toMatchObject({ ok: true });
    expect(await backToPreview(w.deps, await w.fresh())).toMatchObject({ ok: false, status: 409 });
    await w.drain();
    expect(w.mailer.sent).toHaveLength(0);
    const { i1 } = await w.ids();
    const friendly = (await opened.store.remindersOfInvoices(w.org.id, [i1])).filter((r) => r.stepKey === 'friendly');
    expect(friendly.map((r) => r.state)).toEqual(['planned']);
    expect(await startSending(w.deps, await w.fresh(), { gentle: [], leaveOut: [] })).toMatchObject({ ok: true });
    await w.drain();
    expect(w.mailer.sent.map((m) => m.subject)).toContain('friendly: F-1');
  });

  it('the review lists what would go out for overdue invoices, by step; gentle and left-out choices are applied', async () => {
    const w = await connected();
    await syncOrganisation(w.deps, w.org.id);
    const { i1, i2, i3 } = await w.ids();
    // a Saturday evening: outside the send window, the review still shows what would go out
    w.clock.set('2026-03-07T19:00:00Z');
    const review = await catchUpReview(w.deps, await w.fresh());
    expect(review.gentleStep?.key).toBe('friendly');
    expect(review.total).toBe(3);
    expect(review.groups.map((g) => [g.kind, g.step?.key, g.items.map((i) => i.invoice.number)])).toEqual([
      ['send', 'friendly', ['F-1']],
      ['send', 'final', ['F-2', 'F-3']],
    ]);
    expect(review.groups[1]!.items[0]).toMatchObject({ contactName: 'Garage Petit', daysOverdue: 43 });

    w.clock.set('2026-03-04T09:00:00Z');
    expect(await startSending(w.deps, await w.fresh(), { gentle: [i2, 'nope'], leaveOut: [] })).toMatchObject({ ok: false, status: 404 });
    expect(await startSending(w.deps, await w.fresh(), { gentle: [i2], leaveOut: [i2] })).toMatchObject({
      ok: false,
      status: 400,
      field: 'gentle',
    });
    expect((await w.fresh()).sendingOnSince).toBeNull();
    expect(await startSending(w.deps, await w.fresh(), { gentle: [i2], leaveOut: [i3] })).toMatchObject({ ok: true });
    await w.drain();
    // F-2 restarts at the friendly step, F-3 is left out, F-1 goes as planned
    expect(w.mailer.sent.map((m) => m.subject).sort()).toEqual(['friendly: F-1', 'friendly: F-2']);
    const [two, three] = await opened.store.invoicesById(w.org.id, [i2, i3]);
    expect(two).toMatchObject({ scheduleFrom: '2026-03-03' });
    expect(three).toMatchObject({ paused: true });
    expect(i1).toBeTruthy();
    expect(await startSending(w.deps, await w.fresh(), { gentle: [], leaveOut: [] })).toMatchObject({ ok: false, status: 409 });
  });
});
