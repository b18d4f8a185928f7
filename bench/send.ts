/**
 * Send throughput end to end: N planned reminders, send jobs on Bull over the real Redis, workers calling the real
 * sendReminders (claim → ledger re-check → compose → SMTP → record), the store on PostgreSQL and an SMTP sink on
 * 127.0.0.1 that accepts everything. Run: `node bench/send.ts` (options: --n=3000 --concurrency=16 --pooled).
 * The Redis prefix is unique per run and removed at the end; so is the database.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { addDays, localDate } from '../src/core/calendar.ts';
import type { LedgerInvoice } from '../src/core/ledger.ts';
import type { LedgerConnector, Mailer } from '../src/core/ports.ts';
import { createQueue, startWorkers, type JobServices } from '../src/jobs/index.ts';
import { mailErrorFrom, smtpMailer, toMailOptions } from '../src/mail/transports/index.ts';
import { planOrganisation, sendReminders, type ServiceDeps } from '../src/services/index.ts';
import { org } from '../test/fixtures/ledger.ts';
import { plainComposer } from '../test/support/engine.ts';
import { dropOnExit, freshDatabase, ms, REDIS_URL, silentLog, storeOf, table, timed, timingRows, type StoreTimings } from './support.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '16' },
    // nodemailer's pool (a few kept-open SMTP connections) instead of the shipped transport, to compare
    pooled: { type: 'boolean', default: false },
  },
});
const N = Number(args.n);
const CONCURRENCY = Number(args.concurrency);
const AS_OF = new Date('2026-03-04T09:00:00Z');
const ZONE = 'Europe/Paris';
const TODAY = localDate(AS_OF, ZONE);
const DUE_DATE = addDays(TODAY, 3);
const TIMEOUT_MS = 4 * 60_000;

/** Where the time of a job goes, summed over every job (jobs overlap: the sum exceeds the wall clock). */
const busy = new Map<string, { calls: number; ms: number }>();
async function clocked<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    const t = busy.get(label) ?? { calls: 0, ms: 0 };
    t.calls += 1;
    t.ms += performance.now() - start;
    busy.set(label, t);
  }
}

function sink(): Promise<{ server: SMTPServer; port: number; received: () => number }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 200,
    onData(stream, _session, done) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received += 1;
        done();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, received: () => received });
    });
  });
}

function pooledMailer(port: number): Mailer & { close(): void } {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, pool: true, maxConnections: 5, maxMessages: Infinity });
  return {
    async send(email) {
      try {
        return { response: (await transport.sendMail(toMailOptions(email))).response };
      } catch (error) {
        throw mailErrorFrom(error);
      }
    },
    close: () => transport.close(),
  };
}

/** The ledger re-check answers from memory: the bench measures relance, not a vendor's API. */
function benchLedger(invoices: Map<string, LedgerInvoice>): LedgerConnector {
  const no = () => {
    throw new Error('not used by sending');
  };
  return {
    vendor: 'test',
    limits: { calls: [{ max: 1_000, windowMs: 60_000 }], concurrency: 10, idsPerRead: 100 },
    writes: { noteMaxLength: 300, note: 'history', chargesAsLine: true, chargesBookedTo: 'account' },
    changes: no,
    addNote: no,
    writeCharges: no,
    waiveCharges: no,
    chargeTargets: no,
    async invoicesByIds(_conn, ids) {
      return ids.flatMap((id) => invoices.get(id) ?? []);
    },
    async paymentUrl() {
      return null;
    },
  };
}

/** N invoices due for their courtesy step today, each for its own customer: N send jobs of one reminder each. */
function ledgerInvoices(): Map<string, LedgerInvoice> {
  const map = new Map<string, LedgerInvoice>();
  for (let g = 1; g <= N; g++) {
    map.set(`i${g}`, {
      externalId: `i${g}`,
      number: `INV-${g}`,
      contactExternalId: `c${g}`,
      issueDate: addDays(DUE_DATE, -30),
      dueDate: DUE_DATE,
      currency: 'EUR',
      totalMinor: 120_000,
      amountDueMinor: 120_000,
      amountPaidMinor: 0,
      amountCreditedMinor: 0,
      status: 'open',
      paymentUrl: `https://pay.example/i${g}`,
      updatedAt: '2026-02-01T10:00:00.000Z',
    });
  }
  return map;
}

/** CPU seconds so far of this database's PostgreSQL backends (same machine only: read from /proc), by pid. */
async function postgresCpu(pool: { query<R>(text: string): Promise<{ rows: R[] }> }): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // PostgreSQL on another machine: no figure
    }
  }
  return cpu;
}

async function redisCpu(): Promise<number> {
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('cpu');
  await redis.quit();
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

const cleanups: (() => Promise<void>)[] = [];
const cleanup = dropOnExit(cleanups);
try {
  const prefix = `relance-bench-${randomBytes(4).toString('hex')}`;
  console.log(
    `send bench: ${N} reminders, concurrency ${CONCURRENCY}, ${args.pooled ? 'pooled SMTP' : 'shipped smtpMailer'}, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );

  const db = await freshDatabase('send');
  cleanups.push(() => db.drop());
  const smtp = await sink();
  cleanups.push(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));
  const mailer = args.pooled ? pooledMailer(smtp.port) : smtpMailer({ host: '127.0.0.1', port: smtp.port, timeoutMs: 10_000 });
  cleanups.push(async () => mailer.close());
  const queue = createQueue({ REDIS_URL }, { prefix });
  cleanups.unshift(async () => {
    await queue.close({ graceMs: 1_000 });
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  const timings: StoreTimings = new Map();
  const invoices = ledgerInvoices();
  const ledger = benchLedger(invoices);
  const deps: ServiceDeps = {
    store: storeOf(db, timings),
    ledger: () => ({ ...ledger, invoicesByIds: (c, ids) => clocked('ledger re-check', () => ledger.invoicesByIds(c, ids)) }),
    clock: { now: () => AS_OF },
    queue: { enqueue: (job, opts) => clocked(`enqueue ${job.type}`, () => queue.enqueue(job, opts)).then(() => {}) },
    composer: { compose: (input) => plainComposer.compose(input) },
    mailer: () => ({ send: (email) => clocked('SMTP send', () => mailer.send(email)) }),
    log: silentLog,
    worker: 'bench',
    publicUrl: 'https://relance.bench',
    linkSecret: 'bench',
  };

  const o = await deps.store.createOrganisation(org({ timeZone: ZONE }));
  await deps.store.applyChanges(
    o.id,
    {
      entity: 'invoices',
      cursor: 'bench',
      rejected: [],
      payments: [],
      creditNotes: [],
      invoices: [...invoices.values()],
      contacts: [...invoices.values()].map((i) => ({
        externalId: i.contactExternalId,
        name: `Client ${i.contactExternalId}`,
        emails: [`${i.contactExternalId}@client.example`],
        updatedAt: '2026-01-01T00:00:00.000Z',
      })),
    },
    AS_OF.toISOString(),
  );
  // planning queues one send job per customer on Bull; no worker runs yet
  const { ms: planMs, value: report } = await timed(() => planOrganisation(deps, o.id));
  if (report.planned !== N) throw new Error(`expected ${N} reminders planned, got ${report.planned}`);
  const enqueued = busy.get('enqueue send');
  console.log(
    `planning ${N} reminders with their send jobs on Bull: ${ms(planMs)}, of which enqueueing ${ms(enqueued?.ms ?? 0)} (${enqueued?.calls ?? 0} jobs)`,
  );
  busy.clear();
  timings.clear();

  const services: JobServices = {
    send: async (orgId, ids) => {
      await clocked('sendReminders', () => sendReminders(deps, orgId, ids));
    },
    sync: async () => {},
    plan: async () => {},
    writeBack: async () => {},
  };
  const pgBefore = await postgresCpu(db.pool);
  const redisBefore = await redisCpu();
  const cpu = process.cpuUsage();
  const start = performance.now();
  startWorkers(queue, services, { send: CONCURRENCY }, ['send']);
  const deadline = start + TIMEOUT_MS;
  // done when every message reached the sink and the last jobs finished their bookkeeping (state, next action)
  const idle = async () => {
    const c = (await queue.counts()).send;
    return c.waiting + c.active + c.delayed === 0;
  };
  while ((smtp.received() < N || !(await idle())) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  const sent = await db.pool.query<{ state: string; n: string }>(
    'select state, count(*) n from reminders where org_id = $1 group by state',
    [o.id],
  );
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const counts = await queue.counts();
  const pgAfter = await postgresCpu(db.pool);
  const pgSeconds = [...pgAfter].reduce((sum, [pid, t]) => sum + t - (pgBefore.get(pid) ?? 0), 0);
  const redisSeconds = (await redisCpu()) - redisBefore;

  console.log(`\nstore calls (summed over jobs, per reminder in the last column)`);
  console.log(
    table(
      ['store method', 'calls', 'total', 'per reminder'],
      timingRows(timings).map((r) => [...r, `${((timings.get(String(r[0]))?.ms ?? 0) / N).toFixed(2)} ms`]),
    ),
  );
  console.log(`\nother waits (summed over jobs)`);
  console.log(
    table(
      ['what', 'calls', 'total', 'per reminder'],
      [...busy.entries()].map(([k, t]) => [k, t.calls, ms(t.ms), `${(t.ms / N).toFixed(2)} ms`]),
    ),
  );
  console.log(
    `\nreminder states: ${sent.rows.map((r) => `${r.state} ${r.n}`).join(', ')}; send queue: ${JSON.stringify(counts.send)}; writeback jobs waiting ${counts.writeback.waiting}`,
  );
  const share = (cpuMs: number) => `${((cpuMs / wall) * 100).toFixed(0)}% of one core`;
  console.log(
    `CPU during the sends: node ${ms((used.user + used.system) / 1000)} (${share((used.user + used.system) / 1000)}), PostgreSQL backends ${ms(pgSeconds * 1000)} (${share(pgSeconds * 1000)}), Redis ${ms(redisSeconds * 1000)} (${share(redisSeconds * 1000)}); load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `\n${table(
      ['reminders', 'concurrency', 'transport', 'received', 'wall', 'reminders/s'],
      [[N, CONCURRENCY, args.pooled ? 'pooled' : 'smtpMailer', smtp.received(), ms(wall), (smtp.received() / (wall / 1000)).toFixed(0)]],
    )}`,
  );
  if (smtp.received() < N) process.exitCode = 1;
} finally {
  await cleanup();
}
