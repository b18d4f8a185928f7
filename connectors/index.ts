import type { ConnectorDefinition } from './shared/definition.ts';
import { quickbooks } from './quickbooks/definition.ts';
import { xero } from './xero/definition.ts';

/**
 * Every ledger relance connects to, one line each: src/main builds its connectors, pages, webhooks, environment and
 * demo from this list and names no vendor. Adding a ledger is a folder under connectors/ and a line here.
 */
export const ledgers: readonly ConnectorDefinition[] = [xero, quickbooks];
