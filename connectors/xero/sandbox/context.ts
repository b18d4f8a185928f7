import type { Hono } from 'hono';
import type { Ids } from './accounting/ledger.ts';
import type { AuthStore } from './oauth/store.ts';
import type { SandboxState, Tenant } from './state.ts';

export type EventCategory = 'INVOICE' | 'CONTACT' | 'CREDITNOTE';

/** What every route module of the sandbox shares. */
export type SandboxContext = {
  state: SandboxState;
  auth: AuthStore;
  ids: Ids;
  settings: { accessTokenSeconds: number; latencyMs: number };
  /** Record a change for the webhook feed (sent when a webhook URL is configured). */
  emit(tenant: Tenant, category: EventCategory, resourceId: string, type: 'CREATE' | 'UPDATE', data?: Record<string, string>): void;
};

export type SandboxEnv = { Variables: { tenant: Tenant; clientId: string } };
export type SandboxApp = Hono<SandboxEnv>;
