import { randomBytes } from 'node:crypto';
import type { ClientCredentials, ConnectorDeps } from '../../connectors/shared/definition.ts';
import type { Store } from '../../src/core/store.ts';
import type { Job } from '../../src/jobs/payloads.ts';
import { RetryLater } from '../../src/jobs/queue.ts';
import { mailComposer } from '../../src/main/composer.ts';
import { createRenderer } from '../../src/mail/render.ts';
import { planOrganisation, sendReminders, type ServiceDeps, syncOrganisation, writeBack } from '../../src/services/index.ts';
import { secretBox, type StoreDatabase, StoreTokenVault } from '../../src/store/index.ts';
import type { WebContext } from '../../src/web/context.ts';
import { CapturingMailer, RecordingQueue } from './engine.ts';

/**
 * The wiring the worlds (test/conformance, test/e2e) and the sync benches share: relance as deployed over a real store
 * and a real connector, minus the network, with one simulated clock. src/main/web.ts `webContextOf` does the same for
 * a Runtime; these worlds build no Runtime (no config, no Redis), so they compose the parts here.
 */

/** The clock a world moves: the sandbox's `now`, the connector's `sleep`, and the worker's waits between tries. */
export type WorldClock = { now(): Date; sleep(ms: number): Promise<void>; advance(ms: number): void };

/** Tokens sealed with a throw-away key; a refresh the vendor refuses marks the organisation 'needs-reconnect'. */
export function tokenVaultOver(database: StoreDatabase, store: Store): StoreTokenVault {
  return new StoreTokenVault(database.db, secretBox(randomBytes(32).toString('base64')), async (orgId, reason) => {
    await store.setConnectionStatus(orgId, 'needs-reconnect', reason);
  });
}

/** A connector's deps on the one clock: a wait (Retry-After, backoff, a rate window) moves it, nothing is slept. */
export function connectorDepsOn(
  vault: StoreTokenVault,
  credentials: ClientCredentials,
  clock: Pick<WorldClock, 'now' | 'sleep'>,
): ConnectorDeps {
  return {
    vault,
    credentials: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
    clock: { now: clock.now },
    sleep: clock.sleep,
    tokenKey: (conn: { orgId: string; tokenKey?: string }) => conn.tokenKey ?? conn.orgId,
  };
}

/**
 * The services over `store` with the real mail composer (relayed from relance.test), mail captured and jobs recorded.
 * `name` tells the worker and the link secret apart ('e2e' gives 'e2e-worker', 'e2e-link-secret').
 */
export function serviceDepsFor(options: { name: string; store: Store; ledger: ServiceDeps['ledger']; clock: Pick<WorldClock, 'now'> }) {
  const mailer = new CapturingMailer();
  const queue = new RecordingQueue();
  const deps: ServiceDeps = {
    store: options.store,
    ledger: options.ledger,
    clock: { now: options.clock.now },
    queue,
    log: { info() {}, warn() {}, error() {} },
    composer: mailComposer(createRenderer(), { domain: 'relance.test', via: { kind: 'relay', address: 'reminders@relance.test' } }),
    mailer: () => mailer,
    worker: `${options.name}-worker`,
    publicUrl: 'https://relance.test',
    linkSecret: `${options.name}-link-secret`,
  };
  return { deps, mailer, queue };
}

/** What the web app of a world is given: the services, the connectors, tokens saved in the vault, plain-HTTP cookies. */
export function webContextFor(
  deps: ServiceDeps,
  vault: StoreTokenVault,
  options: Pick<WebContext, 'connectors' | 'cookieSecret'> & Partial<WebContext>,
): WebContext {
  return {
    deps,
    saveTokens: (id, t) => vault.save(id, t),
    publicUrl: 'https://relance.test',
    secureCookies: false,
    ...options,
  };
}

/** A worker over a world's recorded queue, on the world's clock. */
export function jobRunner(deps: ServiceDeps, queue: RecordingQueue, clock: Pick<WorldClock, 'advance'>) {
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
  async function cycle(orgs: { id: string }[]): Promise<void> {
    for (const org of orgs) {
      await runJob({ type: 'sync', orgId: org.id, reason: 'schedule' });
      await runJob({ type: 'plan', orgId: org.id });
    }
    await drain();
  }

  return { runJob, drain, cycle };
}
