/** The QuickBooks Online emulator: for tests and the demo only (nothing in src/ imports it). */
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
