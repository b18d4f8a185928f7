import type { SandboxApp } from '../context.ts';
import { urlsForRequest } from '../urls.ts';

/**
 * Intuit's discovery document. Intuit spells the path with an underscore (`openid_configuration`, and
 * `openid_sandbox_configuration` for development keys); the standard hyphenated path is served too for generic clients.
 */
export function discoveryRoutes(app: SandboxApp): void {
  const handler = (url: string) => {
    const u = urlsForRequest(url);
    return {
      issuer: u.issuer,
      authorization_endpoint: u.authorize,
      token_endpoint: u.token,
      revocation_endpoint: u.revoke,
      userinfo_endpoint: `${new URL(u.discovery).origin}/v1/openid_connect/userinfo`,
      jwks_uri: `${new URL(u.token).origin}/op/v1/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      scopes_supported: [
        'openid',
        'email',
        'profile',
        'address',
        'phone',
        'com.intuit.quickbooks.accounting',
        'com.intuit.quickbooks.payment',
      ],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      code_challenge_methods_supported: ['S256', 'plain'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
  };
  for (const path of [
    '/.well-known/openid_configuration',
    '/.well-known/openid_sandbox_configuration',
    '/.well-known/openid-configuration',
  ]) {
    app.get(path, (c) => c.json(handler(c.req.url)));
  }
}
