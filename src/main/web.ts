import { connectionExpiryReader } from '../store/token-vault.ts';
import type { WebContext } from '../web/context.ts';
import type { Runtime } from './runtime.ts';

/** What the web app is given, built once from the runtime, for the server, the demo and the fast-forward alike. */
export function webContextOf(runtime: Runtime, overrides: Partial<WebContext> = {}): WebContext {
  const { config } = runtime;
  return {
    deps: runtime.deps,
    connectors: Object.fromEntries(Object.values(runtime.connectors).flatMap((c) => (c ? [[c.app.id, c.app]] : []))),
    saveTokens: (orgId, tokens) => runtime.vault.save(orgId, tokens),
    connectionExpiry: connectionExpiryReader(runtime.store, runtime.vault),
    secrets: runtime.secrets,
    allowPrivateSmtpHosts: config.allowPrivateSmtpHosts,
    relay: { address: config.MAIL_RELAY_ADDRESS, domain: config.MAIL_DOMAIN },
    publicUrl: config.publicUrl,
    cookieSecret: config.cookieSecret,
    secureCookies: config.publicUrl.startsWith('https://'),
    ...(config.FRAME_ANCESTORS ? { frameAncestors: config.FRAME_ANCESTORS } : {}),
    trustProxy: config.TRUST_PROXY,
    readiness: runtime.readiness,
    ...overrides,
  };
}
