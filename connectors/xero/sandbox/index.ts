/**
 * The Xero sandbox: an emulator of the parts of Xero relance uses, for tests (through msw) and the demo (a server).
 * msw is a dev dependency: its handlers live in ./msw.ts, imported by tests only, so a production install (`npm ci
 * --omit=dev`) can still load this module for `relance demo` and `relance sandbox`.
 */
export { createXeroSandbox, DEFAULT_CLIENT, DEFAULT_WEBHOOK_KEY, type XeroSandbox, type XeroSandboxOptions } from './sandbox.ts';
export { serveXeroSandbox } from './serve.ts';
export { xeroUrls, sandboxUrls, XERO_HOSTS, type XeroUrls } from './urls.ts';
export { seedLedger, type SeedOptions } from './seed/seed.ts';
export { SEED_TENANTS } from './seed/tenants.ts';
export { manualClock } from './clock.ts';
export { signWebhook, type WebhookPayload, type WebhookEvent } from './webhooks.ts';
export { XERO_LIMITS, type LimitOptions } from './limits.ts';
export type { XeroSandboxControl, NewInvoice } from './control.ts';
export type { FaultOptions } from './faults.ts';
export type { TokenPair, Client } from './oauth/store.ts';
export type { SandboxState, PayerKind } from './state.ts';
export { CANNOT_EDIT } from './accounting/ledger.ts';
export { MAX_NOTE_LENGTH } from './accounting/history.ts';
export { approveConsent } from './consent.ts';
