/** The QuickBooks Online connector: the definition relance registers (connectors/index.ts), and what tests reach for. */
export { createQuickBooksConnector } from './connector.ts';
export { quickbooks, quickbooksDefinition } from './definition.ts';
export { quickbooksConfig, QUICKBOOKS_SCOPES, type QuickBooksConfig, type QuickBooksConfigOptions } from './config.ts';
export type { QbCall, QuickBooksCall, QuickBooksRequest } from './client.ts';
export { verifyQuickBooksWebhook } from './webhook.ts';
