/**
 * First sync of QuickBooks companies seeded with 10,000 invoices in all (5,000 a company), under QuickBooks' real
 * limits (500 calls a minute and 10 at once, per company), through the real connector and the real syncOrganisation
 * over a store, against the QuickBooks sandbox served as an HTTP server. The sandbox runs on a manual clock and the
 * connector's waits advance it: rate-limit waits are simulated, not slept.
 *
 *   node bench/sync-quickbooks.ts [--invoices=10000] [--postgres]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Hono } from 'hono';
import { quickbooksConfig } from '../connectors/quickbooks/config.ts';
import { quickbooksDefinition } from '../connectors/quickbooks/definition.ts';
import type { SandboxEnv } from '../connectors/quickbooks/sandbox/context.ts';
import {
  approveConsent,
  createQuickBooksSandbox,
  DEFAULT_CLIENT,
  manualClock,
  seedQuickBooks,
} from '../connectors/quickbooks/sandbox/index.ts';
import { serveQuickBooksSandbox } from '../connectors/quickbooks/sandbox/serve.ts';
import { type CalendarDate, localDate, zonedInstant } from '../src/core/calendar.ts';
import { adoptConsent } from '../src/services/connect.ts';
import { syncOrganisation } from '../src/services/index.ts';
import { createStore, openDatabase } from '../src/store/index.ts';
import { connectorDepsOn, serviceDepsFor, tokenVaultOver } from '../test/support/world.ts';
import { dropOnExit, freshDatabase } from './support.ts';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '10000' }, postgres: { type: 'boolean', default: false } },
});
const invoices = Number(values.invoices);
/** QuickBooks' MAXRESULTS cap, and the page the connector asks for. */
const PAGE = 1_000;
const MINUTE = 60_000;
const PER_MINUTE = 500;

const clock = manualClock(zonedInstant('2026-03-04' as CalendarDate, 10, 0, 'America/Los_Angeles'));
// the seed puts the same number of invoices in each of its two companies
const perCompany = Math.ceil(invoices / 2);
const state = seedQuickBooks({
  seed: 1,
  today: localDate(clock.now(), 'America/Los_Angeles'),
  now: clock.now(),
  invoicesPerCompany: perCompany,
});
// QuickBooks' limits as they are (the sandbox's defaults): nothing lifted
const sandbox = createQuickBooksSandbox({ state, now: clock.now });

/**
 * Calls as the bench counts them: a query is named by the entity it selects (`query Invoice`), CDC by `cdc`, anything
 * else by its path without the company id. Counted before the sandbox answers, so refused calls (429) count too.
 */
const calls = new Map<string, Map<string, number>>();
const counting = new Hono<SandboxEnv>();
counting.all('*', (c) => {
  const url = new URL(c.req.url);
  const m = /^\/v3\/company\/(\d+)\/([^/?]+)/i.exec(url.pathname);
  if (m) {
    const [, realm, resource] = m as unknown as [string, string, string];
    const entity = /from\s+(\w+)/i.exec(url.searchParams.get('query') ?? '')?.[1];
    const key = resource.toLowerCase() === 'query' && entity ? `query ${entity}` : resource.toLowerCase();
    const mine = calls.get(realm) ?? new Map<string, number>();
    calls.set(realm, mine);
    mine.set(key, (mine.get(key) ?? 0) + 1);
  }
  return sandbox.app.fetch(c.req.raw);
});
const served = await serveQuickBooksSandbox({ port: 0, sandbox: { ...sandbox, app: counting } });
const cleanups: (() => Promise<void>)[] = [() => served.close()];
const cleanup = dropOnExit(cleanups);

try {
  const pgdb = values.postgres ? await freshDatabase('syncqb') : null;
  if (pgdb) cleanups.push(() => pgdb.drop());
  const database = pgdb ? pgdb.database : await openDatabase({ dataDir: 'memory://' });
  if (!pgdb) cleanups.push(() => database.close());
  const store = createStore(database.db);
  const vault = tokenVaultOver(database, store);
  const connectorDeps = connectorDepsOn(vault, DEFAULT_CLIENT, clock);
  const definition = quickbooksDefinition(quickbooksConfig({ origin: served.origin }));
  const connector = definition.create(connectorDeps);
  const flow = definition.connect(connectorDeps);
  const { deps } = serviceDepsFor({ name: 'bench', store, ledger: () => connector, clock });

  // QuickBooks connects one company per consent: the owner consents once per seeded company
  const redirectUri = 'https://relance.test/connect/quickbooks/callback';
  const orgs = [];
  for (const realmId of state.realms.keys()) {
    const started = await flow.start(redirectUri);
    const callbackUrl = await approveConsent(started.url, fetch, realmId);
    const done = await flow.complete({ callbackUrl, state: started.state, codeVerifier: started.codeVerifier, redirectUri });
    orgs.push(
      ...(await adoptConsent(
        deps,
        { vendor: 'quickbooks', tenants: done.tenants, tokens: done.tokens, identityEmail: done.identity?.email ?? null },
        { saveTokens: (id, t) => vault.save(id, t), consentId: `bench-${realmId}` },
      )),
    );
  }

  // The fewest calls a first sync can make: one query per 1000 records of each entity and company, an empty entity
  // still one call (the brief's minimum). A pager that stops at a page shorter than 1000 also needs one more, empty,
  // page when an entity holds an exact multiple of 1000 records: floor(n / 1000) + 1, the floor any pager meets
  // without counting first (a count is a call too). The place reads (companyinfo, preferences) are counted apart.
  const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));
  const ENTITIES = ['Customer', 'Invoice', 'Payment', 'CreditMemo'] as const;
  const sizes = new Map<string, Record<(typeof ENTITIES)[number], number>>();
  for (const realm of state.realms.values())
    sizes.set(realm.id, {
      Customer: realm.entities.Customer.size,
      Invoice: realm.entities.Invoice.size,
      Payment: realm.entities.Payment.size,
      CreditMemo: realm.entities.CreditMemo.size,
    });
  const minimumOf = (realmId: string) => ENTITIES.reduce((s, e) => s + pages(sizes.get(realmId)![e]), 0);
  const pagerFloorOf = (realmId: string) => ENTITIES.reduce((s, e) => s + Math.floor(sizes.get(realmId)![e] / PAGE) + 1, 0);

  calls.clear();
  clock.waits.length = 0;
  const simStart = clock.now().getTime();
  const wallStart = performance.now();
  let stored = 0;
  for (const org of orgs) stored += (await syncOrganisation(deps, org.id)).invoices;
  const wallMs = performance.now() - wallStart;
  const simMs = clock.now().getTime() - simStart;
  const first = new Map([...calls].map(([realm, byKey]) => [realm, new Map(byKey)]));
  const firstWaits = [...clock.waits];

  calls.clear();
  const againStart = performance.now();
  for (const org of orgs) await syncOrganisation(deps, org.id);
  const againMs = performance.now() - againStart;
  const again = new Map(calls);

  const total = (m: Map<string, number> | undefined) => [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);
  const queries = (m: Map<string, number> | undefined) =>
    [...(m?.entries() ?? [])].filter(([k]) => k.startsWith('query ')).reduce((a, [, v]) => a + v, 0);
  const listed = (m: Map<string, number> | undefined) =>
    [...(m?.entries() ?? [])]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const minutes = (ms: number) => `${(ms / MINUTE).toFixed(2)} min`;

  console.log(
    `first sync of ${invoices} invoices (${perCompany} a company) over the QuickBooks sandbox server at ${served.origin}, ` +
      `store: ${pgdb ? 'PostgreSQL' : 'PGlite'}; node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${new Date().toISOString()}`,
  );
  console.log(`${stored} invoices stored by the first sync\n`);
  const rows: [string, string | number][] = [];
  let allCalls = 0;
  let allQueries = 0;
  let allMinimum = 0;
  let allFloor = 0;
  for (const realm of state.realms.values()) {
    const s = sizes.get(realm.id)!;
    const mine = first.get(realm.id);
    allCalls += total(mine);
    allQueries += queries(mine);
    allMinimum += minimumOf(realm.id);
    allFloor += pagerFloorOf(realm.id);
    rows.push(
      [`${realm.name} (${realm.id})`, ''],
      ['  seeded', `${s.Customer} customers, ${s.Invoice} invoices, ${s.Payment} payments, ${s.CreditMemo} credit memos`],
      ['  calls, first sync', `${total(mine)} (${listed(mine)})`],
      [
        '  query calls / minimum (1 per 1000 records of each entity) / pager floor',
        `${queries(mine)} / ${minimumOf(realm.id)} / ${pagerFloorOf(realm.id)}`,
      ],
      ['  rate-limit bound (calls / 500 a minute)', minutes((total(mine) / PER_MINUTE) * MINUTE)],
      ['  calls, second sync with no change', `${total(again.get(realm.id))} (${listed(again.get(realm.id))})`],
    );
  }
  rows.push(
    ['both companies', ''],
    ['  calls, first sync', allCalls],
    ['  query calls / minimum / pager floor', `${allQueries} / ${allMinimum} / ${allFloor}`],
    ['  rate-limit bound, one after the other (calls / 500 a minute)', minutes((allCalls / PER_MINUTE) * MINUTE)],
    ['  simulated time', minutes(simMs)],
    ['  connector waits', `${firstWaits.length} (${minutes(firstWaits.reduce((a, b) => a + b, 0))})`],
    ['  wall time, first sync', `${(wallMs / 1000).toFixed(1)} s`],
    ['  wall time, second sync', `${(againMs / 1000).toFixed(1)} s`],
  );
  const width = Math.max(...rows.map(([label]) => String(label).length));
  for (const [label, value] of rows) console.log(`${String(label).padEnd(width)}  ${value}`);
} finally {
  await cleanup();
}
