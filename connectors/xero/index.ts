/** The Xero connector: the definition relance registers (connectors/index.ts), and what tests and benches reach for. */
export { createXeroConnector } from './connector.ts';
export { xero, xeroDefinition } from './definition.ts';
export { xeroConfig, XERO_SCOPES, type XeroConfig, type XeroConfigOptions } from './config.ts';
export { listXeroTenants } from './connect.ts';
export { verifyXeroWebhook } from './webhook.ts';
