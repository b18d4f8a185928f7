/**
 * Intuit's hosts. Under msw the sandbox answers them; as a server everything is served from one origin with Intuit's
 * paths kept (the paths of the four hosts do not overlap), so only the origins change.
 */
export const INTUIT_HOSTS = {
  appcenter: 'https://appcenter.intuit.com',
  oauth: 'https://oauth.platform.intuit.com',
  developer: 'https://developer.api.intuit.com',
  api: 'https://quickbooks.api.intuit.com',
} as const;

export const PATHS = {
  authorize: '/connect/oauth2',
  token: '/oauth2/v1/tokens/bearer',
  revoke: '/v2/oauth2/tokens/revoke',
  discovery: '/.well-known/openid_configuration',
  accounting: '/v3/company',
} as const;

export type QuickBooksUrls = { authorize: string; token: string; revoke: string; discovery: string; issuer: string; api: string };

export function quickbooksUrls(origin?: string): QuickBooksUrls {
  const o = (host: string) => origin ?? host;
  return {
    authorize: `${o(INTUIT_HOSTS.appcenter)}${PATHS.authorize}`,
    token: `${o(INTUIT_HOSTS.oauth)}${PATHS.token}`,
    revoke: `${o(INTUIT_HOSTS.developer)}${PATHS.revoke}`,
    discovery: `${o(INTUIT_HOSTS.developer)}${PATHS.discovery}`,
    issuer: `${o(INTUIT_HOSTS.oauth)}/op/v1`,
    api: `${o(INTUIT_HOSTS.api)}${PATHS.accounting}`,
  };
}

/** The URLs to name in an answer: Intuit's when the request came to an Intuit host, else the serving origin's. */
export function urlsForRequest(url: string): QuickBooksUrls {
  const origin = new URL(url).origin;
  return Object.values(INTUIT_HOSTS).includes(origin as never) ? quickbooksUrls() : quickbooksUrls(origin);
}
