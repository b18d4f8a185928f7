import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError, MailError, RetryLater } from '../../src/core/ports.ts';
import type { Job } from '../../src/jobs/payloads.ts';
import {
  planOrganisation,
  sendReminders,
  syncOrganisation,
  writeBack,
  recordCustomerAnswer,
  waiveCharges,
} from '../../src/services/index.ts';
import { org } from '../fixtures/ledger.ts';
import { defaultPolicy, policySchema } from '../../src/core/policy.ts';
import { createRenderer } from '../../src/mail/render.ts';
import { mailComposer } from '../../src/main/composer.ts';
import { testDeps } from '../support/engine.ts';
import { type OpenedStore, storeVariants } from '../support/stores.ts';
import { addDays, type CalendarDate } from '../../src/core/calendar.ts';

/** The engine end to end over a real store: sync → plan → send → note, and the promises around it. */
for (const variant of storeVariants) {
  describe.runIf(variant.available)(`engine on ${variant.name}`, () => {
    let opened: OpenedStore;
    // one database per file (PGlite takes seconds to start); each test gets its own organisation and ledger
    beforeAll(async () => {
      opened = await variant.open();
    });
    afterAll(() => opened?.close());

    async function setup(start = '2026-03-04T09:00:00Z') {
      const t = testDeps(opened.store, start);
      const o = await opened.store.createOrganisation(
        org({ policy: { default: { ...defaultPolicy, charges: { ...defaultPolicy.charges, bookTo: '7060' } }, rules: [] } }),
      );
      t.ledger.addContact({ externalId: 'c1', name: 'Boulangerie Martin', emails: ['martin@client.example'] });
      t.ledger.addInvoice({
        externalId: 'i1',
        number: 'F-2026-001',
        contactExternalId: 'c1',
        issueDate: '2026-02-01' as CalendarDate,
        dueDate: '2026-03-03' as CalendarDate,
        currency: 'EUR',
        totalMinor: 120_000,
        amountDueMinor: 120_000,
        amountPaidMinor: 0,
        amountCreditedMinor: 0,
        status: 'open',
      });
      const drain = async () => {
        for (;;) {
          const jobs: Job[] = [...t.queue.take('send'), ...t.queue.take('writeback'), ...t.queue.take('plan')];
          if (jobs.length === 0) break;
          for (const job of jobs) {
            if (job.type === 'send') await sendReminders(t.deps, job.orgId, job.reminderIds);
            if (job.type === 'writeback') await writeBack(t.deps, job);
            if (job.type === 'plan') await planOrganisation(t.deps, job.orgId);
          }
        }
      };
      const cycle = async () => {
        await syncOrganisation(t.deps, o.id);
        await planOrganisation(t.deps, o.id);
        await drain();
      };
      return { ...t, o, drain, cycle };
    }

    it("sends the friendly reminder once, in the owner's name, and notes it in the ledger", async () => {
      const e = await setup();
      await e.cycle();
      await e.cycle();
      await planOrganisation(e.deps, e.o.id);
      await e.drain();
      expect(e.mailer.sent).toHaveLength(1);
      expect(e.mailer.sent[0]!.subject).toContain('friendly');
      expect(e.mailer.sent[0]!.to).toEqual([{ address: 'martin@client.example' }]);
      expect(e.ledger.notes).toHaveLength(1);
      expect(e.ledger.notes[0]!.text.length).toBeLessThanOrEqual(e.ledger.writes.noteMaxLength);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      const history = await e.deps.store.history(e.o.id, inv!.id);
      // the courtesy step was due before the first sync: recorded as skipped, never sent late
      expect(history.map((h) => h.kind)).toEqual(['skipped', 'email-sent', 'note-written']);
    });

    it('an invoice missing from a full read of the ledger is marked deleted and nothing is sent for it', async () => {
      const e = await setup();
      e.ledger.fullReads = true;
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      e.ledger.forget('i1');
      await syncOrganisation(e.deps, e.o.id);
      await e.drain();
      expect(e.mailer.sent).toEqual([]);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      expect(inv!.status).toBe('deleted');
      // the friendly reminder planned before the read is cancelled, with the reason
      expect((await e.deps.store.remindersOfInvoices(e.o.id, [inv!.id])).map((r) => r.state)).toContain('cancelled');
    });

    it('an incremental read never deletes what it did not mention', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      e.ledger.forget('i1');
      await syncOrganisation(e.deps, e.o.id);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      expect(inv!.status).toBe('open');
    });

    it('an invoice an incremental read reports deleted is deleted in the mirror and gets no reminder', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      e.ledger.delete('i1');
      await syncOrganisation(e.deps, e.o.id);
      await e.drain();
      expect(e.mailer.sent).toEqual([]);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      expect(inv!.status).toBe('deleted');
      // cancelled by the sync itself, with the reason, not left for the send's re-read to find
      const reminders = await e.deps.store.remindersOfInvoices(e.o.id, [inv!.id]);
      expect(reminders.filter((r) => r.state === 'cancelled').map((r) => r.stepKey)).toContain('friendly');
      expect(e.ledger.calls.invoicesByIds).toBe(0);
    });

    it("emails an invoice with addresses of its own there, not to the customer's", async () => {
      const e = await setup();
      e.ledger.invoices.set('i1', { ...e.ledger.invoices.get('i1')!, emails: ['ap@dept.example'] });
      await e.cycle();
      expect(e.mailer.sent.map((m) => m.to)).toEqual([[{ address: 'ap@dept.example' }]]);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      const sent = (await e.deps.store.history(e.o.id, inv!.id)).find((h) => h.kind === 'email-sent');
      expect(sent?.detail).toMatchObject({ to: ['ap@dept.example'] });
      // the note in the ledger says where it went
      expect(e.ledger.notes.map((n) => n.text)).toEqual([expect.stringContaining('ap@dept.example')]);
    });

    it('emails an invoice with an address of its own even when its customer has none in the ledger', async () => {
      const e = await setup();
      e.ledger.addContact({ externalId: 'c1', name: 'Boulangerie Martin', emails: [] });
      e.ledger.invoices.set('i1', { ...e.ledger.invoices.get('i1')!, emails: ['ap@dept.example'] });
      await e.cycle();
      expect(e.mailer.sent.map((m) => m.to)).toEqual([[{ address: 'ap@dept.example' }]]);
    });

    it("a customer's invoices with different addresses go in separate emails, each to its own", async () => {
      const e = await setup();
      e.ledger.addInvoice({
        ...e.ledger.invoices.get('i1')!,
        externalId: 'i2',
        number: 'F-2026-002',
        emails: ['ap@dept.example'],
      });
      await e.cycle();
      const to = (m: (typeof e.mailer.sent)[number]) => m.to.map((a) => a.address).join(',');
      expect(e.mailer.sent.map((m) => [to(m), m.subject.replace(/^\w+: /, '')]).sort()).toEqual([
        ['ap@dept.example', 'F-2026-002'],
        ['martin@client.example', 'F-2026-001'],
      ]);
      expect(new Set(e.mailer.sent.map((m) => m.messageId)).size).toBe(2);
    });

    it('sends nothing for an invoice paid between planning and sending (promise 2)', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      e.ledger.pay('i1');
      await e.drain();
      expect(e.mailer.sent).toHaveLength(0);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      const reminders = await e.deps.store.remindersOfInvoices(e.o.id, [inv!.id]);
      expect(Object.fromEntries(reminders.map((r) => [r.stepKey, r.state]))).toEqual({ courtesy: 'skipped', friendly: 'cancelled' });
      expect(e.ledger.calls.invoicesByIds).toBeGreaterThanOrEqual(1);
    });

    it('after an outage sends only the latest due step and records the skipped ones (promise 3)', async () => {
      const e = await setup('2026-04-03T09:00:00Z');
      await e.cycle();
      expect(e.mailer.sent).toHaveLength(1);
      expect(e.mailer.sent[0]!.subject).toContain('final');
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      const byStep = Object.fromEntries((await e.deps.store.remindersOfInvoices(e.o.id, [inv!.id])).map((r) => [r.stepKey, r.state]));
      expect(byStep).toMatchObject({ courtesy: 'skipped', friendly: 'skipped', firm: 'skipped', call: 'skipped', final: 'sent' });
    });

    it('two workers given the same send job send it once (promise 1)', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      const jobs = e.queue.take('send') as Extract<Job, { type: 'send' }>[];
      await Promise.all([...jobs, ...jobs, ...jobs].map((j) => sendReminders(e.deps, j.orgId, j.reminderIds)));
      expect(e.mailer.sent).toHaveLength(1);
    });

    it('a worker that died after claiming leaves no duplicate, and the reminder goes out once after the lease', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      const [job] = e.queue.take('send') as Extract<Job, { type: 'send' }>[];
      await e.deps.store.claimReminders(e.o.id, job!.reminderIds, 'dead-worker', e.clock.now().toISOString());
      await sendReminders(e.deps, job!.orgId, job!.reminderIds);
      expect(e.mailer.sent).toHaveLength(0);
      e.clock.set('2026-03-04T09:30:00Z');
      await planOrganisation(e.deps, e.o.id);
      await e.drain();
      expect(e.mailer.sent).toHaveLength(1);
    });

    it('a send whose outcome is unknown is marked uncertain and never re-sent blindly', async () => {
      const e = await setup();
      e.mailer.failWith = new Error('socket hang up');
      await e.cycle();
      e.mailer.failWith = null;
      await planOrganisation(e.deps, e.o.id);
      e.clock.set('2026-03-05T09:00:00Z');
      await e.cycle();
      expect(e.mailer.sent).toHaveLength(0);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      expect((await e.deps.store.remindersOfInvoices(e.o.id, [inv!.id])).map((r) => r.state)).toContain('uncertain');
    });

    it('a refused email fails visibly with the server\'s reason; a "try later" is retried', async () => {
      const e = await setup();
      e.mailer.failWith = new MailError('452 mailbox full, try later', false);
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      const [job] = e.queue.take('send') as Extract<Job, { type: 'send' }>[];
      await expect(sendReminders(e.deps, job!.orgId, job!.reminderIds)).rejects.toThrow('452');
      e.mailer.failWith = null;
      await sendReminders(e.deps, job!.orgId, job!.reminderIds);
      expect(e.mailer.sent).toHaveLength(1);
    });

    it('a rate-limited ledger check puts the reminders back and asks to retry later', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      const [job] = e.queue.take('send') as Extract<Job, { type: 'send' }>[];
      e.ledger.failNext(new LedgerError('rate-limited', 'minute limit', 42_000));
      await expect(sendReminders(e.deps, job!.orgId, job!.reminderIds)).rejects.toMatchObject({ name: 'RetryLater', ms: 42_000 });
      await sendReminders(e.deps, job!.orgId, job!.reminderIds);
      expect(e.mailer.sent).toHaveLength(1);
    });

    it('nothing goes out outside the send window; it waits for the window', async () => {
      const e = await setup('2026-03-04T20:00:00Z');
      await e.cycle();
      expect(e.mailer.sent).toHaveLength(0);
      e.clock.set('2026-03-05T08:30:00Z');
      await e.cycle();
      expect(e.mailer.sent).toHaveLength(1);
    });

    it('a promise to pay pauses the invoice and cancels what was planned', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      await recordCustomerAnswer(e.deps, e.o.id, [inv!.id], { kind: 'promise', promisedDate: '2026-03-20' as CalendarDate }, 'customer');
      await e.drain();
      expect(e.mailer.sent).toHaveLength(0);
      expect(e.ledger.notes.map((n) => n.text).join()).toContain('2026-03-20');
    });

    it('claims the late-payment charges in the ledger once, however often the claim runs (promise 1, charges)', async () => {
      const e = await setup('2026-04-03T09:00:00Z');
      await e.cycle();
      expect(e.mailer.sent[0]!.subject).toContain('final');
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      for (let i = 0; i < 3; i++) await writeBack(e.deps, { type: 'writeback', orgId: e.o.id, action: 'charges', invoiceId: inv!.id });
      e.ledger.failNext(new LedgerError('unavailable', '503'));
      await expect(writeBack(e.deps, { type: 'writeback', orgId: e.o.id, action: 'charges', invoiceId: inv!.id })).resolves.toBeUndefined();
      expect(e.ledger.charges).toHaveLength(1);
      // France, 1,200.00 EUR due 3 March 2026, as of 3 April: 31 days at 12.15 % (ECB 2.15 + 10) = 12.38, plus 40.00
      const lines = e.ledger.charges[0]!.claim.lines.map((l) => [l.description, l.amount.minor]);
      expect(lines).toEqual([
        [expect.stringContaining('Intérêts de retard'), 1238],
        [expect.stringContaining('Indemnité forfaitaire'), 4000],
      ]);
      const history = (await e.deps.store.history(e.o.id, inv!.id)).map((h) => h.kind);
      expect(history.filter((k) => k === 'charge-written')).toHaveLength(1);
    });

    it('a charges write that conflicts is retried later and never marked failed; the retry writes it once', async () => {
      const e = await setup('2026-04-03T09:00:00Z');
      await syncOrganisation(e.deps, e.o.id);
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      e.ledger.failNext(new LedgerError('conflict', 'the invoice changed under us'));
      const job = { type: 'writeback', orgId: e.o.id, action: 'charges', invoiceId: inv!.id } as const;
      await expect(writeBack(e.deps, job)).rejects.toBeInstanceOf(RetryLater);
      expect((await e.deps.store.chargeOf(e.o.id, inv!.id))!.state).toBe('claiming');
      await writeBack(e.deps, job);
      expect((await e.deps.store.chargeOf(e.o.id, inv!.id))!.state).toBe('written');
      expect(e.ledger.charges).toHaveLength(1);
    });

    it('a ledger that cannot add lines gets the charges as a separate invoice, and the owner is told why', async () => {
      const e = await setup('2026-04-03T09:00:00Z');
      e.ledger.writes = { ...e.ledger.writes, chargesAsLine: false };
      const o = await e.deps.store.updateOrganisation(e.o.id, {
        policy: {
          default: { ...defaultPolicy, charges: { ...defaultPolicy.charges, writeAs: 'line-on-original', bookTo: '7060' } },
          rules: [],
        },
      });
      await e.cycle();
      const [inv] = await e.deps.store.invoicesByExternalId(o.id, ['i1']);
      await writeBack(e.deps, { type: 'writeback', orgId: o.id, action: 'charges', invoiceId: inv!.id });
      expect(e.ledger.charges.map((c) => c.claim.writeAs)).toEqual(['separate-invoice']);
      const written = (await e.deps.store.history(o.id, inv!.id)).find((h) => h.kind === 'charge-written');
      expect(written!.detail).toMatchObject({ writtenAs: 'separate-invoice', note: expect.stringContaining('cannot add lines') });
    });

    it('waiving charges written as lines hands the ledger back the invoice and exactly those lines', async () => {
      const e = await setup('2026-04-03T09:00:00Z');
      await e.deps.store.updateOrganisation(e.o.id, {
        policy: {
          default: { ...defaultPolicy, charges: { ...defaultPolicy.charges, writeAs: 'line-on-original', bookTo: '7060' } },
          rules: [],
        },
      });
      await e.cycle();
      const [inv] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
      await writeBack(e.deps, { type: 'writeback', orgId: e.o.id, action: 'charges', invoiceId: inv!.id });
      await waiveCharges(e.deps, e.o.id, inv!.id, 'goodwill');
      expect(e.ledger.waived).toEqual([{ writtenAs: 'line-on-original', invoiceExternalId: 'i1', lineIds: ['charge-1-line-1'] }]);
      expect(await e.deps.store.chargeOf(e.o.id, inv!.id)).toMatchObject({ state: 'waived', waivedBy: 'waive-i1' });
    });

    it('a Redis flush loses nothing: the next plan queues the planned reminders again', async () => {
      const e = await setup();
      await syncOrganisation(e.deps, e.o.id);
      await planOrganisation(e.deps, e.o.id);
      e.queue.jobs = [];
      await planOrganisation(e.deps, e.o.id);
      await e.drain();
      expect(e.mailer.sent).toHaveLength(1);
    });

    describe("the ledger's declared limits, not any vendor's numbers", () => {
      /** Six more customers with an invoice due like i1's: seven messages of one reminder each. */
      function moreInvoices(e: Awaited<ReturnType<typeof setup>>) {
        for (let n = 2; n <= 7; n++) {
          e.ledger.addContact({ externalId: `c${n}`, name: `Client ${n}`, emails: [`client${n}@client.example`] });
          e.ledger.addInvoice({
            externalId: `i${n}`,
            number: `F-2026-00${n}`,
            contactExternalId: `c${n}`,
            issueDate: '2026-02-01' as CalendarDate,
            dueDate: '2026-03-03' as CalendarDate,
            currency: 'EUR',
            totalMinor: 10_000 * n,
            amountDueMinor: 10_000 * n,
            amountPaidMinor: 0,
            amountCreditedMinor: 0,
            status: 'open',
          });
        }
      }

      it('a ledger reading 3 ids a call gets send jobs of at most 3 invoices, each re-checked in one read', async () => {
        const e = await setup();
        e.ledger.limits = { ...e.ledger.limits, idsPerRead: 3 };
        moreInvoices(e);
        await syncOrganisation(e.deps, e.o.id);
        await planOrganisation(e.deps, e.o.id);
        const sends = e.queue.jobs.map((j) => j.job).filter((j) => j.type === 'send');
        expect(sends.map((j) => j.reminderIds.length)).toEqual([3, 3, 1]);
        e.ledger.reads = [];
        await e.drain();
        expect(e.mailer.sent).toHaveLength(7);
        expect(e.ledger.reads.map((ids) => ids.length)).toEqual([3, 3, 1]);
      });

      it('a job with more invoices than one read carries is read 3 ids at a time', async () => {
        const e = await setup();
        moreInvoices(e);
        await syncOrganisation(e.deps, e.o.id);
        await planOrganisation(e.deps, e.o.id);
        const ids = e.queue.take('send').flatMap((j) => (j.type === 'send' ? j.reminderIds : []));
        expect(ids).toHaveLength(7);
        e.ledger.limits = { ...e.ledger.limits, idsPerRead: 3 };
        e.ledger.reads = [];
        await sendReminders(e.deps, e.o.id, ids);
        expect(e.ledger.reads.map((r) => r.length)).toEqual([3, 3, 1]);
        expect(e.mailer.sent).toHaveLength(7);
      });

      it("a ledger keeping 40 characters of a note gets notes cut at 40, ending in '…'", async () => {
        const e = await setup();
        e.ledger.writes = { ...e.ledger.writes, noteMaxLength: 40 };
        await e.cycle();
        await e.cycle();
        expect(e.ledger.notes).toHaveLength(1);
        const text = e.ledger.notes[0]!.text;
        expect(text).toHaveLength(40);
        expect(text.endsWith('…')).toBe(true);
        expect(text.startsWith('relance')).toBe(true);
      });
    });

    describe('the late-payment charges invoices relance writes', () => {
      // the firm step claims the charges (a separate invoice, due 15 days later); the final one comes 20 days after it
      const policy = policySchema.parse({
        ...defaultPolicy,
        steps: [
          { key: 'courtesy', offsetDays: -3, tone: 'warm', template: 'courtesy', charges: 'none' },
          { key: 'friendly', offsetDays: 1, tone: 'warm', template: 'friendly', charges: 'none' },
          { key: 'firm', offsetDays: 10, tone: 'neutral', template: 'firm', charges: 'claim' },
          { key: 'final', offsetDays: 30, tone: 'firm', template: 'final', charges: 'claim' },
        ],
        charges: { ...defaultPolicy.charges, writeAs: 'separate-invoice', bookTo: '7060' },
      });
      const composer = mailComposer(createRenderer(), { domain: 'relance.test', via: { kind: 'relay', address: 'relay@relance.test' } });

      async function chargesSetup(start: string) {
        const t = testDeps(opened.store, start, { composer });
        const o = await opened.store.createOrganisation(org({ locale: 'en', policy: { default: policy, rules: [] } }));
        t.ledger.addContact({ externalId: 'c1', name: 'Boulangerie Martin', emails: ['martin@client.example'] });
        t.ledger.addInvoice({
          externalId: 'i1',
          number: 'F-2026-001',
          contactExternalId: 'c1',
          issueDate: '2026-02-01' as CalendarDate,
          dueDate: '2026-03-03' as CalendarDate,
          currency: 'EUR',
          totalMinor: 120_000,
          amountDueMinor: 120_000,
          amountPaidMinor: 0,
          amountCreditedMinor: 0,
          status: 'open',
        });
        const drain = async () => {
          for (;;) {
            const jobs: Job[] = [...t.queue.take('send'), ...t.queue.take('writeback'), ...t.queue.take('plan')];
            if (jobs.length === 0) break;
            for (const job of jobs) {
              if (job.type === 'send') await sendReminders(t.deps, job.orgId, job.reminderIds);
              if (job.type === 'writeback') await writeBack(t.deps, job);
              if (job.type === 'plan') await planOrganisation(t.deps, job.orgId);
            }
          }
        };
        const cycle = async () => {
          await syncOrganisation(t.deps, o.id);
          await planOrganisation(t.deps, o.id);
          await drain();
        };
        return { ...t, o, cycle };
      }

      it('are never reminded nor charged on their own, and are listed in the reminders of their invoice', async () => {
        const e = await chargesSetup('2026-03-13T09:00:00Z');
        await e.cycle();
        expect(e.mailer.sent.map((m) => m.subject)).toEqual([expect.stringMatching(/^Second reminder/)]);
        expect(e.ledger.charges).toHaveLength(1);
        // every morning until the final step: the charges invoice comes back by sync, its courtesy and friendly days pass
        for (let day = '2026-03-14' as CalendarDate; day <= '2026-04-02'; day = addDays(day, 1)) {
          e.clock.set(`${day}T09:00:00Z`);
          await e.cycle();
        }
        const [original] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
        const [chargesInvoice] = await e.deps.store.invoicesByExternalId(e.o.id, ['charge-1']);
        expect(chargesInvoice).toMatchObject({ number: 'CHG-1', reference: 'Late-payment charges: F-2026-001', chargesFor: original!.id });
        expect(await e.deps.store.remindersOfInvoices(e.o.id, [chargesInvoice!.id])).toEqual([]);
        expect(e.mailer.sent).toHaveLength(2);
        const final = e.mailer.sent[1]!;
        expect(final.subject).toMatch(/F-2026-001/);
        expect(final.subject).not.toMatch(/CHG-1/);
        // 1,200.00 EUR due 3 March, charges claimed on 13 March: 10 days at 12.15 % = 3.99, plus 40.00 = 43.99
        expect(final.text).toMatch(/\* Invoice CHG-1 \(late-payment charges on F-2026-001\): [^\n]*\n {2}Amount due €43\.99/);
        expect(final.text).toContain('Pay this invoice: https://pay.example/charge-1');
        // the final step claims charges again: nothing more is written, and never on the charges invoice
        await writeBack(e.deps, { type: 'writeback', orgId: e.o.id, action: 'charges', invoiceId: chargesInvoice!.id });
        expect(e.ledger.charges).toHaveLength(1);
      });

      it('are told apart by their reference when a sync brings one before its vendor id is stored', async () => {
        const e = await chargesSetup('2026-03-13T09:00:00Z');
        e.ledger.addInvoice({
          externalId: 'x-42',
          number: 'CHG-9',
          contactExternalId: 'c1',
          issueDate: '2026-03-10' as CalendarDate,
          dueDate: '2026-03-16' as CalendarDate,
          currency: 'EUR',
          totalMinor: 4_399,
          amountDueMinor: 4_399,
          amountPaidMinor: 0,
          amountCreditedMinor: 0,
          status: 'open',
          reference: 'Late-payment charges: F-2026-001',
        });
        await syncOrganisation(e.deps, e.o.id);
        const [original] = await e.deps.store.invoicesByExternalId(e.o.id, ['i1']);
        const [chargesInvoice] = await e.deps.store.invoicesByExternalId(e.o.id, ['x-42']);
        expect(chargesInvoice!.chargesFor).toBe(original!.id);
        const report = await planOrganisation(e.deps, e.o.id, { dryRun: true });
        expect(report.decisions.filter((d) => d.invoiceId === chargesInvoice!.id)).toEqual([
          expect.objectContaining({ kind: 'hold', reason: 'charges-invoice' }),
        ]);
      });
    });
  });
}
