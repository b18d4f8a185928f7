import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/core/calendar.ts';
import type { Store } from '../../src/core/store.ts';
import { bullQueue } from '../../src/jobs/bull.ts';
import { startWorkers, type JobQueue } from '../../src/jobs/index.ts';
import { smtpMailer } from '../../src/mail/transports/index.ts';
import { planOrganisation, sendReminders, type ServiceDeps, syncOrganisation, writeBack } from '../../src/services/index.ts';
import { org } from '../fixtures/ledger.ts';
import { dropKeys, REDIS_URL, requireRedis, uniquePrefix } from '../jobs/redis.ts';
import { plainComposer, TestClock } from '../support/engine.ts';
import { postgresAvailable } from '../support/services.ts';
import { type OpenedStore, openPostgres } from '../support/stores.ts';
import { TestLedger } from '../support/test-ledger.ts';

/**
 * The engine with its real parts: Bull on Redis, the store on PostgreSQL, an SMTP server receiving the mail. Two
 * workers race over the same due reminders, jobs are delivered twice, Redis loses everything mid-run: every reminder
 * reaches the customer exactly once.
 */
const CUSTOMERS = 25;

// Without Redis or PostgreSQL this file skips with the one-line reason its guards print; under RELANCE_REQUIRE_SERVICES=1
// (CI) those guards fail instead.
if (await requireRedis('engine over Bull')) {
  describe.runIf(postgresAvailable)('engine over Bull, PostgreSQL and SMTP', () => {
    let opened: OpenedStore;
    let smtp: SMTPServer;
    let port = 0;
    const received: { messageId: string; to: string }[] = [];
    const prefix = uniquePrefix('engine');

    beforeAll(async () => {
      opened = await openPostgres();
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, _session, done) {
          simpleParser(stream).then((m) => {
            received.push({ messageId: m.messageId ?? '', to: (Array.isArray(m.to) ? m.to[0] : m.to)?.text ?? '' });
            done();
          }, done);
        },
      });
      await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
      port = (smtp.server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await opened?.close();
      await dropKeys(prefix);
    });

    function worker(store: Store, ledger: TestLedger, clock: TestClock, queue: JobQueue, name: string): ServiceDeps {
      const mailer = smtpMailer({ host: '127.0.0.1', port, timeoutMs: 5_000 });
      return {
        store,
        ledger: () => ledger,
        clock,
        queue,
        composer: plainComposer,
        mailer: () => mailer,
        log: { info() {}, warn() {}, error() {} },
        worker: name,
        publicUrl: 'https://relance.test',
        linkSecret: 's',
      };
    }

    async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    it('two racing workers and duplicated jobs send each reminder once; a Redis flush loses nothing', async () => {
      const store = opened.store;
      const ledger = new TestLedger();
      const clock = new TestClock(new Date('2026-03-04T09:00:00Z'));
      const o = await store.createOrganisation(org());
      for (let i = 0; i < CUSTOMERS; i++) {
        ledger.addContact({ externalId: `c${i}`, name: `Client ${i}`, emails: [`c${i}@client.example`] });
        ledger.addInvoice({
          externalId: `i${i}`,
          number: `F-${i}`,
          contactExternalId: `c${i}`,
          issueDate: '2026-02-01' as CalendarDate,
          dueDate: '2026-03-03' as CalendarDate,
          currency: 'EUR',
          totalMinor: 10_000 + i,
          amountDueMinor: 10_000 + i,
          amountPaidMinor: 0,
          amountCreditedMinor: 0,
          status: 'open',
        });
      }
      const queueA = bullQueue({ redisUrl: REDIS_URL, prefix, locks: { lockDurationMs: 2_000, stalledIntervalMs: 1_000 } });
      const queueB = bullQueue({ redisUrl: REDIS_URL, prefix, locks: { lockDurationMs: 2_000, stalledIntervalMs: 1_000 } });
      const a = worker(store, ledger, clock, queueA, 'worker-a');
      const b = worker(store, ledger, clock, queueB, 'worker-b');
      try {
        await syncOrganisation(a, o.id);
        await planOrganisation(a, o.id);
        // Redis loses everything it held: the store still knows every planned reminder
        await dropKeys(prefix);
        await planOrganisation(b, o.id);
        // and every send is delivered twice more, under other job ids
        const planned = await store.remindersInState(o.id, ['planned']);
        expect(planned.length).toBe(CUSTOMERS);
        for (const r of planned) {
          await queueA.enqueue({ type: 'send', orgId: o.id, reminderIds: [r.id] }, { jobId: `dup-a-${r.id}` });
          await queueB.enqueue({ type: 'send', orgId: o.id, reminderIds: [r.id] }, { jobId: `dup-b-${r.id}` });
        }
        const services = (d: ServiceDeps) => ({
          sync: async () => {},
          plan: async (id: string) => {
            await planOrganisation(d, id);
          },
          send: async (id: string, ids: string[]) => {
            await sendReminders(d, id, ids);
          },
          writeBack: (job: Parameters<typeof writeBack>[1]) => writeBack(d, job),
        });
        startWorkers(queueA, services(a), { send: 4 });
        startWorkers(queueB, services(b), { send: 4 });
        await until('every reminder sent', async () => (await store.remindersInState(o.id, ['sent'])).length === CUSTOMERS);
        await until('every note written', async () => ledger.notes.length === CUSTOMERS);
        await new Promise((r) => setTimeout(r, 500));
        expect(received).toHaveLength(CUSTOMERS);
        expect(new Set(received.map((m) => m.messageId)).size).toBe(CUSTOMERS);
        expect(new Set(received.map((m) => m.to)).size).toBe(CUSTOMERS);
        expect(new Set(ledger.notes.map((n) => n.key)).size).toBe(CUSTOMERS);
        const claimedBy = new Set(
          (await opened.database.db.selectFrom('reminders').select('claimed_by').where('org_id', '=', o.id).execute()).map(
            (r) => r.claimed_by,
          ),
        );
        expect(claimedBy.size).toBeGreaterThanOrEqual(1);
      } finally {
        await queueA.close({ graceMs: 2_000 });
        await queueB.close({ graceMs: 2_000 });
      }
    });
  });
}
