import { manualClock } from '../../connectors/shared/sandbox/clock.ts';
import { type CalendarDate, localDate } from '../../src/core/calendar.ts';
import { inPreview, type Organisation } from '../../src/core/organisation.ts';
import { createStore, type openDatabase } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { connectorDepsOn, jobRunner, serviceDepsFor, tokenVaultOver, webContextFor } from '../support/world.ts';
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
  const vault = tokenVaultOver(options.database, store);
  const connectorDeps = connectorDepsOn(vault, sandbox.credentials, clock);
  const connector = sandbox.definition.create(connectorDeps);
  const flow = sandbox.definition.connect(connectorDeps);
  const { deps, mailer, queue } = serviceDepsFor({ name: 'conformance', store, ledger: () => connector, clock });
  const app = createWebApp(
    webContextFor(deps, vault, {
      connectors: { [ledger.id]: { id: ledger.id, displayName: ledger.displayName, flow, webhook: sandbox.webhook } },
      cookieSecret: 'conformance-cookie-secret-0123456789',
      // every scenario's connect comes from the same test "browser"
      connectStartsPerMinute: 1000,
    }),
  );

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
      if (!org) continue;
      // a new connection starts in preview: the owner of these scenarios turns sending on right away
      if (inPreview(org)) await store.setSendingOnSince(org.id, clock.now().toISOString());
      orgs.push((await store.getOrganisation(org.id)) ?? org);
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

  const { runJob, drain, cycle } = jobRunner(deps, queue, clock);

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
