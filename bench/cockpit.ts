/**
 * The owner's pages under load: the dashboard, the customer and invoice lists and /health, each hit by 50 concurrent
 * sessions (autocannon, 50 connections) against demo-sized data (10,000 open invoices, 1,000 customers, two
 * currencies, disputes, promises, reminders) in the embedded PGlite, while a worker-like loop plans and applies sync
 * pages on the same event loop as the web app. Run: `node bench/cockpit.ts` (options: --invoices=10000 --seconds=10
 * --connections=50). On PostgreSQL: `node bench/cockpit.ts --pg` (the tests' server, postgres://postgres@127.0.0.1:5432) or with
 * `DATABASE_URL` set: a fresh database is created on that server for the run and dropped after it.
 *
 * The server and its worker loop run in a child process (`--serve`), the load tool in this one, so the tool's own work
 * does not slow the server it measures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { addDays, type CalendarDate } from '../src/core/calendar.ts';
import type { LedgerContact, LedgerInvoice } from '../src/core/ledger.ts';
import { planOrganisation, refreshNextActions } from '../src/services/index.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore, openDatabase, type StoreDatabase } from '../src/store/index.ts';
import { contact, invoice, org as orgFixture, page } from '../test/fixtures/ledger.ts';
import { POSTGRES_URL } from '../test/support/services.ts';
import { KIT_LEDGER, webKit } from '../test/web/kit.ts';
import { table } from './support.ts';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    invoices: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    pg: { type: 'boolean', default: false },
  },
});

// Wednesday 4 March 2026, 10:00 in Paris: inside the send window, so the worker's plans have work
const NOW = '2026-03-04T09:00:00Z';
const TODAY = '2026-03-04' as CalendarDate;

// ---- the server side: seed, serve, and keep a worker busy

function demoLedger(count: number): { contacts: LedgerContact[]; invoices: LedgerInvoice[] } {
  const customers = Math.max(1, Math.floor(count / 10));
  const contacts = Array.from({ length: customers }, (_, c) => contact(`c${c}`, { name: `Client ${c} SARL` }));
  const invoices = Array.from({ length: count }, (_, n) => {
    // due dates from 150 days ago to 30 days ahead; one in ten in GBP; one in five partly paid
    const due = addDays(TODAY, 30 - (n % 181));
    const total = 10_000 + ((n * 7919) % 490_000);
    const paid = n % 5 === 0 ? Math.floor(total / 3) : 0;
    return invoice(`i${n}`, {
      number: `F-${String(n).padStart(6, '0')}`,
      contactExternalId: `c${n % customers}`,
      currency: n % 10 === 0 ? 'GBP' : 'EUR',
      issueDate: addDays(due, -30),
      dueDate: due,
      totalMinor: total,
      amountDueMinor: total - paid,
      amountPaidMinor: paid,
    });
  });
  return { contacts, invoices };
}

/** The PostgreSQL server to run on, if any: DATABASE_URL, else the tests' server with --pg; none: PGlite. */
const postgresUrl = process.env.DATABASE_URL || (args.pg ? POSTGRES_URL : null);

/** PGlite in memory, or a fresh database on the PostgreSQL server (dropped when the run ends). */
async function openBenchDatabase(): Promise<{ database: StoreDatabase; drop: () => Promise<void> }> {
  if (!postgresUrl) return { database: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
  const name = `relance_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(query);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    database: await openDatabase({ databaseUrl: url.toString() }),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

async function server(): Promise<void> {
  const { database, drop } = await openBenchDatabase();
  const store = createStore(database.db);
  const k = webKit(store, NOW);
  const started = Date.now();
  const org = await store.createOrganisation(orgFixture({ vendor: KIT_LEDGER.id, name: 'Demo SARL' }));
  const ledger = demoLedger(Number(args.invoices));
  const PAGE = 500;
  await store.applyChanges(org.id, page({ entity: 'contacts', contacts: ledger.contacts }), NOW);
  for (let i = 0; i < ledger.invoices.length; i += PAGE)
    await store.applyChanges(org.id, page({ invoices: ledger.invoices.slice(i, i + PAGE) }), NOW);
  const ids = await store.openInvoiceIds(org.id);
  // some answers: disputes and promises (kept and broken), as the dashboard and the lists show them
  for (let n = 0; n < 300; n++) {
    const invoiceIds = [ids[(n * 31) % ids.length]!];
    const at = new Date(Date.parse(NOW) - (n + 1) * 3_600_000).toISOString();
    if (n % 3 === 0)
      await store.recordAnswer(org.id, { kind: 'dispute', id: `d${n}`, invoiceIds, at, reason: 'not delivered', source: 'customer' });
    else
      await store.recordAnswer(org.id, {
        kind: 'promise',
        id: `p${n}`,
        invoiceIds,
        at,
        promisedDate: addDays(TODAY, (n % 40) - 20),
        source: 'owner',
      });
  }
  // next action dates, as sync and plan keep them; then one real plan, so reminders exist before the load starts
  await refreshNextActions(k.deps, org, ids);
  const first = await planOrganisation(k.deps, org.id);
  const seeded = Date.now() - started;

  // the worker: plans every 250 ms, and applies a sync page of 50 changed invoices every 2 s (same event loop)
  let running = true;
  let plans = 0;
  let syncs = 0;
  const worker = (async () => {
    let tick = 0;
    while (running) {
      await planOrganisation(k.deps, org.id);
      plans++;
      if (++tick % 8 === 0) {
        const from = (syncs * 50) % ledger.invoices.length;
        const changed = ledger.invoices.slice(from, from + 50).map((i) => ({ ...i, updatedAt: new Date().toISOString() }));
        await store.applyChanges(org.id, page({ invoices: changed }), new Date().toISOString());
        syncs++;
      }
      k.queue.jobs.length = 0;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();

  const { cookie } = await k.signIn(org.id);
  const http = serve({ fetch: k.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => http.once('listening', r));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ ready: true, port, orgId: org.id, cookie, seededMs: seeded, firstPlan: first.decisions.length }));
  process.stdin.resume();
  process.stdin.on('end', async () => {
    running = false;
    await worker;
    console.log(JSON.stringify({ plans, syncs }));
    http.close();
    await database.close();
    await drop();
    process.exit(0);
  });
}

// ---- the load side

type Result = {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type Options = { url: string; connections: number; duration: number; headers?: Record<string, string>; timeout?: number };
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Options) => Promise<Result>;

async function startServer(): Promise<{ child: ChildProcess; port: number; orgId: string; cookie: string; info: string }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--serve', `--invoices=${args.invoices}`, ...(args.pg ? ['--pg'] : [])],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child.once('exit', (code) => {
    if (code) console.error(`the server stopped (exit ${code})`);
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const ready = JSON.parse(line) as { ready?: boolean; port: number; orgId: string; cookie: string; seededMs: number; firstPlan: number };
    if (ready.ready)
      return { child, ...ready, info: `seeded in ${(ready.seededMs / 1000).toFixed(1)} s, first plan ${ready.firstPlan} decisions` };
  }
  throw new Error('the server ended before it was ready');
}

/**
 * The requests still queued from the last run are served before the next run starts: PGlite runs one statement at a
 * time, so a slow page's backlog would otherwise be measured as the next page's latency.
 */
async function drained(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  await fetch(url, { headers, signal: AbortSignal.timeout(600_000) })
    .then((r) => r.arrayBuffer())
    .catch((e: unknown) => console.error(`drain: ${String(e)}`));
  await new Promise((r) => setTimeout(r, 1000));
  return performance.now() - start;
}

/** One request alone (no load from this side; the worker still runs): what a page costs by itself. */
async function alone(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  await fetch(url, { headers, signal: AbortSignal.timeout(600_000) }).then((r) => r.arrayBuffer());
  return performance.now() - start;
}

async function main(): Promise<void> {
  const connections = Number(args.connections);
  const duration = Number(args.seconds);
  const { child, port, orgId, cookie, info } = await startServer();
  console.log(
    `${args.invoices} invoices in ${postgresUrl ? 'PostgreSQL' : 'PGlite'} (${info}); ${connections} connections, ${duration} s each, worker planning every 250 ms`,
  );
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`machine: ${os.cpus().length} CPUs, load average ${load} (figures mean little on a busy machine)`);
  const base = `http://127.0.0.1:${port}`;
  const headers = { cookie };
  const paths = [`/orgs/${orgId}`, `/orgs/${orgId}/customers`, `/orgs/${orgId}/invoices`];
  const rows: (string | number)[][] = [];
  const row = (r: Result) => [
    '',
    `${r.latency.p50} ms`,
    `${r.latency.p99} ms`,
    `${r.latency.max} ms`,
    `${r.requests.average.toFixed(0)}/s`,
    r.non2xx + r.errors + r.timeouts,
  ];
  const header = ['path', 'alone', 'p50', 'p99', 'max', 'throughput', 'non-2xx/errors'];
  console.log(header.join(' | '));
  const say = (cells: (string | number)[]) => {
    rows.push(cells);
    console.log(cells.join(' | '));
  };
  const health = await autocannon({ url: `${base}/health`, connections, duration });
  say(['/health (worker only)', `${(await alone(`${base}/health`, {})).toFixed(0)} ms`, ...row(health).slice(1)]);
  for (const p of paths) {
    const name = p.replace(orgId, ':id');
    // warm up (first renders, PGlite's plans), then one request alone
    await alone(base + p, headers);
    const single = await alone(base + p, headers);
    // /health beside the page's load, one connection: does the page's load slow it?
    const [page, beside] = await Promise.all([
      autocannon({ url: base + p, connections, duration, headers, timeout: 60 }),
      autocannon({ url: `${base}/health`, connections: 1, duration, timeout: 60 }),
    ]);
    say([name, `${single.toFixed(0)} ms`, ...row(page).slice(1)]);
    say(['  /health meanwhile', '', ...row(beside).slice(1)]);
    const backlog = await drained(base + p, headers);
    if (backlog > 5_000) console.log(`  (its backlog took ${(backlog / 1000).toFixed(0)} s to drain)`);
  }
  console.log(`\n${table(header, rows)}`);
  child.stdin!.end();
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line.startsWith('{')) console.log(`worker: ${line}`);
}

if (args.serve) await server();
else await main();
