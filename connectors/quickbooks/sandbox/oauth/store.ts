/**
 * Clients, consents, codes and tokens, with Intuit's rules: an access token lasts 1 hour; a refresh token lasts 100
 * days from its last use (rolling) and at most 5 years from the consent. Intuit says the refresh token "may change"
 * and to always keep the latest: the sandbox hands out a new one when the current one is older than `rotateAfterMs`
 * (24 h by default, Intuit's documented cadence as far as we know: unconfirmed), and the previous one keeps working for
 * `graceMs` (24 h by default: unconfirmed) so a lost refresh answer can be retried.
 */
export type Client = { clientId: string; clientSecret: string; name: string; redirectUris: string[] | null };

export type TokenAnswer = {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
};

export type AuthSettings = { accessTokenSeconds: number; refreshLifetimeMs: number; rotateAfterMs: number; graceMs: number };

export const DAY_MS = 86_400_000;
export const INTUIT_AUTH: AuthSettings = {
  accessTokenSeconds: 3600,
  refreshLifetimeMs: 100 * DAY_MS,
  rotateAfterMs: DAY_MS,
  graceMs: DAY_MS,
};
const HARD_LIFETIME_MS = 5 * 365 * DAY_MS;
const CODE_LIFETIME_MS = 5 * 60_000;

type Grant = { id: string; clientId: string; realmId: string; scope: string; createdAt: number; revoked: boolean };
type Code = { grantId: string; redirectUri: string; challenge: string | null; method: string | null; expiresAt: number; used: boolean };
type Refresh = { grantId: string; issuedAt: number; lastUsedAt: number; supersededAt: number | null; successor: string | null };

export type Bearer = { ok: true; clientId: string; realmId: string } | { ok: false; detail: string };
export type Outcome = { ok: true; answer: TokenAnswer } | { ok: false; error: 'invalid_grant' | 'invalid_request' };

function randomToken(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Buffer.from(b).toString('base64url');
}

export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return Buffer.from(digest).toString('base64url');
}

export type AuthStore = ReturnType<typeof createAuthStore>;

export function createAuthStore(opts: { clients: Client[]; now: () => number; settings: () => AuthSettings }) {
  const clients = new Map(opts.clients.map((c) => [c.clientId, c]));
  const grants = new Map<string, Grant>();
  const codes = new Map<string, Code>();
  const access = new Map<string, { grantId: string; expiresAt: number }>();
  const refresh = new Map<string, Refresh>();

  function client(clientId: string, secret?: string): Client | null {
    const c = clients.get(clientId);
    return !c || (secret !== undefined && c.clientSecret !== secret) ? null : c;
  }

  function consent(clientId: string, realmId: string, scope: string): Grant {
    const grant: Grant = { id: crypto.randomUUID(), clientId, realmId, scope, createdAt: opts.now(), revoked: false };
    grants.set(grant.id, grant);
    return grant;
  }

  function issueCode(grantId: string, redirectUri: string, challenge: string | null, method: string | null): string {
    // Intuit's codes look like "AB11…"; the prefix only makes logs easier to read.
    const code = `AB11${randomToken(24)}`;
    codes.set(code, { grantId, redirectUri, challenge, method, expiresAt: opts.now() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  function answer(grant: Grant, refreshToken: string, withHard: boolean): TokenAnswer {
    const s = opts.settings();
    const now = opts.now();
    const token = randomToken(48);
    access.set(token, { grantId: grant.id, expiresAt: now + s.accessTokenSeconds * 1000 });
    const r = refresh.get(refreshToken)!;
    const hardEnd = grant.createdAt + HARD_LIFETIME_MS;
    const softEnd = Math.min(r.lastUsedAt + s.refreshLifetimeMs, hardEnd);
    return {
      token_type: 'bearer',
      access_token: token,
      refresh_token: refreshToken,
      expires_in: s.accessTokenSeconds,
      x_refresh_token_expires_in: Math.floor((softEnd - now) / 1000),
      ...(withHard ? { x_refresh_token_hard_expires_in: Math.floor((hardEnd - now) / 1000) } : {}),
    };
  }

  function newRefresh(grantId: string): string {
    const token = `RT1-${randomToken(36)}`;
    const now = opts.now();
    refresh.set(token, { grantId, issuedAt: now, lastUsedAt: now, supersededAt: null, successor: null });
    return token;
  }

  async function exchangeCode(
    clientId: string,
    code: string,
    redirectUri: string,
    verifier: string | null,
    withHard: boolean,
  ): Promise<Outcome> {
    const c = codes.get(code);
    const grant = c && grants.get(c.grantId);
    if (!c || !grant || grant.clientId !== clientId || c.used || c.expiresAt <= opts.now() || c.redirectUri !== redirectUri) {
      return { ok: false, error: 'invalid_grant' };
    }
    if (c.challenge !== null) {
      if (!verifier) return { ok: false, error: 'invalid_request' };
      const computed = c.method === 'S256' ? await s256(verifier) : verifier;
      if (computed !== c.challenge) return { ok: false, error: 'invalid_grant' };
    }
    c.used = true;
    return { ok: true, answer: answer(grant, newRefresh(grant.id), withHard) };
  }

  function useRefreshToken(clientId: string, token: string, withHard: boolean): Outcome {
    const s = opts.settings();
    const now = opts.now();
    const r = refresh.get(token);
    const grant = r && grants.get(r.grantId);
    if (!r || !grant || grant.revoked || grant.clientId !== clientId) return { ok: false, error: 'invalid_grant' };
    if (now >= Math.min(r.lastUsedAt + s.refreshLifetimeMs, grant.createdAt + HARD_LIFETIME_MS))
      return { ok: false, error: 'invalid_grant' };
    if (r.supersededAt !== null) {
      // A superseded token still answers during the grace period, with the latest token of its line.
      if (now >= r.supersededAt + s.graceMs) return { ok: false, error: 'invalid_grant' };
      let latest = r.successor!;
      while (refresh.get(latest)?.successor) latest = refresh.get(latest)!.successor!;
      return useRefreshToken(clientId, latest, withHard);
    }
    r.lastUsedAt = now;
    if (now - r.issuedAt < s.rotateAfterMs) return { ok: true, answer: answer(grant, token, withHard) };
    const next = newRefresh(grant.id);
    r.supersededAt = now;
    r.successor = next;
    return { ok: true, answer: answer(grant, next, withHard) };
  }

  function bearer(token: string): Bearer {
    const a = access.get(token);
    const grant = a && grants.get(a.grantId);
    if (!a || !grant) return { ok: false, detail: 'Token invalid' };
    if (grant.revoked) return { ok: false, detail: 'Token revoked' };
    if (a.expiresAt <= opts.now()) return { ok: false, detail: 'Token expired' };
    return { ok: true, clientId: grant.clientId, realmId: grant.realmId };
  }

  /** Revoking either token of a consent ends the whole consent (Intuit: "revokes all tokens for the connection"). */
  function revoke(clientId: string, token: string): boolean {
    const grantId = refresh.get(token)?.grantId ?? access.get(token)?.grantId;
    const grant = grantId ? grants.get(grantId) : undefined;
    if (!grant || grant.clientId !== clientId) return false;
    grant.revoked = true;
    return true;
  }

  /**
   * The access tokens handed out so far (for one company, or all) stop working now, as if they had expired early: a
   * "token dies mid-sync" for tests. The consent and its refresh token are untouched, so a refresh brings a new one.
   */
  function killAccessTokens(realmId?: string): number {
    const now = opts.now();
    let killed = 0;
    for (const a of access.values()) {
      const grant = grants.get(a.grantId);
      if (!grant || a.expiresAt <= now || (realmId !== undefined && grant.realmId !== realmId)) continue;
      a.expiresAt = now;
      killed += 1;
    }
    return killed;
  }

  /** Whether the app holds a consent for the company that has not been revoked (who hears its webhooks). */
  function connected(clientId: string, realmId: string): boolean {
    for (const g of grants.values()) if (g.clientId === clientId && g.realmId === realmId && !g.revoked) return true;
    return false;
  }

  return { client, consent, issueCode, exchangeCode, useRefreshToken, bearer, revoke, killAccessTokens, connected };
}
