import { randomBytes } from 'node:crypto';
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
import type { ConnectorDeps } from '../../connectors/shared/definition.ts';
import { localDate } from '../../src/core/calendar.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import { placeFrom } from '../../src/core/place.ts';
import { defaultPolicy } from '../../src/core/policy.ts';
import type { LedgerConnector } from '../../src/core/ports.ts';
import type { Job } from '../../src/jobs/payloads.ts';
import { RetryLater } from '../../src/jobs/queue.ts';
import { mailComposer } from '../../src/main/composer.ts';
import { createRenderer } from '../../src/mail/render.ts';
import { planOrganisation, sendReminders, type ServiceDeps, syncOrganisation, writeBack } from '../../src/services/index.ts';
import { createStore, openDatabase, secretBox, StoreTokenVault } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { CapturingMailer, RecordingQueue } from '../support/engine.ts';

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
  const vault = new StoreTokenVault(database.db, secretBox(randomBytes(32).toString('base64')), async (orgId, reason) => {
    await store.setConnectionStatus(orgId, 'needs-reconnect', reason);
  });
  const waits = clock.waits;
  const connectorDeps: ConnectorDeps = {
    vault,
    credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
    clock: { now: clock.now },
    // a wait (Retry-After, backoff, the per-minute window) moves the one clock: simulated, not slept
    sleep: clock.sleep,
    tokenKey: (conn: { orgId: string; tokenKey?: string }) => conn.tokenKey ?? conn.orgId,
  };
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
  const mailer = new CapturingMailer();
  const queue = new RecordingQueue();
  const quiet = { info() {}, warn() {}, error() {} };
  const deps: ServiceDeps = {
    store,
    ledger: () => seam.ledger,
    clock: { now: clock.now },
    queue,
    log: quiet,
    composer: mailComposer(createRenderer(), { domain: 'relance.test', via: { kind: 'relay', address: 'reminders@relance.test' } }),
    mailer: () => mailer,
    worker: 'e2e-worker',
    publicUrl: 'https://relance.test',
    linkSecret: 'e2e-link-secret',
  };
  const app = createWebApp({
    deps,
    connectors: {
      xero: { id: 'xero', displayName: 'Xero', flow, webhook: (raw, headers) => definition.webhook(raw, headers, DEFAULT_WEBHOOK_KEY) },
    },
    saveTokens: (id, t) => vault.save(id, t),
    publicUrl: 'https://relance.test',
    cookieSecret: 'e2e-cookie-secret-0123456789abcdef',
    secureCookies: false,
  });

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

  /**
   * Runs a job as a worker would, at least once: an error puts it back (after the delay a RetryLater asks for, on the
   * simulated clock) until it succeeds. Returns the tries it took.
   */
  async function runJob(job: Job, maxTries = 30): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (job.type === 'sync') await syncOrganisation(deps, job.orgId, job.invoiceExternalIds);
        if (job.type === 'plan') await planOrganisation(deps, job.orgId);
        if (job.type === 'send') await sendReminders(deps, job.orgId, job.reminderIds);
        if (job.type === 'writeback') await writeBack(deps, job);
        return attempt;
      } catch (error) {
        if (attempt >= maxTries) throw error;
        clock.advance(error instanceof RetryLater ? Math.min(error.ms, 60_000) : 2_000);
      }
    }
  }

  /** Works the queue until nothing is left: sends first, then write-backs, then plans and syncs they caused. */
  async function drain(types: Job['type'][] = ['send', 'writeback', 'sync', 'plan']): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = types.flatMap((t) => queue.take(t));
      if (jobs.length === 0) return ran;
      for (const job of jobs) {
        await runJob(job);
        ran++;
      }
    }
  }

  /** A working day: sync, plan, send, write back, for each organisation. */
  async function cycle(orgs: Organisation[]): Promise<void> {
    for (const org of orgs) {
      await runJob({ type: 'sync', orgId: org.id, reason: 'schedule' });
      await runJob({ type: 'plan', orgId: org.id });
    }
    await drain();
  }

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
