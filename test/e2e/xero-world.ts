import { xeroConfig, xeroDefinition } from '../../connectors/xero/index.ts';
import {
  approveConsent,
  createXeroSandbox,
  DEFAULT_CLIENT,
  DEFAULT_WEBHOOK_KEY,
  manualClock,
  seedLedger,
  type XeroSandbox,
} from '../../connectors/xero/sandbox/index.ts';
import { localDate } from '../../src/core/calendar.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import { placeFrom } from '../../src/core/place.ts';
import { defaultPolicy } from '../../src/core/policy.ts';
import type { LedgerConnector } from '../../src/core/ports.ts';
import { createStore, openDatabase } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { connectorDepsOn, jobRunner, serviceDepsFor, tokenVaultOver, webContextFor } from '../support/world.ts';

/**
 * relance as deployed, minus the network: the real services over a real store (PGlite, or PostgreSQL when
 * `databaseUrl` is given), the real Xero connector (xero-node, oauth4webapi) talking to the Xero sandbox, the real mail
 * composer, and the web app. One clock drives the sandbox, the connector and the services; waiting moves it.
 * The sandbox is reached through msw (tests) or a server (bench): the caller sets that up and passes `xeroOrigin`.
 */
export type WorldOptions = {
  start: Date;
  invoices: number;
  seed?: number;
  /** Pages of changes the connector asks for (Xero's real page: 1000). */
  pageSize?: number;
  xeroOrigin?: string;
  databaseUrl?: string;
  sandbox?: (opts: { now: () => Date; state: ReturnType<typeof seedLedger> }) => XeroSandbox;
};

export type World = Awaited<ReturnType<typeof xeroWorld>>;

export async function xeroWorld(options: WorldOptions) {
  const clock = manualClock(options.start);
  const today = localDate(clock.now(), 'Europe/Paris');
  const state = seedLedger({ seed: options.seed ?? 11, today, invoices: options.invoices, now: clock.now() });
  const sandbox = options.sandbox ? options.sandbox({ now: clock.now, state }) : createXeroSandbox({ state, now: clock.now });
  const database = await openDatabase(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: 'memory://' });
  const store = createStore(database.db);
  const vault = tokenVaultOver(database, store);
  const waits = clock.waits;
  const connectorDeps = connectorDepsOn(vault, DEFAULT_CLIENT, clock);
  const definition = xeroDefinition(
    xeroConfig({
      ...(options.xeroOrigin ? { origin: options.xeroOrigin } : {}),
      ...(options.pageSize ? { overrides: { limits: { pageSize: options.pageSize } } } : {}),
    }),
  );
  const connector = definition.create(connectorDeps);
  const flow = definition.connect(connectorDeps);
  /** Tests may put a seam around the connector (e.g. act between two pages); the services see whatever is here. */
  const seam: { ledger: LedgerConnector } = { ledger: connector };
  const { deps, mailer, queue } = serviceDepsFor({ name: 'e2e', store, ledger: () => seam.ledger, clock });
  const app = createWebApp(
    webContextFor(deps, vault, {
      connectors: {
        xero: { id: 'xero', displayName: 'Xero', flow, webhook: (raw, headers) => definition.webhook(raw, headers, DEFAULT_WEBHOOK_KEY) },
      },
      cookieSecret: 'e2e-cookie-secret-0123456789abcdef',
    }),
  );

  /** What the owner does once: consent on Xero's screen; relance records one organisation per tenant, one token row. */
  async function connect(): Promise<Organisation[]> {
    const redirectUri = 'https://relance.test/connect/xero/callback';
    const started = await flow.start(redirectUri);
    const callbackUrl = await approveConsent(started.url);
    const done = await flow.complete({ callbackUrl, state: started.state, codeVerifier: started.codeVerifier, redirectUri });
    const orgs: Organisation[] = [];
    let tokenKey: string | null = null;
    for (const tenant of done.tenants) {
      const org = await store.createOrganisation({
        vendor: 'xero',
        externalId: tenant.externalId,
        name: tenant.name,
        // where the sandbox's GET /Organisation says the tenant is, read by the connector at consent
        ...placeFrom(tenant.place ?? null),
        ledgerPlace: tenant.place ?? null,
        sender: { name: tenant.name, email: done.identity?.email ?? 'owner@example.invalid' },
        branding: {},
        policy: { default: { ...defaultPolicy, charges: { ...defaultPolicy.charges, bookTo: '200' } }, rules: [] },
        tokenKey,
      });
      if (!tokenKey) {
        tokenKey = org.id;
        await vault.save(org.id, done.tokens);
      }
      orgs.push(org);
    }
    return orgs;
  }

  const { runJob, drain, cycle } = jobRunner(deps, queue, clock);

  return {
    clock,
    sandbox,
    control: sandbox.control,
    state,
    database,
    store,
    vault,
    connector,
    definition,
    flow,
    seam,
    deps,
    mailer,
    queue,
    app,
    waits,
    connect,
    runJob,
    drain,
    cycle,
    close: () => database.close(),
  };
}
