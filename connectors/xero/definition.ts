import { z } from 'zod';
import type { ConnectorDefinition } from '../shared/definition.ts';
import { appSettings, optionalOrigin, optionalVar } from '../shared/env.ts';
import { createXeroRuntime } from './client.ts';
import { type XeroConfig, xeroConfig } from './config.ts';
import { createXeroConnect } from './connect.ts';
import { createXeroConnector } from './connector.ts';
import * as mappers from './mappers.ts';
import { handleXeroWebhook } from './webhook.ts';

/** Xero's variables: the app registered at developer.xero.com, its webhook key, and an origin for the sandbox. */
const xeroEnv = z.object({
  XERO_CLIENT_ID: optionalVar(),
  XERO_CLIENT_SECRET: optionalVar(),
  XERO_WEBHOOK_KEY: optionalVar(),
  /** One origin serving every Xero host's paths: a sandbox server (`relance sandbox xero`). Unset: Xero itself. */
  XERO_ORIGIN: optionalOrigin(),
});

/** Registered by id 'xero'. Pass `xeroConfig({ origin })` to point it at the sandbox server. */
export function xeroDefinition(config: XeroConfig = xeroConfig()): ConnectorDefinition<XeroConfig, typeof mappers> {
  return {
    id: 'xero',
    displayName: 'Xero',
    config,
    mappers,
    connect: (deps) => createXeroConnect(config, createXeroRuntime(config, deps), deps.logger),
    webhook: (rawBody, headers, key) => handleXeroWebhook(config, rawBody, headers, key),
    create: (deps) => createXeroConnector(config, deps),
    env: {
      schema: xeroEnv,
      settings: (vars: z.infer<typeof xeroEnv>) =>
        appSettings(
          'Xero',
          {
            clientId: ['XERO_CLIENT_ID', vars.XERO_CLIENT_ID],
            clientSecret: ['XERO_CLIENT_SECRET', vars.XERO_CLIENT_SECRET],
            webhookKey: ['XERO_WEBHOOK_KEY', vars.XERO_WEBHOOK_KEY],
          },
          () => xeroConfig(vars.XERO_ORIGIN ? { origin: vars.XERO_ORIGIN } : {}),
        ),
      configure: (c) => xeroDefinition(c),
    },
    sandbox: () => import('./sandbox/demo.ts'),
  };
}

export const xero = xeroDefinition();
