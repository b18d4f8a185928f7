import * as oauth from 'oauth4webapi';
import type { ClientCredentials, OAuthConfig } from './definition.ts';
import { OAuthFailure, type TokenSet } from './tokens.ts';

/**
 * The OAuth 2.0 code flow (state + PKCE S256), refresh and revocation over oauth4webapi, driven by an OAuthConfig.
 * Token-endpoint failures become OAuthFailure so callers can tell "reconnect" from "try again".
 */
export type OAuthClient = {
  authorizationUrl(redirectUri: string, extra?: Record<string, string>): Promise<{ url: string; state: string; codeVerifier: string }>;
  exchangeCode(input: { callbackUrl: string | URL; state: string; codeVerifier: string; redirectUri: string }): Promise<{
    tokens: TokenSet;
    identity: { subject: string; email: string | null; name: string | null } | null;
  }>;
  refresh(refreshToken: string): Promise<TokenSet>;
  revoke(token: string): Promise<void>;
};

export type OAuthClientOptions = {
  /** Headers sent with every token-endpoint request (QuickBooks: `x-include-refresh-token-hard-expires-in`). */
  tokenRequestHeaders?: Record<string, string>;
};

/**
 * When the refresh token dies if nothing happens: the earlier of its rolling expiry (`x_refresh_token_expires_in`,
 * QuickBooks' 100 days) and its hard one (`x_refresh_token_hard_expires_in`, 5 years). Null when the vendor says
 * neither (Xero).
 */
export function refreshExpiry(r: Record<string, unknown>, now: number): string | null {
  const seconds = [r.x_refresh_token_expires_in, r.x_refresh_token_hard_expires_in]
    .map((v) => (typeof v === 'string' ? Number(v) : v))
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
  return seconds.length > 0 ? new Date(now + Math.min(...seconds) * 1000).toISOString() : null;
}

export function createOAuthClient(
  config: OAuthConfig,
  credentials: ClientCredentials,
  now: () => number = Date.now,
  options: OAuthClientOptions = {},
): OAuthClient {
  const as: oauth.AuthorizationServer = {
    issuer: config.issuer,
    authorization_endpoint: config.authorizationEndpoint,
    token_endpoint: config.tokenEndpoint,
    ...(config.revocationEndpoint ? { revocation_endpoint: config.revocationEndpoint } : {}),
    id_token_signing_alg_values_supported: [...config.idTokenSigningAlgs],
  };
  // ID-token time checks read OUR clock (injected in tests and the demo) and tolerate a little skew with the vendor:
  // a refresh must not fail over a few seconds of drift
  const clientNow = (): oauth.Client => ({
    client_id: credentials.clientId,
    [oauth.clockSkew]: Math.round((now() - Date.now()) / 1000),
    [oauth.clockTolerance]: 120,
  });
  const clientAuth =
    config.clientAuth === 'basic' ? oauth.ClientSecretBasic(credentials.clientSecret) : oauth.ClientSecretPost(credentials.clientSecret);
  // a sandbox served over plain http on localhost must be reachable; production URLs are https
  const insecure = [config.authorizationEndpoint, config.tokenEndpoint].some((u) => u.startsWith('http:'));
  const requestOptions = {
    ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(options.tokenRequestHeaders ? { headers: new Headers(options.tokenRequestHeaders) } : {}),
  };

  function toTokenSet(r: oauth.TokenEndpointResponse, previousRefresh?: string): TokenSet {
    const refreshToken = r.refresh_token ?? previousRefresh;
    if (!refreshToken) throw new OAuthFailure('refused', 'the token endpoint gave no refresh token (is offline_access requested?)');
    const refreshExpiresAt = refreshExpiry(r, now());
    return {
      ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
      accessToken: r.access_token,
      refreshToken,
      expiresAt: new Date(now() + (r.expires_in ?? 1800) * 1000).toISOString(),
      scope: r.scope ?? null,
      idToken: r.id_token ?? null,
    };
  }

  /** Sends a token-endpoint request and processes its answer, mapping failures. */
  async function tokenCall(send: () => Promise<Response>, process: (r: Response) => Promise<oauth.TokenEndpointResponse>) {
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      throw new OAuthFailure('transient', `token endpoint unreachable: ${(error as Error).message}`);
    }
    if (response.status >= 500 || response.status === 429) {
      throw new OAuthFailure('transient', `token endpoint answered ${response.status}`);
    }
    try {
      return await process(response);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        const kind = error.error === 'invalid_grant' ? 'invalid-grant' : 'refused';
        throw new OAuthFailure(kind, error.error_description ? `${error.error}: ${error.error_description}` : error.error);
      }
      throw new OAuthFailure('refused', (error as Error).message);
    }
  }

  return {
    async authorizationUrl(redirectUri, extra = {}) {
      const state = oauth.generateRandomState();
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const url = new URL(config.authorizationEndpoint);
      const params: Record<string, string> = {
        response_type: 'code',
        client_id: credentials.clientId,
        redirect_uri: redirectUri,
        scope: config.scopes.join(' '),
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...extra,
      };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return { url: url.href, state, codeVerifier };
    },

    async exchangeCode({ callbackUrl, state, codeVerifier, redirectUri }) {
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(as, clientNow(), new URL(callbackUrl), state);
      } catch (error) {
        throw new OAuthFailure('refused', `the authorization callback was refused: ${(error as Error).message}`);
      }
      const client = clientNow();
      const result = await tokenCall(
        () => oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, codeVerifier, requestOptions),
        (r) => oauth.processAuthorizationCodeResponse(as, client, r),
      );
      const claims = result.id_token ? oauth.getValidatedIdTokenClaims(result) : undefined;
      const identity = claims
        ? {
            subject: claims.sub,
            email: typeof claims.email === 'string' ? claims.email : null,
            name: typeof claims.name === 'string' ? claims.name : null,
          }
        : null;
      return { tokens: toTokenSet(result), identity };
    },

    async refresh(refreshToken) {
      const client = clientNow();
      const result = await tokenCall(
        () => oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, requestOptions),
        (r) => oauth.processRefreshTokenResponse(as, client, r),
      );
      return toTokenSet(result, refreshToken);
    },

    async revoke(token) {
      if (!config.revocationEndpoint) return;
      const response = await oauth.revocationRequest(as, clientNow(), clientAuth, token, requestOptions);
      try {
        await oauth.processRevocationResponse(response);
      } catch (error) {
        throw new OAuthFailure('refused', `revocation failed: ${(error as Error).message}`);
      }
    },
  };
}
