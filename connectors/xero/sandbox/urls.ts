/**
 * Where the connector must point, per mode. Under msw the sandbox answers Xero's own hosts; as a server everything is
 * served from one origin with Xero's paths kept, so only the origins change.
 */
export type XeroUrls = {
  authorize: string;
  token: string;
  revocation: string;
  discovery: string;
  jwks: string;
  connections: string;
  /** Base of the Accounting API: `${accounting}/Invoices`. */
  accounting: string;
  /** Customer-facing online invoices. */
  onlineInvoices: string;
};

export const XERO_HOSTS = { login: 'https://login.xero.com', identity: 'https://identity.xero.com', api: 'https://api.xero.com' } as const;

function urls(login: string, identity: string, api: string): XeroUrls {
  return {
    authorize: `${login}/identity/connect/authorize`,
    token: `${identity}/connect/token`,
    revocation: `${identity}/connect/revocation`,
    discovery: `${identity}/.well-known/openid-configuration`,
    jwks: `${identity}/.well-known/openid-configuration/jwks`,
    connections: `${api}/connections`,
    accounting: `${api}/api.xro/2.0`,
    onlineInvoices: api === XERO_HOSTS.api ? 'https://in.xero.com' : `${api}/in.xero.com`,
  };
}

/** The real Xero URLs: what the sandbox answers through msw. */
export const xeroUrls: XeroUrls = urls(XERO_HOSTS.login, XERO_HOSTS.identity, XERO_HOSTS.api);

/** The URLs of a sandbox served at `origin` (e.g. http://127.0.0.1:4010). */
export function sandboxUrls(origin: string): XeroUrls {
  const o = origin.replace(/\/+$/, '');
  return urls(o, o, o);
}

/** The issuer an OpenID client must expect, per mode: Xero's, or the sandbox server's origin. */
export function urlsForRequest(requestUrl: string): XeroUrls {
  const { origin, hostname } = new URL(requestUrl);
  return hostname.endsWith('xero.com') ? xeroUrls : sandboxUrls(origin);
}

export function issuerOf(u: XeroUrls): string {
  return u.token.replace(/\/connect\/token$/, '');
}
