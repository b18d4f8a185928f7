import { randomBytes } from 'node:crypto';
import type { ConnectorDeps } from '../../connectors/shared/definition.ts';
import { manualClock } from '../../connectors/shared/sandbox/clock.ts';
import { type CalendarDate, localDate } from '../../src/core/calendar.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import type { Job } from '../../src/jobs/payloads.ts';
import { RetryLater } from '../../src/jobs/queue.ts';
import { mailComposer } from '../../src/main/composer.ts';
import { createRenderer } from '../../src/mail/render.ts';
import { planOrganisation, sendReminders, type ServiceDeps, syncOrganisation, writeBack } from '../../src/services/index.ts';
import { createStore, type openDatabase, secretBox, StoreTokenVault } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { CapturingMailer, RecordingQueue } from '../support/engine.ts';
import type { ConformanceLedger } from './adapter.ts';

export type Database = Awaited<ReturnType<typeof openDatabase>>;

/**
 * relance as deployed over one ledger's sandbox, minus the network: the real services over the real store, the real
 * connector talking to the sandbox (msw, set up by the caller with `sandbox.handlers`), the real mail composer and the
 * web app. One clock drives the sandbox, the connector and the services: a wait (Retry-After, backoff) moves it.
 * Several worlds may share one database (PGlite takes seconds to open): their organisations are apart by vendor.
 */
export async function conformanceWorld(ledger: ConformanceLedger, options: { database: Database; start: Date; invoices: number }) {
  const clock = manualClock(options.start);
  const sandbox = ledger.create({
    clock,
    today: localDate(clock.now(), 'UTC') as CalendarDate,
    seed: 11,
    invoices: options.invoices,
    pageSize: 10,
  });
  const primary = sandbox.tenants[0]!;
  const store = createStore(options.database.db);
  const vault = new StoreTokenVault(options.database.db, secretBox(randomBytes(32).toString('base64')), async (orgId, reason) => {
    await store.setConnectionStatus(orgId, 'needs-reconnect', reason);
  });
  const connectorDeps: ConnectorDeps = {
    vault,
    credentials: sandbox.credentials,
    clock: { now: clock.now },
    sleep: clock.sleep,
    tokenKey: (conn: { orgId: string; tokenKey?: string }) => conn.tokenKey ?? conn.orgId,
  };
  const connector = sandbox.definition.create(connectorDeps);
  const flow = sandbox.definition.connect(connectorDeps);
  const mailer = new CapturingMailer();
  const queue = new RecordingQueue();
  const deps: ServiceDeps = {
    store,
    ledger: () => connector,
    clock: { now: clock.now },
    queue,
    log: { info() {}, warn() {}, error() {} },
    composer: mailComposer(createRenderer(), { domain: 'relance.test', via: { kind: 'relay', address: 'reminders@relance.test' } }),
    mailer: () => mailer,
    worker: 'conformance-worker',
    publicUrl: 'https://relance.test',
    linkSecret: 'conformance-link-secret',
  };
  const app = createWebApp({
    deps,
    connectors: { [ledger.id]: { id: ledger.id, displayName: ledger.displayName, flow, webhook: sandbox.webhook } },
    saveTokens: (id, t) => vault.save(id, t),
    publicUrl: 'https://relance.test',
    cookieSecret: 'conformance-cookie-secret-0123456789',
    secureCookies: false,
    // every scenario's connect comes from the same test "browser"
    connectStartsPerMinute: 1000,
  });

  /** A browser's cookie jar, as far as relance's one session cookie goes. */
  let cookie = '';
  const keepCookie = (res: Response) => {
    const set = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    if (set) cookie = set;
    return res;
  };
  const browse = async (path: string, init: RequestInit = {}) =>
    keepCookie(await app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }));

  /**
   * What the owner does: /connect/:vendor, approve on the vendor's consent screen (picking `tenant` where it asks for
   * one), back to the callback. Returns the organisations relance has for the seeded companies so far.
   */
  async function connect(tenant?: string): Promise<Organisation[]> {
    const start = await browse(`/connect/${ledger.id}`);
    if (start.status !== 302) throw new Error(`/connect/${ledger.id} answered ${start.status}: ${await start.text()}`);
    const callback = new URL(await sandbox.approveConsent(start.headers.get('location')!, tenant));
    const done = await browse(`${callback.pathname}${callback.search}`);
    if (done.status !== 302) throw new Error(`the callback answered ${done.status}: ${await done.text()}`);
    const orgs: Organisation[] = [];
    for (const t of sandbox.tenants) {
      const org = await store.findOrganisation(ledger.id, t.externalId);
      if (org) orgs.push(org);
    }
    return orgs;
  }

  /** The owner presses "Disconnect" on the organisation's page (its form, its CSRF token). */
  async function disconnect(org: Organisation): Promise<Response> {
    const page = await (await browse(`/orgs/${org.id}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!csrf) throw new Error(`no CSRF token on /orgs/${org.id}`);
    return browse(`/orgs/${org.id}/disconnect`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
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

  /** Works the queue until nothing is left: sends first, then write-backs, then the syncs and plans they caused. */
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
    ledger,
    clock,
    sandbox,
    primary,
    store,
    vault,
    connector,
    deps,
    mailer,
    queue,
    app,
    connect,
    disconnect,
    runJob,
    drain,
    cycle,
  };
}

export type World = Awaited<ReturnType<typeof conformanceWorld>>;
