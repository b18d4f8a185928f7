/**
 * First sync of a 10,000-invoice Xero ledger under Xero's real limits (60 calls a minute, 5 at once, 5,000 a day),
 * through the real connector (xero-node) and the real syncOrganisation over a store, against the sandbox SERVER.
 * The sandbox runs on a manual clock and the connector's waits advance it: rate-limit waits are simulated, not slept.
 *
 *   node bench/sync.ts [--invoices=10000] [--postgres]
 */
import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { createXeroSandbox, type XeroSandbox } from '../connectors/xero/sandbox/index.ts';
import { zonedInstant } from '../src/core/calendar.ts';
import type { CalendarDate } from '../src/core/calendar.ts';
import { syncOrganisation } from '../src/services/index.ts';
import { xeroWorld } from '../test/e2e/xero-world.ts';
import { dropOnExit, freshDatabase, table } from './support.ts';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '10000' }, postgres: { type: 'boolean', default: false } },
});
const invoices = Number(values.invoices);
const PAGE = 1_000;

// the server answers as soon as it listens; the sandbox behind it is built once its origin is known
let sandbox: XeroSandbox | null = null;
const server = serve({
  fetch: (req) => (sandbox ? sandbox.app.fetch(req) : new Response('starting', { status: 503 })),
  port: 0,
  hostname: '127.0.0.1',
});
await new Promise((r) => server.once('listening', r));
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const cleanups: (() => Promise<void>)[] = [() => new Promise<void>((r) => server.close(() => r()))];
const cleanup = dropOnExit(cleanups);

try {
  const pgdb = values.postgres ? await freshDatabase('sync') : null;
  if (pgdb) cleanups.push(() => pgdb.drop());
  const w = await xeroWorld({
    start: zonedInstant('2026-03-04' as CalendarDate, 10, 0, 'Europe/Paris'),
    invoices,
    xeroOrigin: origin,
    ...(pgdb ? { databaseUrl: pgdb.url } : {}),
    // Xero's limits as they are (the sandbox's defaults): nothing lifted
    sandbox: ({ now, state }) => createXeroSandbox({ state, now, accountingBase: `${origin}/api.xro/2.0` }),
  });
  sandbox = w.sandbox;
  cleanups.push(() => w.close());
  const orgs = await w.connect();

  // the fewest calls a first sync can make: one per page of 1000 per entity and tenant, an empty list still one call
  const count = (n: number) => Math.max(1, Math.ceil(n / PAGE));
  let minimum = 0;
  const sizes: string[] = [];
  for (const t of w.state.tenants.values()) {
    const sales = [...t.invoices.values()].filter((i) => i.type === 'ACCREC').length;
    minimum += count(t.contacts.size) + count(sales) + count(t.payments.size) + count(t.creditNotes.size);
    sizes.push(
      `${t.name}: ${sales} sales invoices (of ${t.invoices.size}), ${t.contacts.size} contacts, ${t.payments.size} payments, ${t.creditNotes.size} credit notes`,
    );
  }

  w.control.resetCalls();
  const simStart = w.clock.now().getTime();
  const wallStart = performance.now();
  let stored = 0;
  for (const org of orgs) stored += (await syncOrganisation(w.deps, org.id)).invoices;
  const wallMs = performance.now() - wallStart;
  const simMs = w.clock.now().getTime() - simStart;
  const calls = Object.values(w.control.calls()).reduce((a, b) => a + b, 0);
  const firstCalls = w.control.calls();

  w.control.resetCalls();
  for (const org of orgs) await syncOrganisation(w.deps, org.id);
  const again = w.control.calls();
  const againTotal = Object.values(again).reduce((a, b) => a + b, 0);

  const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  console.log(
    `first sync of ${invoices} seeded invoices (${stored} sales invoices stored) over the sandbox server at ${origin}, store: ${pgdb ? 'PostgreSQL' : 'PGlite'}`,
  );
  for (const s of sizes) console.log(`  ${s}`);
  console.log(
    table(
      ['figure', 'value'],
      [
        ['calls, first sync', calls],
        ['calls, minimum (pages of 1000 per entity and tenant)', minimum],
        [
          'calls by endpoint',
          Object.entries(firstCalls)
            .map(([k, v]) => `${k.replace('/api.xro/2.0', '')} ${v}`)
            .join(', '),
        ],
        ['simulated time', minutes(simMs)],
        ['rate-limit bound (calls / 60 per minute)', minutes((calls / 60) * 60_000)],
        ['connector waits', `${w.waits.length} (${minutes(w.waits.reduce((a, b) => a + b, 0))})`],
        ['wall time', `${(wallMs / 1000).toFixed(1)} s`],
        [
          'calls, second sync with no change',
          `${againTotal} (${Object.entries(again)
            .map(([k, v]) => `${k.replace('/api.xro/2.0', '')} ${v}`)
            .join(', ')})`,
        ],
      ],
    ),
  );
} finally {
  await cleanup();
}
