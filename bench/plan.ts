/**
 * Planning cost against the size of the ledger: 10,000 reminders due among 100,000 and among 1,000,000 open invoices,
 * on the real PostgreSQL, through the real planOrganisation. Run: `node bench/plan.ts` (options: --sizes=100000,1000000
 * --due=10000 --runs=3 --explain). Each size gets a fresh database, dropped at the end.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { addDays, localDate } from '../src/core/calendar.ts';
import { org } from '../test/fixtures/ledger.ts';
import { planOrganisation, type ServiceDeps } from '../src/services/index.ts';
import {
  dropOnExit,
  freshDatabase,
  RECORD_CHUNK,
  median,
  ms,
  silentLog,
  storeOf,
  table,
  timed,
  timingRows,
  type BenchDatabase,
  type StoreTimings,
} from './support.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    due: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    explain: { type: 'boolean', default: false },
    // the store as shipped: recordReminders in one INSERT (fails past 5,041 reminders on PostgreSQL)
    'no-chunk': { type: 'boolean', default: false },
  },
});
const SIZES = args.sizes.split(',').map(Number);
const DUE = Number(args.due);
const RUNS = Number(args.runs);
// a Wednesday, 10:00 in Paris: inside the default send window
const AS_OF = new Date('2026-03-04T09:00:00Z');
const ZONE = 'Europe/Paris';
const TODAY = localDate(AS_OF, ZONE);
// the due invoices fall due in 3 days: their courtesy step (-3) is due today, nothing earlier is skipped
const DUE_DATE = addDays(TODAY, 3);

/**
 * `invoices` open invoices, one contact per ten; invoices 1..due are due today, each for its own customer, the rest
 * have their next action 1 to 50 days ahead. Straight SQL into the migrated schema: a million rows in seconds.
 */
async function load(db: BenchDatabase, orgId: string, invoices: number, due: number): Promise<void> {
  const contacts = Math.max(due, Math.floor(invoices / 10));
  await db.pool.query(
    `
    insert into contacts (id, org_id, external_id, name, emails, is_consumer, vendor_updated_at)
    select $1 || '-c' || g, $1, 'c' || g, 'Client ' || g, jsonb_build_array('c' || g || '@client.example'), false, now()
    from generate_series(0, $2::int - 1) g`,
    [orgId, contacts],
  );
  await db.pool.query(
    `
    insert into invoices (id, org_id, external_id, number, contact_external_id, issue_date, due_date, currency, total_minor,
      amount_due_minor, amount_paid_minor, amount_credited_minor, status, vendor_updated_at, synced_at, next_action_on)
    select $1 || '-i' || g, $1, 'i' || g, 'INV-' || g, 'c' || (g % $3::int), d.due - 30, d.due, 'EUR', 120000, 120000, 0, 0,
      'open', now(), now(), d.due - 3
    from generate_series(1, $2::int) g,
      lateral (select case when g <= $4::int then $5::date else $5::date + 1 + (g % 50)::int end as due) d`,
    [orgId, invoices, contacts, due, DUE_DATE],
  );
  await db.pool.query('analyze');
}

/** Back to "nothing planned yet": planning moved the due invoices' next action forward and recorded reminders. */
async function reset(db: BenchDatabase, orgId: string): Promise<void> {
  await db.pool.query('delete from reminders where org_id = $1', [orgId]);
  await db.pool.query('delete from events where org_id = $1', [orgId]);
  await db.pool.query('update invoices set next_action_on = $2 where org_id = $1 and due_date = $3', [orgId, TODAY, DUE_DATE]);
  await db.pool.query('vacuum analyze invoices, reminders, events');
}

function depsFor(db: BenchDatabase, timings?: StoreTimings): ServiceDeps {
  return {
    store: storeOf(db, timings, { chunkRecords: !args['no-chunk'] }),
    // planning reads only what the ledger declares (ids a read, to size the send jobs); it calls nothing
    ledger: () => {
      const never = () => {
        throw new Error('planning never calls the ledger');
      };
      return {
        vendor: 'test',
        limits: { calls: [{ max: 1_000, windowMs: 60_000 }], concurrency: 10, idsPerRead: 100 },
        writes: { noteMaxLength: 300, note: 'history', chargesAsLine: true, chargesBookedTo: 'account' },
        changes: never,
        invoicesByIds: never,
        addNote: never,
        writeCharges: never,
        waiveCharges: never,
        paymentUrl: never,
        chargeTargets: never,
      };
    },
    clock: { now: () => AS_OF },
    queue: { enqueue: async () => {} },
    composer: {
      compose: () => {
        throw new Error('not in planning');
      },
    },
    mailer: () => {
      throw new Error('not in planning');
    },
    log: silentLog,
    worker: 'bench',
    publicUrl: 'https://relance.bench',
    linkSecret: 'bench',
  };
}

async function plan(deps: ServiceDeps, orgId: string): Promise<number> {
  const { ms: took, value } = await timed(() => planOrganisation(deps, orgId));
  if (value.planned !== DUE) throw new Error(`expected ${DUE} reminders planned, got ${value.planned}: the bench measures the wrong thing`);
  return took;
}

/** The planner's queries with their plans, for the chunk of due invoices it reads first. */
async function explain(db: BenchDatabase, orgId: string): Promise<void> {
  const ids = (
    await db.pool.query<{ id: string }>(
      `select id from invoices where org_id = $1 and next_action_on <= $2
    order by next_action_on limit 2000`,
      [orgId, TODAY],
    )
  ).rows.map((r) => r.id);
  const contacts = (
    await db.pool.query<{ id: string }>(
      `select id from contacts where org_id = $1 and external_id =
    any(select contact_external_id from invoices where id = any($2::text[]))`,
      [orgId, ids],
    )
  ).rows.map((r) => r.id);
  const queries: [string, string, unknown[]][] = [
    [
      'dueInvoiceIds',
      `select id from invoices where org_id = $1 and next_action_on is not null and next_action_on <= $2 order by next_action_on limit ${DUE * 10}`,
      [orgId, TODAY],
    ],
    [
      'scheduleInputs: invoices',
      `select i.*, c.id as contact_id from invoices i left join contacts c on c.org_id = i.org_id and c.external_id = i.contact_external_id where i.org_id = $1 and i.id = any($2::text[])`,
      [orgId, ids],
    ],
    ['scheduleInputs: answers', `select * from answers where org_id = $1 and invoice_ids ?| $2::text[]`, [orgId, ids]],
    [
      'scheduleInputs: reminders',
      `select invoice_id from reminders where org_id = $1 and (invoice_id = any($2::text[]) or (contact_id = any($3::text[]) and sent_at is not null))`,
      [orgId, ids, contacts],
    ],
  ];
  for (const [label, text, params] of queries) {
    const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, params);
    console.log(
      `\n-- ${label}\n${rows
        .map((r) => r['QUERY PLAN'])
        .map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l))
        .join('\n')}`,
    );
  }
}

type Result = { invoices: number; loadMs: number; runs: number[]; timings: StoreTimings };

async function measure(invoices: number): Promise<Result> {
  const db = await freshDatabase(`plan${invoices}`);
  cleanups.push(() => db.drop());
  try {
    const setup = storeOf(db);
    const warm = await setup.createOrganisation(org({ name: 'Warm-up', timeZone: ZONE }));
    const measured = await setup.createOrganisation(org({ name: 'Measured', timeZone: ZONE }));
    const loading = await timed(async () => {
      await load(db, warm.id, DUE * 2, DUE);
      await load(db, measured.id, invoices, DUE);
    });
    // JIT, the pool's connections and the catalogue caches: on another organisation, so the measured one starts cold
    await plan(depsFor(db), warm.id);
    const runs: number[] = [];
    const timings: StoreTimings = new Map();
    for (let i = 0; i < RUNS; i++) {
      await reset(db, measured.id);
      runs.push(await plan(depsFor(db, timings), measured.id));
    }
    if (args.explain) {
      await reset(db, measured.id);
      await explain(db, measured.id);
    }
    return { invoices, loadMs: loading.ms, runs, timings };
  } finally {
    await db.drop();
  }
}

const cleanups: (() => Promise<void>)[] = [];
const cleanup = dropOnExit(cleanups);
try {
  console.log(
    `plan bench: ${DUE} due, ${RUNS} runs each, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );
  if (!args['no-chunk']) console.log(`recordReminders chunked by the bench to ${RECORD_CHUNK} rows a call (see support.ts)`);
  const results: Result[] = [];
  for (const size of SIZES) {
    const r = await measure(size);
    results.push(r);
    console.log(`\n${size.toLocaleString('en')} invoices (loaded in ${ms(r.loadMs)}): store calls per run`);
    const inStore = [...r.timings.values()].reduce((sum, t) => sum + t.ms, 0) / RUNS;
    const mean = r.runs.reduce((a, b) => a + b, 0) / RUNS;
    // what is left is JavaScript: dueSteps, refreshNextActions, mapping rows (profile with --cpu-prof to split it)
    console.log(
      table(['store method', 'calls', 'time'], [...timingRows(r.timings, RUNS), ['(outside the store)', '', ms(mean - inStore)]]),
    );
  }
  console.log(
    `\n${table(
      ['open invoices', 'due', 'runs (ms)', 'median'],
      results.map((r) => [
        r.invoices.toLocaleString('en'),
        DUE.toLocaleString('en'),
        r.runs.map((x) => x.toFixed(0)).join(' / '),
        ms(median(r.runs)),
      ]),
    )}`,
  );
  const [small, large] = results;
  if (small && large) {
    const ratio = median(large.runs) / median(small.runs);
    console.log(
      `\nratio ${large.invoices.toLocaleString('en')} / ${small.invoices.toLocaleString('en')}: ${ratio.toFixed(2)} (goal < 1.5); larger ${ms(median(large.runs))} (goal < 2000 ms)`,
    );
  }
} finally {
  await cleanup();
}
