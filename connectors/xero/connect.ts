import { z } from 'zod';
import { LedgerError, type ConnectionRef } from '../../src/core/ports.ts';
import type { LedgerPlace } from '../../src/core/place.ts';
import type { ConnectedTenant, ConnectFlow, ConnectorLogger } from '../shared/definition.ts';
import { toLedgerError } from '../shared/http-errors.ts';
import type { XeroRuntime } from './client.ts';
import type { XeroConfig } from './config.ts';
import { mapOrganisation, xeroErrorMessages } from './mappers.ts';
import { parseJson } from '../shared/json.ts';

const connection = z.object({
  id: z.string(),
  authEventId: z.string().nullish(),
  tenantId: z.string(),
  tenantType: z.string(),
  tenantName: z.string().nullish(),
});

async function identityCall(
  config: XeroConfig,
  what: string,
  url: string,
  accessToken: string,
  method = 'GET',
  extraHeaders: Record<string, string> = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...extraHeaders },
    });
  } catch (error) {
    throw new LedgerError('unavailable', `${what}: Xero unreachable (${(error as Error).message})`);
  }
  const text = await response.text();
  const body = text ? parseJson(text, text) : null;
  if (!response.ok)
    throw toLedgerError(
      { status: response.status, headers: Object.fromEntries(response.headers), body },
      config.errors,
      xeroErrorMessages,
      what,
    );
  return body;
}

/**
 * The tenants a token reaches: one relance organisation per Xero ORGANISATION (practices and apps are not). Xero lists
 * every tenant the USER ever connected to this app; with `authEventId`, only those one consent authorised.
 */
export async function listXeroTenants(config: XeroConfig, accessToken: string, authEventId?: string): Promise<ConnectedTenant[]> {
  const url = authEventId ? `${config.api.connections}?authEventId=${encodeURIComponent(authEventId)}` : config.api.connections;
  const body = await identityCall(config, 'list connections', url, accessToken);
  const list = z.array(z.unknown()).catch([]).parse(body);
  return list.flatMap((raw) => {
    const c = connection.safeParse(raw);
    if (!c.success || c.data.tenantType !== 'ORGANISATION') return [];
    // filtered again here: a connection of another consent must never be adopted, whatever the query did
    if (authEventId && c.data.authEventId?.toLowerCase() !== authEventId.toLowerCase()) return [];
    return [{ externalId: c.data.tenantId, name: c.data.tenantName ?? c.data.tenantId, connectionId: c.data.id }];
  });
}

/**
 * Where a tenant is, read from `GET /Organisation` right after consent (no organisation, hence no stored tokens, exists
 * yet: the consent's access token is used as is). Null when the read fails: connecting goes on without it, the reason
 * is logged, and the first sync reads it again.
 */
export async function readXeroPlace(
  config: XeroConfig,
  accessToken: string,
  tenantId: string,
  logger?: ConnectorLogger,
): Promise<LedgerPlace | null> {
  try {
    const body = await identityCall(config, 'read organisation', `${config.api.accountingBase}/Organisation`, accessToken, 'GET', {
      'xero-tenant-id': tenantId,
    });
    const { place, notes } = mapOrganisation(body);
    for (const note of notes) logger?.warn({ vendor: 'xero', tenantId }, note);
    return place;
  } catch (error) {
    logger?.warn(
      { vendor: 'xero', tenantId, err: error instanceof Error ? error.message : String(error) },
      'organisation not read at connect: its place is set at the first sync',
    );
    return null;
  }
}

const accessClaims = z.object({ authentication_event_id: z.string().min(1) });

/**
 * The consent's auth event, read from Xero's access token (a JWT). The token came straight from Xero's token endpoint
 * over TLS, so its claims are read, not verified. Null when the token is not a JWT carrying the claim.
 */
export function authEventIdOf(accessToken: string): string | null {
  const payload = accessToken.split('.')[1];
  if (!payload) return null;
  try {
    // atob, not Buffer: the connect flow also runs on the edge (Web-standard APIs only)
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    const claims = accessClaims.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return claims.success ? claims.data.authentication_event_id : null;
  } catch {
    return null;
  }
}

export function createXeroConnect(config: XeroConfig, runtime: XeroRuntime, logger?: ConnectorLogger): ConnectFlow {
  return {
    start: (redirectUri) => runtime.oauth.authorizationUrl(redirectUri),

    async complete(input) {
      const { tokens, identity } = await runtime.oauth.exchangeCode(input);
      // only the tenants THIS consent authorised: the user's older connections (perhaps another person's organisation,
      // connected long ago) are not adopted into this browser. No event id, no tenant: nothing is guessed.
      const authEventId = authEventIdOf(tokens.accessToken);
      const listed = authEventId ? await listXeroTenants(config, tokens.accessToken, authEventId) : [];
      const tenants = await Promise.all(
        listed.map(async (t) => ({ ...t, place: await readXeroPlace(config, tokens.accessToken, t.externalId, logger) })),
      );
      return { tokens, tenants, identity };
    },

    async disconnect(conn: ConnectionRef) {
      const key = runtime.tokenKey(conn);
      let accessToken: string;
      try {
        accessToken = await runtime.tokens.accessToken(key);
      } catch (error) {
        // the grant is already dead (revoked on Xero's side): nothing left to disconnect
        if (error instanceof LedgerError && error.kind === 'auth') return;
        throw error;
      }
      const tenants = await listXeroTenants(config, accessToken);
      const mine = tenants.find((t) => t.externalId === conn.externalId);
      if (mine?.connectionId) {
        try {
          await identityCall(
            config,
            'disconnect',
            `${config.api.connections}/${encodeURIComponent(mine.connectionId)}`,
            accessToken,
            'DELETE',
          );
        } catch (error) {
          if (!(error instanceof LedgerError && error.kind === 'not-found')) throw error;
        }
      }
      if (tenants.some((t) => t.externalId !== conn.externalId)) return;
      // last tenant on this consent: revoke the refresh token so nothing can come back to life
      const stored = await runtime.vault.read(key);
      if (stored) await runtime.oauth.revoke(stored.refreshToken);
    },
  };
}
