import { z } from 'zod';
import type { ConnectorDefinition } from '../shared/definition.ts';
import { appSettings, optionalOrigin, optionalVar } from '../shared/env.ts';
import { createQuickBooksRuntime } from './client.ts';
import { type QuickBooksConfig, quickbooksConfig } from './config.ts';
import { createQuickBooksConnect } from './connect.ts';
import { createQuickBooksConnector } from './connector.ts';
import * as mappers from './mappers.ts';
import { handleQuickBooksWebhook } from './webhook.ts';

/**
 * QuickBooks' variables: the app registered on Intuit's developer portal (client id and secret), the verifier token its
 * webhooks are signed with, which companies its keys reach (development keys: the developer's sandbox companies), and
 * an origin for our emulator.
 */
const quickbooksEnv = z.object({
  QUICKBOOKS_CLIENT_ID: optionalVar(),
  QUICKBOOKS_CLIENT_SECRET: optionalVar(),
  QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: optionalVar(),
  /** `development`: the app's development keys, whose companies answer on sandbox-quickbooks.api.intuit.com. */
  QUICKBOOKS_ENVIRONMENT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(['production', 'development']).optional(),
  ),
  /** One origin serving every Intuit host's paths: our emulator (`relance sandbox quickbooks`). Unset: Intuit itself. */
  QUICKBOOKS_ORIGIN: optionalOrigin(),
});

/** Registered by id 'quickbooks'. Pass `quickbooksConfig({ origin })` to point it at the emulator's server. */
export function quickbooksDefinition(config: QuickBooksConfig = quickbooksConfig()): ConnectorDefinition<QuickBooksConfig, typeof mappers> {
  return {
    id: config.id,
    displayName: 'QuickBooks',
    config,
    mappers,
    connect: (deps) => createQuickBooksConnect(config, createQuickBooksRuntime(config, deps), deps.credentials, deps.logger),
    webhook: (rawBody, headers, key) => handleQuickBooksWebhook(config, rawBody, headers, key),
    create: (deps) => createQuickBooksConnector(config, deps),
    env: {
      schema: quickbooksEnv,
      settings: (vars: z.infer<typeof quickbooksEnv>) =>
        appSettings(
          'QuickBooks',
          {
            clientId: ['QUICKBOOKS_CLIENT_ID', vars.QUICKBOOKS_CLIENT_ID],
            clientSecret: ['QUICKBOOKS_CLIENT_SECRET', vars.QUICKBOOKS_CLIENT_SECRET],
            webhookKey: ['QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN', vars.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN],
          },
          () =>
            quickbooksConfig({
              ...(vars.QUICKBOOKS_ORIGIN ? { origin: vars.QUICKBOOKS_ORIGIN } : {}),
              ...(vars.QUICKBOOKS_ENVIRONMENT ? { environment: vars.QUICKBOOKS_ENVIRONMENT } : {}),
            }),
        ),
      configure: (c) => quickbooksDefinition(c),
    },
    sandbox: () => import('./sandbox/demo.ts'),
  };
}

export const quickbooks = quickbooksDefinition();
