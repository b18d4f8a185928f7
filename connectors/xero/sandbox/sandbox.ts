import type { Hono } from 'hono';
import { localDate } from '../../../src/core/calendar.ts';
import { buildApp } from './app.ts';
import type { SandboxContext, SandboxEnv } from './context.ts';
import { createControl, type XeroSandboxControl } from './control.ts';
import { createFaults } from './faults.ts';
import { createIdempotency } from './idempotency.ts';
import { XERO_LIMITS, createLimiter, type LimitOptions } from './limits.ts';
import { createAuthStore, type Client } from './oauth/store.ts';
import { seedLedger } from './seed/seed.ts';
import type { SandboxState } from './state.ts';
import { xeroUrls } from './urls.ts';
import { createWebhooks } from './webhooks.ts';

export type XeroSandboxOptions = {
  /** The ledgers (default: the two seeded organisations with their contacts and no invoices). */
  state?: SandboxState;
  /** The sandbox's clock: token expiry, rate windows, UpdatedDateUTC and "today" all read it. */
  now?: () => Date;
  /** Registered apps (default: one, DEFAULT_CLIENT). `redirectUris: null` accepts any redirect. */
  clients?: Client[];
  accessTokenSeconds?: number;
  limits?: Partial<LimitOptions>;
  /** Added to every Accounting call, so concurrent calls overlap (and the concurrency limit can bite). */
  latencyMs?: number;
  webhook?: { url: string | null; key: string };
  /** Base of `resourceUrl` in webhook events (default: Xero's). */
  accountingBase?: string;
};

export const DEFAULT_CLIENT: Client = {
  clientId: 'RELANCESANDBOXCLIENT0000000000000',
  clientSecret: 'relance-sandbox-secret',
  name: 'relance',
  redirectUris: null,
};
export const DEFAULT_WEBHOOK_KEY = 'relance-sandbox-webhook-key';

export type XeroSandbox = { app: Hono<SandboxEnv>; state: SandboxState; control: XeroSandboxControl };

export function createXeroSandbox(options: XeroSandboxOptions = {}): XeroSandbox {
  const clock = options.now ?? (() => new Date());
  const now = () => clock().getTime();
  const state = options.state ?? seedLedger({ seed: 1, today: localDate(clock(), 'Europe/Paris'), invoices: 0, now: clock() });
  const settings = { accessTokenSeconds: options.accessTokenSeconds ?? 1800, latencyMs: options.latencyMs ?? 0 };
  let limits: LimitOptions = { ...XERO_LIMITS, ...options.limits };
  let webhook = options.webhook ?? { url: null, key: DEFAULT_WEBHOOK_KEY };
  const clients = options.clients ?? [DEFAULT_CLIENT];
  const auth = createAuthStore({ clients, now, accessTokenSeconds: () => settings.accessTokenSeconds });
  const webhooks = createWebhooks({
    url: () => webhook.url,
    key: () => webhook.key,
    now,
    accountingBase: () => options.accountingBase ?? xeroUrls.accounting,
  });

  // Changes made through the API are posted shortly after the answer, batched, as Xero does.
  let scheduled: Promise<void> | null = null;
  const flushSoon = (): Promise<void> => {
    scheduled ??= new Promise<void>((resolve) => setTimeout(resolve, 0)).then(async () => {
      scheduled = null;
      await webhooks.flush();
    });
    return scheduled;
  };

  const ctx: SandboxContext = {
    state,
    auth,
    settings,
    ids: { now, newId: () => crypto.randomUUID() },
    emit(tenant, category, resourceId, type, data) {
      if (!webhook.url) return;
      webhooks.enqueue(tenant.id, category, resourceId, type, data);
      void flushSoon();
    },
  };
  const parts = {
    ctx,
    limiter: createLimiter(() => limits, now),
    faults: createFaults(),
    idempotency: createIdempotency(),
    calls: new Map<string, number>(),
  };
  const app = buildApp(parts);
  const control = createControl({
    ...parts,
    auth,
    webhooks,
    flushSoon,
    defaultClientId: clients[0]?.clientId ?? DEFAULT_CLIENT.clientId,
    setWebhook: (w) => {
      webhook = { url: w.url, key: w.key ?? webhook.key };
    },
    setLimits: (l) => {
      limits = { ...limits, ...l };
    },
  });
  return { app, state, control };
}
