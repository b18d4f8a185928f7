import { LedgerError, type ConnectionRef } from '../../src/core/ports.ts';
import type { SetupServer } from 'msw/node';
import { MemoryTokenVault } from '../shared/memory-vault.ts';
import { createQuickBooksRuntime } from './client.ts';
import { quickbooksConfig } from './config.ts';
import { faultMessages } from './mappers.ts';
import { DEFAULT_CLIENT } from './sandbox/index.ts';
import { quickbooksSandboxHandlers } from './sandbox/msw.ts';
import type { QuickBooksSandbox } from './sandbox/index.ts';
import { connect, connectedSandbox } from './sandbox/testing.ts';
import type { QbCall } from './client.ts';

/**
 * For the tests of mappers, sync and write-back: a seeded sandbox with one company connected, and a small `call` over
 * it that does what the connector's client does for these files (the realm's path, minorversion, `requestid`, 429/503
 * retried with the same requestid, faults mapped to LedgerError). The client's own behaviour is tested in its file.
 */
const API = 'https://quickbooks.api.intuit.com/v3/company';

export type Recorded = { method: string; path: string; query: URLSearchParams; body: unknown };

export function sandboxCall(sandbox: QuickBooksSandbox, realmId: string, opts: { attempts?: number } = {}) {
  const seen: Recorded[] = [];
  // a new consent stands in for the client's refresh: tests move the clock past the access token's hour
  let accessToken: Promise<string> | null = null;
  const token = () => (accessToken ??= connect(sandbox, realmId).then((s) => s.accessToken));
  const attempts = opts.attempts ?? 8;
  const call: QbCall = async (conn: ConnectionRef, what, request) => {
    const url = new URL(`${API}/${conn.externalId}/${request.path}`);
    for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
    url.searchParams.set('minorversion', '75');
    if (request.requestId) url.searchParams.set('requestid', request.requestId);
    for (let attempt = 1; ; attempt++) {
      seen.push({ method: request.method, path: request.path, query: url.searchParams, body: request.body ?? null });
      const res = await sandbox.app.fetch(
        new Request(url, {
          method: request.method,
          headers: {
            authorization: `Bearer ${await token()}`,
            accept: 'application/json',
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        }),
      );
      const text = await res.text();
      const json = text ? (JSON.parse(text) as unknown) : null;
      if (res.ok) return json;
      if (res.status === 401 && attempt < attempts) {
        accessToken = null;
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < attempts) continue;
      const detail = faultMessages(json).join('; ') || `HTTP ${res.status}`;
      const message = `${what}: ${detail}`;
      if (res.status === 429) throw new LedgerError('rate-limited', message, 1000);
      if (res.status >= 500) throw new LedgerError('unavailable', message);
      if (res.status === 401 || res.status === 403) throw new LedgerError('auth', message);
      if (/^5010\b/.test(detail)) throw new LedgerError('conflict', message);
      if (/^610\b/.test(detail)) throw new LedgerError('not-found', message);
      throw new LedgerError('refused', message);
    }
  };
  return { call, seen };
}

/** A seeded, connected sandbox (the US company, seed 5, on 2026-03-15) and a call over it. */
export async function qbSetup(options: { at?: string; seed?: number } = {}) {
  const base = await connectedSandbox(options);
  const { call, seen } = sandboxCall(base.sandbox, base.realmId);
  const conn: ConnectionRef = { orgId: 'org-qb', externalId: base.realmId };
  return { ...base, call, seen, conn, realm: base.sandbox.state.realms.get(base.realmId)! };
}

export const CONFIG = { limits: { pageSize: 1000, idsPerRead: 30 } };

/**
 * The same, through the connector's real client (token vault, refresh after a 401, limiter, retries honouring the
 * waits on the sandbox's clock) with msw answering Intuit's hosts from the sandbox. The test file owns the msw server.
 */
export async function qbClientSetup(server: SetupServer, options: { at?: string; seed?: number } = {}) {
  const base = await connectedSandbox(options);
  server.use(...quickbooksSandboxHandlers(base.sandbox));
  const session = await connect(base.sandbox, base.realmId);
  const vault = new MemoryTokenVault();
  await vault.save('org-qb', {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: new Date(base.clock.now().getTime() + 3_600_000).toISOString(),
  });
  const config = quickbooksConfig();
  const runtime = createQuickBooksRuntime(config, {
    vault,
    credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
    clock: base.clock,
    sleep: base.clock.sleep,
  });
  const conn: ConnectionRef = { orgId: 'org-qb', externalId: base.realmId };
  return { ...base, call: runtime.call, conn, config, realm: base.sandbox.state.realms.get(base.realmId)! };
}
