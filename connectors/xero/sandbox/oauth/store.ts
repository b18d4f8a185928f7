import { randomToken, signJwt } from './jwt.ts';

/**
 * Who may call what: clients, consents (grants), codes, tokens and connections. The refresh rules are Xero's: a refresh
 * token rotates on every use; the previous one still answers, with the same new pair, for 30 minutes; then
 * invalid_grant. Unused refresh tokens expire after 60 days.
 */

export type Client = { clientId: string; clientSecret: string; name: string; redirectUris: string[] | null };

export type TokenPair = {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  id_token?: string;
};

type Grant = { id: string; clientId: string; userId: string; tenantIds: string[]; scope: string; revoked: boolean; nonce: string | null };
type Code = {
  grantId: string;
  redirectUri: string;
  challenge: string | null;
  method: string | null;
  expiresAt: number;
  used: boolean;
};
type Access = { grantId: string; expiresAt: number };
type Refresh = { grantId: string; expiresAt: number; rotated: { at: number; pair: TokenPair } | null; revoked: boolean };
/** Xero keeps connections per (app, USER): two users of one app each see only the tenants they connected. */
export type Connection = {
  id: string;
  tenantId: string;
  clientId: string;
  userId: string;
  authEventId: string;
  createdAt: number;
  updatedAt: number;
  deleted: boolean;
};

export const REFRESH_GRACE_MS = 30 * 60_000;
export const REFRESH_LIFETIME_MS = 60 * 86_400_000;
const CODE_LIFETIME_MS = 5 * 60_000;
export const SANDBOX_USER = { id: 'a2c3e9d4-6d6b-4a1e-9a5f-3b8f2d9c1e70', email: 'owner@example.test', given: 'Camille', family: 'Martin' };

export type AuthStore = ReturnType<typeof createAuthStore>;

export function createAuthStore(opts: { clients: Client[]; now: () => number; accessTokenSeconds: () => number }) {
  const clients = new Map(opts.clients.map((c) => [c.clientId, c]));
  const grants = new Map<string, Grant>();
  const codes = new Map<string, Code>();
  const access = new Map<string, Access>();
  const refresh = new Map<string, Refresh>();
  const connections: Connection[] = [];
  const refreshCounts = new Map<string, number>();

  function client(clientId: string, secret?: string): Client | null {
    const c = clients.get(clientId);
    if (!c || (secret !== undefined && c.clientSecret !== secret)) return null;
    return c;
  }

  /**
   * A consent by one user: connect (or reconnect) these tenants to the client and open a grant. The grant's id is the
   * auth event id every connection it touched carries (Xero's `authEventId`).
   */
  function consent(clientId: string, tenantIds: string[], scope: string, nonce: string | null = null, userId = SANDBOX_USER.id): Grant {
    const now = opts.now();
    const grant: Grant = { id: crypto.randomUUID(), clientId, userId, tenantIds, scope, revoked: false, nonce };
    grants.set(grant.id, grant);
    for (const tenantId of tenantIds) {
      const existing = connections.find((c) => c.clientId === clientId && c.userId === userId && c.tenantId === tenantId && !c.deleted);
      if (existing) Object.assign(existing, { authEventId: grant.id, updatedAt: now });
      else
        connections.push({
          id: crypto.randomUUID(),
          tenantId,
          clientId,
          userId,
          authEventId: grant.id,
          createdAt: now,
          updatedAt: now,
          deleted: false,
        });
    }
    return grant;
  }

  function issueCode(grantId: string, redirectUri: string, challenge: string | null, method: string | null): string {
    const code = randomToken(24);
    codes.set(code, { grantId, redirectUri, challenge, method, expiresAt: opts.now() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  function idToken(grant: Grant, issuer: string): Promise<string> {
    const iat = Math.floor(opts.now() / 1000);
    return signJwt({
      nbf: iat,
      exp: iat + 300,
      iss: issuer,
      aud: grant.clientId,
      iat,
      sid: grant.id,
      sub: grant.userId,
      auth_time: iat,
      xero_userid: grant.userId,
      global_session_id: grant.id,
      preferred_username: SANDBOX_USER.email,
      email: SANDBOX_USER.email,
      given_name: SANDBOX_USER.given,
      family_name: SANDBOX_USER.family,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
  }

  async function issuePair(grant: Grant, issuer: string): Promise<TokenPair> {
    const now = opts.now();
    const lifetime = opts.accessTokenSeconds();
    const iat = Math.floor(now / 1000);
    const accessToken = await signJwt({
      nbf: iat,
      exp: iat + lifetime,
      iss: issuer,
      aud: `${issuer}/resources`,
      client_id: grant.clientId,
      sub: grant.userId,
      auth_time: iat,
      xero_userid: grant.userId,
      global_session_id: grant.id,
      jti: randomToken(16),
      authentication_event_id: grant.id,
      scope: grant.scope.split(' '),
    });
    const refreshToken = randomToken(32);
    access.set(accessToken, { grantId: grant.id, expiresAt: now + lifetime * 1000 });
    refresh.set(refreshToken, { grantId: grant.id, expiresAt: now + REFRESH_LIFETIME_MS, rotated: null, revoked: false });
    const pair: TokenPair = {
      access_token: accessToken,
      expires_in: lifetime,
      token_type: 'Bearer',
      refresh_token: refreshToken,
      scope: grant.scope,
    };
    if (grant.scope.split(' ').includes('openid')) pair.id_token = await idToken(grant, issuer);
    return pair;
  }

  type Outcome = { ok: true; pair: TokenPair } | { ok: false; error: 'invalid_grant' | 'invalid_client'; description: string };

  async function exchangeCode(
    clientId: string,
    code: string,
    redirectUri: string,
    verifier: string | null,
    issuer: string,
    verify: (verifier: string) => Promise<string>,
  ): Promise<Outcome> {
    const entry = codes.get(code);
    const grant = entry && grants.get(entry.grantId);
    if (!entry || !grant || grant.clientId !== clientId)
      return { ok: false, error: 'invalid_grant', description: 'Unknown authorization code' };
    if (entry.used || entry.expiresAt < opts.now())
      return { ok: false, error: 'invalid_grant', description: 'Authorization code used or expired' };
    if (entry.redirectUri !== redirectUri) return { ok: false, error: 'invalid_grant', description: 'redirect_uri does not match' };
    if (entry.challenge !== null) {
      const expected = entry.method === 'plain' ? verifier : verifier && (await verify(verifier));
      if (!verifier || expected !== entry.challenge)
        return { ok: false, error: 'invalid_grant', description: 'code_verifier does not match the code_challenge' };
    }
    entry.used = true;
    return { ok: true, pair: await issuePair(grant, issuer) };
  }

  async function useRefreshToken(clientId: string, token: string, issuer: string): Promise<Outcome> {
    const entry = refresh.get(token);
    const grant = entry && grants.get(entry.grantId);
    const now = opts.now();
    if (!entry || !grant || grant.clientId !== clientId || entry.revoked || grant.revoked) {
      return { ok: false, error: 'invalid_grant', description: 'Unknown or revoked refresh token' };
    }
    if (entry.rotated) {
      if (now - entry.rotated.at <= REFRESH_GRACE_MS) {
        // The same access and refresh tokens; the ID token is minted again so it is not already expired.
        const pair = entry.rotated.pair;
        return { ok: true, pair: pair.id_token ? { ...pair, id_token: await idToken(grant, issuer) } : pair };
      }
      return { ok: false, error: 'invalid_grant', description: 'Refresh token already used' };
    }
    if (entry.expiresAt < now) return { ok: false, error: 'invalid_grant', description: 'Refresh token expired' };
    const pair = await issuePair(grant, issuer);
    entry.rotated = { at: now, pair };
    for (const tenantId of grant.tenantIds) refreshCounts.set(tenantId, (refreshCounts.get(tenantId) ?? 0) + 1);
    return { ok: true, pair };
  }

  /** Revoking a refresh token ends its grant: its tokens stop working and its connections go. */
  function revoke(clientId: string, token: string): void {
    const entry = refresh.get(token);
    const grant = entry && grants.get(entry.grantId);
    if (!grant || grant.clientId !== clientId) return;
    grant.revoked = true;
    for (const c of connections) if (c.authEventId === grant.id) c.deleted = true;
  }

  /** The client and grant behind a live access token, or why not. */
  function bearer(token: string): { ok: true; clientId: string; grantId: string; userId: string } | { ok: false; detail: string } {
    const entry = access.get(token);
    const grant = entry && grants.get(entry.grantId);
    if (!entry || !grant || grant.revoked) return { ok: false, detail: 'TokenInvalid: token is not valid' };
    if (entry.expiresAt <= opts.now()) {
      return { ok: false, detail: `TokenExpired: token expired at ${new Date(entry.expiresAt).toISOString()}` };
    }
    return { ok: true, clientId: grant.clientId, grantId: grant.id, userId: grant.userId };
  }

  function connectionFor(clientId: string, tenantId: string): Connection | undefined {
    return connections.find((c) => c.clientId === clientId && c.tenantId === tenantId.toLowerCase() && !c.deleted);
  }

  function expireAccessTokens(): void {
    const now = opts.now();
    for (const a of access.values()) a.expiresAt = Math.min(a.expiresAt, now);
  }

  return {
    client,
    consent,
    issueCode,
    issuePair,
    exchangeCode,
    useRefreshToken,
    revoke,
    bearer,
    connectionFor,
    expireAccessTokens,
    grant: (id: string) => grants.get(id),
    /** A client's live connections; with a user, only those this user made (what GET /connections lists). */
    connections: (clientId: string, userId?: string) =>
      connections.filter((c) => c.clientId === clientId && (userId === undefined || c.userId === userId) && !c.deleted),
    allConnections: () => connections,
    refreshCount: (tenantId: string) => refreshCounts.get(tenantId) ?? 0,
  };
}
