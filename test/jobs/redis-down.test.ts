import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHmacSha256 } from '../../connectors/shared/signature.ts';
import { QueueUnavailable } from '../../src/jobs/queue.ts';
import { loadConfig } from '../../src/main/config.ts';
import { createRuntime, type Runtime } from '../../src/main/runtime.ts';
import { webContextOf } from '../../src/main/web.ts';
import { createWebApp } from '../../src/web/app.ts';
import { Redis } from 'ioredis';
import { org } from '../fixtures/ledger.ts';
import { dropKeys, REDIS_URL, requireRedis, uniquePrefix } from './redis.ts';

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const WEBHOOK_KEY = 'redis-down-webhook-key';

describe('with Redis unreachable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relance-redis-down-'));
  let runtime: Runtime;
  let app: ReturnType<typeof createWebApp>;
  let tenant = '';

  beforeAll(async () => {
    const config = loadConfig(
      {
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0`,
        REDIS_PREFIX: 'relance-redis-down',
        RELANCE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
        PUBLIC_URL: 'http://127.0.0.1:3000',
        XERO_CLIENT_ID: 'client',
        XERO_CLIENT_SECRET: 'secret',
        XERO_WEBHOOK_KEY: WEBHOOK_KEY,
      },
      'production',
    );
    runtime = await createRuntime(config);
    const created = await runtime.store.createOrganisation(org({ vendor: 'xero', name: 'Atelier Dupont SARL' }));
    tenant = created.externalId;
    app = createWebApp(webContextOf(runtime));
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('gives up queueing within about 2 s with QueueUnavailable, instead of hanging', async () => {
    const started = performance.now();
    await expect(runtime.queue.enqueue({ type: 'plan', orgId: 'org-1' })).rejects.toBeInstanceOf(QueueUnavailable);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('answers a webhook 503 within ~3 s, so the vendor redelivers it later', async () => {
    const raw = JSON.stringify({
      events: [
        {
          resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/inv-1',
          resourceId: 'inv-1',
          eventDateUtc: '2026-03-04T08:59:00.000',
          eventType: 'UPDATE',
          eventCategory: 'INVOICE',
          tenantId: tenant,
          tenantType: 'ORGANISATION',
        },
      ],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'x',
    });
    const started = performance.now();
    const res = await app.request('/webhooks/xero', {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-xero-signature': signHmacSha256(raw, WEBHOOK_KEY) },
    });
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(3_000);
    // nothing was recorded as received: the redelivery will be processed
    expect(await runtime.store.purgeReceipts('9999-12-31T00:00:00.000Z')).toBe(0);
  });

  it('keeps /health cheap (200) while /health/ready says 503: the queue is down, the store is up', async () => {
    expect((await app.request('/health')).status).toBe(200);
    const started = performance.now();
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { store: 'up', queue: 'down' } });
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('/health/ready with everything up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relance-ready-'));
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await createRuntime(
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', RELANCE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') }),
    );
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 200, and 503 once the store is closed', async () => {
    const app = createWebApp(webContextOf(runtime));
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { store: 'up', queue: 'up' } });
    const broken = createWebApp(
      webContextOf(runtime, {
        readiness: {
          ...runtime.readiness,
          store: async () => {
            throw new Error('connection terminated');
          },
        },
      }),
    );
    expect((await broken.request('/health/ready')).status).toBe(503);
  });
});

if (await requireRedis('REDIS_PREFIX')) {
  describe('REDIS_PREFIX', () => {
    it('namespaces every Bull key of the runtime, so two deployments can share one Redis', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'relance-prefix-'));
      const prefix = uniquePrefix('deployment-a');
      const runtime = await createRuntime(
        loadConfig({
          DATA_DIR: dir,
          LOG_LEVEL: 'silent',
          REDIS_URL,
          REDIS_PREFIX: prefix,
          RELANCE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
        }),
      );
      const redis = new Redis(REDIS_URL);
      try {
        await runtime.queue.enqueue({ type: 'plan', orgId: 'org-prefixed' }, { jobId: 'prefixed-job' });
        expect(await redis.keys(`${prefix}:plan:*`)).not.toEqual([]);
        expect(await redis.keys('relance:plan:prefixed-job*')).toEqual([]);
      } finally {
        await runtime.close();
        redis.disconnect();
        await dropKeys(prefix);
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
