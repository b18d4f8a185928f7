import { serve } from '@hono/node-server';
import { localDate } from '../../core/calendar.ts';
import { startWorkers, type JobQueue } from '../../jobs/index.ts';
import type { Store } from '../../core/store.ts';
import { createWebApp } from '../../web/app.ts';
import { loadConfig, type Config } from '../config.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.ts';
import { webContextOf } from '../web.ts';
import { type Out, parseFlags, UsageError } from './args.ts';
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

/** Vendors redeliver a webhook for a day or two (Xero: 24 h); a week of receipts covers it with room to spare. */
export const RECEIPT_RETENTION_DAYS = 7;
const MAINTENANCE_EVERY_MS = 60 * 60_000;

/** The worker's housekeeping: tables that would otherwise only grow. Returns what it removed, for the log. */
export async function maintain(store: Pick<Store, 'purgeReceipts'>, now: Date): Promise<{ receiptsPurged: number }> {
  const before = new Date(now.getTime() - RECEIPT_RETENTION_DAYS * 86_400_000).toISOString();
  return { receiptsPurged: await store.purgeReceipts(before) };
}

type Started = { runtime: Runtime; url: string; stop(): Promise<void> };

/** Web and/or worker in this process, with a graceful stop: in-flight jobs finish or go back to the queue. */
export async function startServer(
  config: Config,
  options: { web: boolean; worker: boolean } & Pick<RuntimeOptions, 'xeroOrigin' | 'sandbox'>,
): Promise<Started> {
  const runtime = await createRuntime(config, {
    ...(options.xeroOrigin ? { xeroOrigin: options.xeroOrigin } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
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
          if (done.receiptsPurged) runtime.log.info(done, 'maintenance');
        })
        .catch((e) => runtime.log.error({ err: String(e) }, 'maintenance failed'));
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
  // production: the secret key, a ledger's credentials and an https PUBLIC_URL, or one line per missing variable
  const config = loadConfig(process.env, 'production');
  const started = await startServer(config, { web: mode === 'serve', worker: true });
  out.stdout(mode === 'serve' ? `relance is running at ${started.url}\n` : 'relance worker is running\n');
  return untilSignal(started.stop);
}

/** `relance sandbox xero --port <n>`: the Xero emulator as a server, seeded with a small business's ledger. */
export async function sandboxCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseFlags(argv, { port: { type: 'string' }, invoices: { type: 'string' }, webhook: { type: 'string' } });
  if (positionals[0] !== 'xero') throw new UsageError('usage: relance sandbox xero [--port 4010] [--invoices 300] [--webhook URL]');
  const port = Number(values.port ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}" is not a port number`);
  const now = new Date();
  // the emulator loads for this command only: a production install never reads it
  const { serveXeroSandbox, seedLedger, DEFAULT_WEBHOOK_KEY } = await import('../../../connectors/xero/sandbox/index.ts');
  const s = await serveXeroSandbox({
    port,
    state: seedLedger({ seed: 1, today: localDate(now, 'Europe/Paris'), invoices: Number(values.invoices ?? 300), now }),
    webhook: { url: values.webhook ?? null, key: DEFAULT_WEBHOOK_KEY },
  });
  out.stdout(`Xero sandbox at ${s.origin} (client id and secret: see connectors/xero/sandbox; webhook key "${DEFAULT_WEBHOOK_KEY}")\n`);
  return untilSignal(s.close);
}

/** `relance demo`: the sandbox, the app and the worker on embedded defaults, behind one URL. */
export async function demoCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parseFlags(argv, { days: { type: 'string' } });
  if (values.days !== undefined) {
    const { fastForward } = await import('./fast-forward.ts');
    return fastForward(Number(values.days), out);
  }
  const config = loadConfig(process.env, 'demo');
  const now = new Date();
  const { serveXeroSandbox, seedLedger, DEFAULT_CLIENT, DEFAULT_WEBHOOK_KEY } = await import('../../../connectors/xero/sandbox/index.ts');
  const sandbox =
    config.sandbox && !config.XERO_ORIGIN
      ? await serveXeroSandbox({
          port: config.PORT + 1,
          state: seedLedger({ seed: 1, today: localDate(now, 'Europe/Paris'), invoices: 300, now }),
          webhook: { url: `${config.publicUrl}/webhooks/xero`, key: DEFAULT_WEBHOOK_KEY },
        })
      : null;
  const started = await startServer(config, {
    web: true,
    worker: true,
    ...(sandbox ? { xeroOrigin: sandbox.origin } : {}),
    sandbox: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, webhookKey: DEFAULT_WEBHOOK_KEY },
  });
  out.stdout(
    `relance demo: open ${started.url} and click "Connect to Xero" (the sandbox stands in for Xero; emails go to ${config.outboxDir})\n`,
  );
  return untilSignal(async () => {
    await started.stop();
    await sandbox?.close();
  });
}
