import type { Hono } from 'hono';
import type { AuthStore } from './oauth/store.ts';
import type { Realm, SandboxState } from './state.ts';

/** What every route module of the sandbox shares. */
export type SandboxContext = {
  state: SandboxState;
  auth: AuthStore;
  now: () => number;
};

export type SandboxEnv = { Variables: { realm: Realm; clientId: string } };
export type SandboxApp = Hono<SandboxEnv>;
