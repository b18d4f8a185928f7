import { z } from 'zod';
import type { ClientCredentials, ConnectorConfig, LedgerSettingsResult } from './definition.ts';

/** A variable a ledger reads: unset and empty are the same (an `.env` line left blank, a demo clearing one). */
export const optionalVar = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined);

/** An origin standing in for every vendor host (its sandbox server); empty is unset. */
export const optionalOrigin = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url().optional());

/**
 * The usual shape of a ledger's settings: an OAuth app (client id and secret) and a webhook key, each named by its
 * variable with what it is, or one line per missing one ("XERO_CLIENT_ID is not set: Xero's …").
 */
export function appSettings<C extends ConnectorConfig>(
  displayName: string,
  vars: { clientId: [string, string | undefined]; clientSecret: [string, string | undefined]; webhookKey: [string, string | undefined] },
  config: () => C,
): LedgerSettingsResult<C> {
  const what = {
    clientId: 'the client id of your app',
    clientSecret: 'the client secret of your app',
    webhookKey: 'the key its webhooks are signed with',
  };
  const missing = (Object.keys(vars) as (keyof typeof vars)[])
    .filter((k) => !vars[k][1])
    .map((k) => `${vars[k][0]} is not set: ${displayName} needs ${what[k]}`);
  if (missing.length) return { ok: false, missing };
  const credentials: ClientCredentials = { clientId: vars.clientId[1]!, clientSecret: vars.clientSecret[1]! };
  return { ok: true, settings: { credentials, webhookKey: vars.webhookKey[1]!, config: config() } };
}
