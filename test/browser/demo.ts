import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoSandbox } from '../../connectors/shared/definition.ts';
import { manualClock } from '../../connectors/shared/sandbox/clock.ts';
import { loadConfig } from '../../src/main/config.ts';
import type { Runtime } from '../../src/main/runtime.ts';
import { startServer } from '../../src/main/cli/server.ts';
import { FIRST_LEDGER } from '../support/ledgers.ts';

/** A port free right now (checked, not guaranteed to stay free): the demo's public URL names it before it listens. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type Demo = {
  /** The app's public URL, as `relance demo` prints it. */
  url: string;
  runtime: Runtime;
  sandbox: DemoSandbox;
  clock: ReturnType<typeof manualClock>;
  /** The .eml files the demo's mailer wrote (its outbox stands in for an SMTP server). */
  outbox(): string[];
  /** Until no job waits or runs. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * What `npm start` (`relance demo`) runs, in this process: the first registered ledger's sandbox seeded around `now`,
 * the app and the worker on embedded defaults (PGlite in a throwaway directory, the in-memory queue, the outbox
 * mailer), with one fixed clock for the services, the connector and the sandbox so that "today" is the test's.
 */
export async function startDemo(now: Date, options: { invoices?: number } = {}): Promise<Demo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relance-browser-'));
  const clock = manualClock(now);
  const port = await freePort();
  const module = await FIRST_LEDGER.sandbox!();
  const sandbox = await module.startSandbox({
    port: 0,
    now: clock.now,
    webhookUrl: `http://localhost:${port}/webhooks/${FIRST_LEDGER.id}`,
    ...(options.invoices ? { invoices: options.invoices } : {}),
  });
  try {
    const config = loadConfig(
      {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        PUBLIC_URL: `http://localhost:${port}`,
        DATABASE_URL: '',
        REDIS_URL: '',
        ...sandbox.env,
      },
      'demo',
      [FIRST_LEDGER],
    );
    const started = await startServer(config, { web: true, worker: true }, { clock, connectorClock: clock });
    const { runtime } = started;
    return {
      url: started.url,
      runtime,
      sandbox,
      clock,
      outbox: () => readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml')),
      async idle(timeoutMs = 20_000) {
        const until = Date.now() + timeoutMs;
        while (Date.now() < until) {
          const counts = Object.values(await runtime.queue.counts());
          if (counts.every((c) => c.waiting === 0 && c.active === 0)) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('the queue did not go idle');
      },
      async stop() {
        await started.stop();
        await sandbox.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
