import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { ConnectorDefinition, ConnectFlow } from '../../connectors/shared/definition.ts';
import type { Organisation } from '../core/organisation.ts';
import type { LedgerApp } from '../core/connection.ts';
import type { Clock, LedgerConnector, Mailer } from '../core/ports.ts';
import type { Store } from '../core/store.ts';
import { createQueue, type JobQueue, type JobServices, queueLimits } from '../jobs/index.ts';
import { createRenderer } from '../mail/render.ts';
import { outboxMailer, ownSmtpMailer, smtpMailer } from '../mail/transports/index.ts';
import { planOrganisation, sendReminders, type ServiceDeps, syncOrganisation, writeBack } from '../services/index.ts';
import { createStore, openDatabase, type SecretBox, secretBox, type StoreDatabase, StoreTokenVault } from '../store/index.ts';
import { mailComposer } from './composer.ts';
import type { Config } from './config.ts';
import { createLogger } from './logger.ts';

export type Runtime = {
  config: Config;
  database: StoreDatabase;
  store: Store;
  vault: StoreTokenVault;
  /** Seals secrets at rest (tokens, SMTP passwords), bound to their organisation. */
  secrets: SecretBox;
  queue: JobQueue;
  deps: ServiceDeps;
  services: JobServices;
  /** Every ledger that is on (its environment complete), by id; a ledger that is off is absent. */
  connectors: Record<string, RunningLedger>;
  log: ReturnType<typeof createLogger>;
  /** Readiness: each dependency answers within a couple of seconds or its check throws (`/health/ready`). */
  readiness: Record<string, () => Promise<void>>;
  close(): Promise<void>;
};

export type RunningLedger = {
  definition: ConnectorDefinition;
  flow: ConnectFlow;
  webhookKey: string;
  ledger: LedgerConnector;
  app: LedgerApp;
};

/** Builds every concrete adapter and wires them: the one place that knows which database, queue, ledger and mailer. */
export type RuntimeOptions = {
  /** The services' clock ("now" for plans and sends): `run --as-of` and the fast-forward demo set it. */
  clock?: Clock;
  /** The connectors' clock (token expiry): real time unless the vendor itself runs on a simulated clock. */
  connectorClock?: Clock;
  connectorSleep?: (ms: number) => Promise<void>;
  mailer?: Mailer;
};

/** A readiness check slower than this counts as down: a load balancer must hear back before its own timeout. */
const READY_TIMEOUT_MS = 2_000;

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = createLogger(config.LOG_LEVEL);
  // embedded PGlite: its directory may not exist yet on a fresh disk (the demo made it when writing its key)
  if (!config.DATABASE_URL) mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: `${config.dataDir}/pglite` });
  const store = createStore(database.db);
  const clock = options.clock ?? { now: () => new Date() };
  const box = secretBox(config.secretKey);
  const vault = new StoreTokenVault(database.db, box, async (orgId, reason) => {
    await store.setConnectionStatus(orgId, 'needs-reconnect', reason);
    log.warn({ orgId, reason }, 'connection needs reconnecting');
  });

  const connectorDeps = {
    vault,
    clock: options.connectorClock ?? { now: () => new Date() },
    ...(options.connectorSleep ? { sleep: options.connectorSleep } : {}),
    tokenKey: (conn: { orgId: string; tokenKey?: string }) => conn.tokenKey ?? conn.orgId,
    logger: { warn: (d: Record<string, unknown>, m: string) => log.warn(d, m) },
  };
  // a ledger that is off (no credentials: a maintenance command on the demo's data) is left out; its calls say so
  // (deps.ledger). The demo turns ledgers on by pointing their variables at their sandboxes (cli/server.ts).
  const connectors: Runtime['connectors'] = {};
  for (const status of config.ledgers) {
    if (!status.on) continue;
    const { definition, settings } = status;
    const withCredentials = { ...connectorDeps, credentials: settings.credentials };
    const flow = definition.connect(withCredentials);
    const webhookKey = settings.webhookKey;
    connectors[definition.id] = {
      definition,
      flow,
      ledger: definition.create(withCredentials),
      webhookKey,
      app: {
        id: definition.id,
        displayName: definition.displayName,
        flow,
        webhook: (raw, headers) => definition.webhook(raw, headers, webhookKey),
      },
    };
  }

  const queue = createQueue(
    { REDIS_URL: config.REDIS_URL },
    {
      prefix: config.REDIS_PREFIX,
      // each organisation's ledger jobs within the call windows its connector declares, for every registered ledger
      limits: queueLimits(config.ledgers.map((l) => l.definition.config.limits)),
      onError: (error: unknown) => log.error({ err: String(error) }, 'queue error'),
    },
  );
  const mailer: Mailer = options.mailer ?? (config.SMTP_URL ? smtpFromUrl(config.SMTP_URL) : outboxMailer(config.outboxDir));
  const mailers = orgMailers(box, mailer, {
    allowPrivateHosts: config.allowPrivateSmtpHosts,
    log: (detail) => log.warn(detail, 'own SMTP server failed'),
  });
  const renderer = createRenderer();
  const deps: ServiceDeps = {
    store,
    ledger: (org: Organisation) => {
      const c = Object.hasOwn(connectors, org.vendor) ? connectors[org.vendor] : undefined;
      if (!c) {
        const off = config.ledgers.find((l) => l.id === org.vendor);
        const why = off && !off.on ? `: ${off.missing.join('; ')}` : ': no such ledger is registered';
        throw new Error(`${off?.displayName ?? org.vendor} is not configured here${why} (see the README's configuration)`);
      }
      return c.ledger;
    },
    clock,
    queue,
    log,
    composer: mailComposer(renderer, { domain: config.MAIL_DOMAIN, via: { kind: 'relay', address: config.MAIL_RELAY_ADDRESS } }),
    mailer: mailers.mailerOf,
    worker: `${hostname()}:${process.pid}`,
    publicUrl: config.publicUrl,
    linkSecret: config.linkSecret,
  };
  const services: JobServices = {
    sync: async (orgId, _reason, ids) => {
      await syncOrganisation(deps, orgId, ids);
    },
    plan: async (orgId) => {
      await planOrganisation(deps, orgId);
    },
    send: async (orgId, ids) => {
      await sendReminders(deps, orgId, ids);
    },
    writeBack: (job) => writeBack(deps, job),
  };
  return {
    config,
    database,
    store,
    vault,
    secrets: box,
    queue,
    deps,
    services,
    connectors,
    log,
    readiness: {
      store: () => withTimeout(sql`select 1`.execute(database.db), READY_TIMEOUT_MS, 'the database'),
      queue: () => queue.ping({ timeoutMs: READY_TIMEOUT_MS }),
    },
    async close() {
      await queue.close({ graceMs: 5_000 });
      mailers.close();
      await database.close();
    },
  };
}

async function withTimeout(work: Promise<unknown>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export type OrgMailersOptions = {
  /** Owners' servers may be on this machine or a private network: the demo only (config.allowPrivateSmtpHosts). */
  allowPrivateHosts?: boolean;
  /** Where the detail of an own server's failure goes; the owner is told one sentence (OWN_SMTP_FAILED). */
  log: (detail: object) => void;
};

/**
 * The mailer of each organisation: its own SMTP server when it set one, the platform's otherwise. Own transports are
 * pooled and cached per (organisation, settings): a settings change builds a new one and closes the old.
 */
export function orgMailers(
  box: Pick<SecretBox, 'open'>,
  platform: Mailer,
  options: OrgMailersOptions,
): { mailerOf(org: Organisation): Mailer; close(): void } {
  const own = new Map<string, { stamp: string; mailer: ReturnType<typeof ownSmtpMailer> }>();
  return {
    mailerOf(org) {
      const smtp = org.smtp;
      // the whole setting is the stamp: two saves in one millisecond still differ (a new password seals differently)
      const stamp = smtp ? JSON.stringify(smtp) : null;
      const cached = own.get(org.id);
      if (cached && cached.stamp === stamp) return cached.mailer;
      if (cached) {
        own.delete(org.id);
        // a send may still be using the old pool: let it finish
        setTimeout(() => cached.mailer.close(), 60_000).unref();
      }
      if (!smtp) return platform;
      const mailer = ownSmtpMailer({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: { user: smtp.user, pass: box.open(smtp.passwordSealed, org.id) },
        allowPrivateHosts: options.allowPrivateHosts === true,
        log: (detail) => options.log({ orgId: org.id, ...detail }),
      });
      own.set(org.id, { stamp: stamp!, mailer });
      return mailer;
    },
    close() {
      for (const { mailer } of own.values()) mailer.close();
      own.clear();
      if ('close' in platform && typeof platform.close === 'function') platform.close();
    },
  };
}

function smtpFromUrl(url: string) {
  const u = new URL(url);
  return smtpMailer({
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
    secure: u.protocol === 'smtps:',
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  });
}
