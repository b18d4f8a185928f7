import { serve } from '@hono/node-server';
import { startWorkers, type JobQueue } from '../../jobs/index.ts';
import { type DigestEnv, maintain, removedAny, RETENTION_DAYS, sendDigests } from '../../services/index.ts';
import type { Store } from '../../core/store.ts';
import { createWebApp } from '../../web/app.ts';
import type { DemoSandbox } from '../../../connectors/shared/definition.ts';
import { ConfigError, loadConfig, ledgerStatuses, type Config, type LedgerStatus } from '../config.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.ts';
import { storedRefreshExpiry } from '../../store/token-vault.ts';
import { webContextOf } from '../web.ts';
import { type Out, parseFlags, UsageError } from './args.ts';
import { ledgerLines, ledgerWithSandbox } from './ledgers.ts';
import { releaseGoneClaims } from './workers.ts';

/** Keeps one repeatable plan and sync per connected organisation, and none for the others. */
export async function ensureSchedules(store: Store, queue: JobQueue, config: Config): Promise<void> {
  for (const org of await store.listOrganisations()) {
    if (org.connectionStatus === 'connected') {
      await queue.repeatEvery({ type: 'plan', orgId: org.id }, config.PLAN_EVERY_MINUTES * 60_000, `plan-${org.id}`);
      await queue.repeatEvery({ type: 'sync', orgId: org.id, reason: 'schedule' }, config.SYNC_EVERY_MINUTES * 60_000, `sync-${org.id}`);
    } else {
      await queue.cancelRepeat(`plan-${org.id}`);
      await queue.cancelRepeat(`sync-${org.id}`);
    }
  }
}

/** Vendors redeliver a webhook for a day or two; a week of receipts covers it with room to spare. */
export const RECEIPT_RETENTION_DAYS = RETENTION_DAYS.receipts;
const MAINTENANCE_EVERY_MS = 60 * 60_000;

/** The worker's housekeeping (services/retention.ts): every table that would otherwise only grow. */
export { maintain };

/** What the owners' daily digest needs from this install: the relay's address, the tokens' expiry, the ledgers' names. */
export function digestEnvOf(runtime: Pick<Runtime, 'config' | 'vault'>, onByDefault = true): DigestEnv {
  const { config } = runtime;
  return {
    onByDefault,
    relay: { address: config.MAIL_RELAY_ADDRESS, domain: config.MAIL_DOMAIN },
    refreshExpiresAt: (org) => storedRefreshExpiry(runtime.vault, org),
    ledgerName: (org) => config.ledgers.find((l) => l.id === org.vendor)?.displayName ?? org.vendor,
  };
}

type Started = { runtime: Runtime; url: string; stop(): Promise<void> };

/** Web and/or worker in this process, with a graceful stop: in-flight jobs finish or go back to the queue. */
export async function startServer(
  config: Config,
  options: {
    web: boolean;
    worker: boolean;
    /**
     * true (`relance serve`, `relance worker`): an owner who never chose gets the daily digest. Absent or false (the demo,
     * test harnesses): only owners who turned it on in their settings.
     */
    digestsOnByDefault?: boolean;
  },
  runtimeOptions: RuntimeOptions = {},
): Promise<Started> {
  const runtime = await createRuntime(config, runtimeOptions);
  let server: ReturnType<typeof serve> | null = null;
  if (options.web) {
    const app = createWebApp(webContextOf(runtime));
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    });
  }
  let timer: NodeJS.Timeout | null = null;
  let housekeeping: NodeJS.Timeout | null = null;
  if (options.worker) {
    await releaseGoneClaims(runtime);
    startWorkers(runtime.queue, runtime.services, { send: 4, writeback: 2 });
    const tick = () =>
      ensureSchedules(runtime.store, runtime.queue, config).catch((e) => runtime.log.error({ err: String(e) }, 'scheduling failed'));
    await tick();
    timer = setInterval(tick, 60_000);
    const tidy = () =>
      maintain(runtime.store, runtime.deps.clock.now())
        .then((done) => {
          if (removedAny(done)) runtime.log.info(done, 'maintenance');
        })
        .catch((e) => runtime.log.error({ err: String(e) }, 'maintenance failed'))
        // the owners' daily digests ride on the same hourly tick: each goes once its local hour has come, once a day
        .then(() => sendDigests(runtime.deps, digestEnvOf(runtime, options.digestsOnByDefault === true)))
        .then((run) => {
          if (run && run.sent.length + run.failed.length > 0) runtime.log.info(run, 'owner digests');
        })
        .catch((e) => runtime.log.error({ err: String(e) }, 'owner digests failed'));
    await tidy();
    housekeeping = setInterval(tidy, MAINTENANCE_EVERY_MS);
  }
  return {
    runtime,
    url: config.publicUrl,
    async stop() {
      if (timer) clearInterval(timer);
      if (housekeeping) clearInterval(housekeeping);
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      await runtime.close();
    },
  };
}

function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const onSignal = () => {
      void stop().then(() => resolve(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

export async function serveCommand(argv: string[], out: Out, mode: 'serve' | 'worker'): Promise<number> {
  parseFlags(argv, {});
  // production: the secret key, at least one ledger's credentials and an https PUBLIC_URL, or one line per missing variable
  const config = loadConfig(process.env, 'production');
  for (const line of ledgerLines(config.ledgers)) out.stdout(`${line}\n`);
  const started = await startServer(config, { web: mode === 'serve', worker: true, digestsOnByDefault: true });
  out.stdout(mode === 'serve' ? `relance is running at ${started.url}\n` : 'relance worker is running\n');
  return untilSignal(started.stop);
}

const SANDBOX_USAGE = 'usage: relance sandbox <ledger> [--port 4010] [--invoices N] [--webhook URL]';

/** `relance sandbox <ledger> --port <n>`: a ledger's emulator as a server, seeded with a small business's books. */
export async function sandboxCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseFlags(argv, { port: { type: 'string' }, invoices: { type: 'string' }, webhook: { type: 'string' } });
  // the registered ledgers, whatever the environment says of them: this command needs no secret key
  const { ledgers, problems } = ledgerStatuses(process.env);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const ledger = ledgerWithSandbox(ledgers, positionals[0], SANDBOX_USAGE);
  const port = Number(values.port ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}" is not a port number`);
  const invoices = values.invoices === undefined ? undefined : Number(values.invoices);
  if (invoices !== undefined && (!Number.isInteger(invoices) || invoices < 1))
    throw new UsageError(`--invoices "${values.invoices}" is not a whole number of invoices`);
  // the emulator loads for this command only: a production install never reads it
  const module = await ledger.definition.sandbox!();
  const s = await module.startSandbox({ port, webhookUrl: values.webhook ?? null, ...(invoices ? { invoices } : {}) });
  const env = Object.entries(s.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  out.stdout(`${ledger.displayName} sandbox at ${s.origin}; point relance at it with: ${env}\n`);
  return untilSignal(s.close);
}

/**
 * `relance demo`: the app and the worker on embedded defaults, behind one URL, with every ledger the environment does
 * not configure standing on its sandbox (its variables pointed at the emulator, as an operator would point them at
 * the vendor). `--days N [--ledger ID]`: one ledger's sandbox lived N days on a simulated clock (fast-forward.ts).
 */
export async function demoCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parseFlags(argv, { days: { type: 'string' }, ledger: { type: 'string' } });
  if (values.days !== undefined) {
    const { fastForward } = await import('./fast-forward.ts');
    return fastForward(Number(values.days), out, values.ledger ? { ledger: values.ledger } : {});
  }
  if (values.ledger !== undefined) throw new UsageError('--ledger goes with --days (the demo serves every ledger)');
  const first = loadConfig(process.env, 'demo');
  const sandboxes: { ledger: LedgerStatus; sandbox: DemoSandbox }[] = [];
  const stopSandboxes = () => Promise.all(sandboxes.map((s) => s.sandbox.close()));
  try {
    for (const ledger of first.ledgers) {
      if (ledger.on || !ledger.definition.sandbox) continue;
      const module = await ledger.definition.sandbox();
      const sandbox = await module.startSandbox({
        // beside the app's port (PORT=0, any free port: theirs too)
        port: first.PORT ? first.PORT + 1 + sandboxes.length : 0,
        webhookUrl: `${first.publicUrl}/webhooks/${ledger.id}`,
      });
      sandboxes.push({ ledger, sandbox });
    }
    const config = loadConfig({ ...process.env, ...Object.assign({}, ...sandboxes.map((s) => s.sandbox.env)) }, 'demo');
    // the owners' digest is off in the demo unless an owner turns it on in the settings
    const started = await startServer(config, { web: true, worker: true, digestsOnByDefault: false });
    const buttons = Object.values(started.runtime.connectors).map((c) => `"Connect to ${c.app.displayName}"`);
    const stand = sandboxes.map((s) => `${s.ledger.displayName} at ${s.sandbox.origin}`);
    out.stdout(
      `relance demo: open ${started.url} and click ${buttons.join(' or ')}${stand.length ? ` (sandboxes stand in for ${stand.join(', ')})` : ''}; emails go to ${config.outboxDir}\n`,
    );
    return untilSignal(async () => {
      await started.stop();
      await stopSandboxes();
    });
  } catch (error) {
    await stopSandboxes();
    throw error;
  }
}
