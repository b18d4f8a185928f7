import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/core/ports.ts';
import type { ConnectorConfig } from './definition.ts';
import { toLedgerError, VendorHttpError } from './http-errors.ts';
import { MemoryTokenVault } from './memory-vault.ts';
import { createCallPipeline, responseFailure } from './pipeline.ts';

const TOKEN_URL = 'https://auth.ledger.example/token';
const NOW = Date.parse('2026-05-04T09:00:00Z');

const config: ConnectorConfig = {
  id: 'example',
  oauth: {
    issuer: 'https://auth.ledger.example',
    authorizationEndpoint: 'https://auth.ledger.example/authorize',
    tokenEndpoint: TOKEN_URL,
    revocationEndpoint: null,
    scopes: ['accounting'],
    clientAuth: 'basic',
    refreshGraceMs: 60_000,
    accessTokenSkewMs: 60_000,
    idTokenSigningAlgs: ['RS256'],
  },
  limits: { calls: [{ max: 100, windowMs: 60_000 }], concurrency: 3, idsPerRead: 10, pageSize: 100, fallbackPageSize: 10 },
  retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxWaitMs: 65_000 },
  errors: { retryAfter: ['retry-after'], problem: null, defaultRetryAfterMs: 60_000 },
  webhook: { signatureHeader: 'x-signature' },
  write: {
    idempotencyHeader: 'Idempotency-Key',
    idempotencyKeyMax: 64,
    noteMaxLength: 100,
    note: 'history',
    chargesAsLine: false,
    chargesBookedTo: 'account',
  },
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A token endpoint that counts refreshes and hands out at-1, at-2… */
function tokenEndpoint() {
  const refreshes: string[] = [];
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      refreshes.push(new URLSearchParams(await request.text()).get('refresh_token') ?? '');
      return HttpResponse.json({
        access_token: `at-${refreshes.length}`,
        refresh_token: `rt-${refreshes.length}`,
        expires_in: 3600,
        token_type: 'Bearer',
      });
    }),
  );
  return refreshes;
}

async function setup(expiresInMs: number) {
  const vault = new MemoryTokenVault();
  await vault.save('org-1', { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: new Date(NOW + expiresInMs).toISOString() });
  const waits: number[] = [];
  const pipeline = createCallPipeline(
    config,
    {
      vault,
      credentials: { clientId: 'client', clientSecret: 'secret' },
      clock: { now: () => new Date(NOW) },
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
    { random: () => 0 },
  );
  return { vault, waits, pipeline, conn: { orgId: 'org-1', externalId: 'tenant-1' } };
}

const unauthorised = () => new VendorHttpError(401, 'auth', 'read: not authorised (401)');

describe('the call pipeline', () => {
  it('50 calls at the access token expiry share one refresh and all run on the new token, 3 at a time', async () => {
    const refreshes = tokenEndpoint();
    const { pipeline, conn } = await setup(30_000);
    let running = 0;
    let most = 0;
    const used: string[] = [];
    const calls = Array.from({ length: 50 }, () =>
      pipeline.run(conn, async (token) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 1));
        running--;
        used.push(token);
        return token;
      }),
    );
    await Promise.all(calls);
    expect(refreshes).toEqual(['rt-0']);
    expect(new Set(used)).toEqual(new Set(['at-1']));
    expect(most).toBe(3);
  });

  it('a 401 on a token not yet expired refreshes once and retries the call once', async () => {
    const refreshes = tokenEndpoint();
    const { pipeline, conn, vault } = await setup(3_600_000);
    const tried: string[] = [];
    const answer = await pipeline.run(conn, async (token) => {
      tried.push(token);
      if (token === 'at-0') throw unauthorised();
      return 'read';
    });
    expect(answer).toBe('read');
    expect(tried).toEqual(['at-0', 'at-1']);
    expect(refreshes).toHaveLength(1);
    expect((await vault.read('org-1'))?.refreshToken).toBe('rt-1');
  });

  it('a second 401 on the fresh token is not refreshed again: the call fails as auth', async () => {
    const refreshes = tokenEndpoint();
    const { pipeline, conn } = await setup(3_600_000);
    const error = await pipeline.run(conn, async () => Promise.reject(unauthorised())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).kind).toBe('auth');
    expect(refreshes).toHaveLength(1);
  });

  it('a 429 with Retry-After waits that long (injected sleep), then the call goes through', async () => {
    const { pipeline, conn, waits } = await setup(3_600_000);
    let attempts = 0;
    const answer = await pipeline.run(conn, async () => {
      attempts++;
      if (attempts < 3) {
        const failure = await responseFailure(new Response('{"error":"slow down"}', { status: 429, headers: { 'Retry-After': '7' } }));
        throw toLedgerError(failure, config.errors, () => [], 'read');
      }
      return 'ok';
    });
    expect(answer).toBe('ok');
    expect(waits).toEqual([7_000, 7_000]);
  });

  it('a conflict is handed up at once: the same request would meet the same stale version', async () => {
    const { pipeline, conn, waits } = await setup(3_600_000);
    let attempts = 0;
    const error = await pipeline
      .run(conn, async () => {
        attempts++;
        throw new VendorHttpError(400, 'conflict', 'write: the record changed meanwhile');
      })
      .catch((e: unknown) => e);
    expect([(error as LedgerError).kind, (error as LedgerError).retryable]).toEqual(['conflict', true]);
    expect([attempts, waits.length]).toEqual([1, 0]);
  });

  it('a refusal is not retried', async () => {
    const { pipeline, conn, waits } = await setup(3_600_000);
    let attempts = 0;
    const error = await pipeline
      .run(conn, async () => {
        attempts++;
        throw new VendorHttpError(400, 'refused', 'write: refused (400)');
      })
      .catch((e: unknown) => e);
    expect((error as LedgerError).kind).toBe('refused');
    expect([attempts, waits.length]).toEqual([1, 0]);
  });
});

describe('responseFailure', () => {
  it('keeps a JSON body parsed and any other body as text', async () => {
    expect((await responseFailure(Response.json({ a: 1 }, { status: 400 }))).body).toEqual({ a: 1 });
    const page = await responseFailure(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'x-id': '9' } }));
    expect(page).toEqual({ status: 502, headers: expect.objectContaining({ 'x-id': '9' }), body: '<html>Bad gateway</html>' });
  });
});
