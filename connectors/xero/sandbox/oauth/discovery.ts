import type { SandboxApp } from '../context.ts';
import { issuerOf, urlsForRequest } from '../urls.ts';
import { jwks } from './jwt.ts';

/** /.well-known/openid-configuration and its JWKS, naming the endpoints of whichever mode answered. */
export function discoveryRoutes(app: SandboxApp): void {
  app.get('/.well-known/openid-configuration', (c) => {
    const u = urlsForRequest(c.req.url);
    return c.json({
      issuer: issuerOf(u),
      jwks_uri: u.jwks,
      authorization_endpoint: u.authorize,
      token_endpoint: u.token,
      userinfo_endpoint: `${issuerOf(u)}/connect/userinfo`,
      end_session_endpoint: `${u.authorize.replace(/\/connect\/authorize$/, '')}/connect/endsession`,
      revocation_endpoint: u.revocation,
      scopes_supported: [
        'openid',
        'profile',
        'email',
        'offline_access',
        'accounting.invoices',
        'accounting.invoices.read',
        'accounting.payments',
        'accounting.payments.read',
        'accounting.contacts',
        'accounting.contacts.read',
        'accounting.settings',
        'accounting.settings.read',
        'accounting.transactions',
        'accounting.transactions.read',
      ],
      claims_supported: ['sub', 'xero_userid', 'global_session_id', 'email', 'given_name', 'family_name', 'preferred_username'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'form_post'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['plain', 'S256'],
      request_parameter_supported: true,
    });
  });
  app.get('/.well-known/openid-configuration/jwks', async (c) => c.json(await jwks()));
}
