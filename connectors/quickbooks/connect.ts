import { z } from 'zod';
import { LedgerError, type ConnectionRef } from '../../src/core/ports.ts';
import { OAuthFailure } from '../../src/core/connection.ts';
import type { ClientCredentials, ConnectedTenant, ConnectFlow, ConnectorLogger, OAuthConfig } from '../shared/definition.ts';
import { createOAuthClient, type OAuthClient } from '../shared/oauth.ts';
import { quickbooksAttempt, type QuickBooksRuntime } from './client.ts';
import type { QuickBooksConfig } from './config.ts';
import { mapCompany } from './place.ts';

/**
 * Connecting a QuickBooks company: the OAuth code flow (state + PKCE) on the endpoints Intuit's discovery document
 * names; one consent reaches ONE company, whose id comes back as `realmId` on the callback and is the tenant's
 * externalId. Its name and place are read with the consent's token right away; disconnecting revokes the grant.
 */

const discovery = z.object({
  issuer: z.string().url(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  revocation_endpoint: z.string().url().nullish(),
});

/**
 * The OAuth endpoints from the discovery document (Intuit asks apps to read it rather than hard-code them). When it
 * cannot be read, the configured endpoints (the same ones, as of 2026) are used and the reason logged.
 */
export async function discoverOAuth(config: QuickBooksConfig, logger?: ConnectorLogger): Promise<OAuthConfig> {
  try {
    const response = await fetch(config.discoveryUrl, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const doc = discovery.parse(await response.json());
    return {
      ...config.oauth,
      issuer: doc.issuer,
      authorizationEndpoint: doc.authorization_endpoint,
      tokenEndpoint: doc.token_endpoint,
      revocationEndpoint: doc.revocation_endpoint ?? config.oauth.revocationEndpoint,
    };
  } catch (error) {
    logger?.warn(
      { vendor: 'quickbooks', err: error instanceof Error ? error.message : String(error) },
      'discovery document not read: the configured OAuth endpoints are used',
    );
    return config.oauth;
  }
}

/** The company's name and place, read with the consent's token. A failed read is logged; what it would give is null. */
export async function readCompany(
  config: QuickBooksConfig,
  accessToken: string,
  realmId: string,
  logger?: ConnectorLogger,
): Promise<Pick<ConnectedTenant, 'name' | 'place'>> {
  const read = (what: string, path: string) =>
    quickbooksAttempt(config, accessToken, realmId, what, { method: 'GET', path }).catch((error: unknown) => {
      logger?.warn(
        { vendor: 'quickbooks', tenantId: realmId, err: error instanceof Error ? error.message : String(error) },
        `${what} failed at connect: the first sync reads it again`,
      );
      return null;
    });
  const [info, prefs] = await Promise.all([
    read('read company', `companyinfo/${encodeURIComponent(realmId)}`),
    read('read preferences', 'preferences'),
  ]);
  const company = mapCompany(info, prefs);
  for (const note of company.notes) logger?.warn({ vendor: 'quickbooks', tenantId: realmId }, note);
  return {
    name: company.name ?? `QuickBooks company ${realmId}`,
    place: info === null && prefs === null ? null : company.place,
  };
}

/**
 * Revokes a token at Intuit: their revoke endpoint takes JSON `{"token": …}` with the app's Basic credentials (their
 * docs), which is why this is not oauth4webapi's form-encoded revocation. A refresh token revokes the whole grant.
 */
export async function revokeAtIntuit(endpoint: string, credentials: ClientCredentials, token: string): Promise<'revoked' | 'already-dead'> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new LedgerError('unavailable', `revoke: Intuit unreachable (${(error as Error).message})`);
  }
  if (response.ok) return 'revoked';
  // a token Intuit no longer knows (revoked from QuickBooks' side, expired) answers 400: nothing is left to revoke
  if (response.status === 400) return 'already-dead';
  if (response.status >= 500 || response.status === 429) throw new LedgerError('unavailable', `revoke: Intuit answered ${response.status}`);
  throw new LedgerError('refused', `revoke: Intuit refused (${response.status})`);
}

export function createQuickBooksConnect(
  config: QuickBooksConfig,
  runtime: QuickBooksRuntime,
  credentials: ClientCredentials,
  logger?: ConnectorLogger,
): ConnectFlow {
  let oauth: Promise<{ client: OAuthClient; revocation: string | null }> | null = null;
  const endpoints = () => {
    oauth ??= discoverOAuth(config, logger).then((discovered) => ({
      client: createOAuthClient(discovered, credentials, runtime.now, { tokenRequestHeaders: config.tokenRequestHeaders }),
      revocation: discovered.revocationEndpoint,
    }));
    return oauth;
  };

  return {
    start: async (redirectUri) => (await endpoints()).client.authorizationUrl(redirectUri),

    async complete(input) {
      const realmId = new URL(input.callbackUrl).searchParams.get('realmId');
      if (!realmId) throw new OAuthFailure('refused', 'the authorization callback names no QuickBooks company (realmId)');
      const { tokens, identity } = await (await endpoints()).client.exchangeCode(input);
      const company = await readCompany(config, tokens.accessToken, realmId, logger);
      return { tokens, tenants: [{ externalId: realmId, connectionId: null, ...company }], identity };
    },

    async disconnect(conn: ConnectionRef) {
      const stored = await runtime.vault.read(runtime.tokenKey(conn));
      if (!stored) return;
      const { revocation } = await endpoints();
      if (!revocation) return;
      const outcome = await revokeAtIntuit(revocation, credentials, stored.refreshToken);
      if (outcome === 'already-dead') {
        logger?.warn({ vendor: 'quickbooks', tenantId: conn.externalId }, 'the grant was already revoked at Intuit');
      }
    },
  };
}
