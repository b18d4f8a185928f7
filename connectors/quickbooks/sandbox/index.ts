/**
 * The QuickBooks Online emulator: for tests and the demo only (nothing in src/ imports it). Besides Intuit's OAuth and
 * the Accounting API it has, through `sandbox.control`: changes made outside relance (pay, void, delete,
 * `simulateDay` for the fast-forward), signed webhooks in both of Intuit's formats (webhooks.ts: `subscribe`,
 * `deliverWebhooks`, hold/release, redelivery, retries on Intuit's schedule) and injected failures (faults.ts: seeded
 * 429/503, `failNext`, `killAccessTokens`, `killTokenAfter`).
 */
export { manualClock } from './clock.ts';
export { approveConsent } from './consent.ts';
export { createQuickBooksSandbox, DEFAULT_CLIENT, type QuickBooksSandbox, type QuickBooksSandboxOptions } from './sandbox.ts';
export { seedQuickBooks } from './seed/seed.ts';
export { quickbooksUrls } from './urls.ts';
export {
  type CloudEvent,
  type Delivery as WebhookDelivery,
  type LegacyPayload,
  signWebhook,
  type Subscription as WebhookSubscription,
  type Transport as WebhookTransport,
  type WebhookFormat,
} from './webhooks.ts';
