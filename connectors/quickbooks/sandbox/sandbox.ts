import type { Hono } from 'hono';
import { localDate } from '../../../src/core/calendar.ts';
import { buildApp } from './app.ts';
import type { SandboxContext, SandboxEnv } from './context.ts';
import { createControl, type QuickBooksSandboxControl } from './control.ts';
import { createFaults } from './faults.ts';
import { createIdempotency } from './idempotency.ts';
import { createLimiter, type LimitOptions, QUICKBOOKS_LIMITS } from './limits.ts';
import { type AuthSettings, type Client, createAuthStore, INTUIT_AUTH } from './oauth/store.ts';
import { watch } from './accounting/ledger.ts';
import { seedQuickBooks } from './seed/seed.ts';
import type { SandboxState } from './state.ts';
import { createWebhooks, type Subscription, type Transport } from './webhooks.ts';

export type QuickBooksSandboxOptions = {
  /** The companies (default: the two seeded ones, seed 1, today read from `now`). */
  state?: SandboxState;
  /** The sandbox's clock: token expiry, rate windows, MetaData stamps, CDC's 30 days and "today" all read it. */
  now?: () => Date;
  /** Registered apps (default: DEFAULT_CLIENT). `redirectUris: null` accepts any redirect. */
  clients?: Client[];
  auth?: Partial<AuthSettings>;
  limits?: Partial<LimitOptions>;
  /** Webhook endpoints per app, and how deliveries travel (default: POST with global fetch). */
  webhooks?: { subscriptions?: Subscription[]; transport?: Transport };
};

export const DEFAULT_CLIENT: Client = {
  clientId: 'ABrelanceSandboxClient0000000000000000000000000',
  clientSecret: 'relance-quickbooks-sandbox-secret',
  name: 'relance',
  redirectUris: null,
};

export type QuickBooksSandbox = {
  app: Hono<SandboxEnv>;
  state: SandboxState;
  calls: Map<string, number>;
  control: QuickBooksSandboxControl;
  setLimits(l: Partial<LimitOptions>): void;
};

export function createQuickBooksSandbox(options: QuickBooksSandboxOptions = {}): QuickBooksSandbox {
  const clock = options.now ?? (() => new Date());
  const now = () => clock().getTime();
  const state = options.state ?? seedQuickBooks({ seed: 1, today: localDate(clock(), 'America/Los_Angeles'), now: clock() });
  const auth = { ...INTUIT_AUTH, ...options.auth };
  let limits: LimitOptions = { ...QUICKBOOKS_LIMITS, ...options.limits };
  const ctx: SandboxContext = {
    state,
    now,
    auth: createAuthStore({ clients: options.clients ?? [DEFAULT_CLIENT], now, settings: () => auth }),
  };
  const calls = new Map<string, number>();
  const faults = createFaults();
  const webhooks = createWebhooks({
    now,
    connected: (clientId, realmId) => ctx.auth.connected(clientId, realmId),
    subscriptions: options.webhooks?.subscriptions,
    transport: options.webhooks?.transport,
  });
  for (const realm of state.realms.values()) watch(realm, (change) => webhooks.record(change));
  const app = buildApp({ ctx, calls, limiter: createLimiter(() => limits, now), faults, idempotency: createIdempotency() });
  return {
    app,
    state,
    calls,
    control: createControl(state, now, { faults, auth: ctx.auth, webhooks }),
    setLimits: (l) => {
      limits = { ...limits, ...l };
    },
  };
}
