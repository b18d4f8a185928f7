import type { ConnectedTenant, ConnectFlow } from '../../connectors/shared/definition.ts';
import type { TokenSet } from '../../connectors/shared/tokens.ts';
import { signHmacSha256 } from '../../connectors/shared/signature.ts';
import type { CalendarDate } from '../../src/core/calendar.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import type { Store } from '../../src/core/store.ts';
import { createWebApp } from '../../src/web/app.ts';
import type { WebContext } from '../../src/web/context.ts';
import { newSession, sealSession, SESSION_COOKIE } from '../../src/web/middleware/session.ts';
import { secretBox } from '../../src/store/secret-box.ts';
import { org as orgFixture, contact, invoice, page } from '../fixtures/ledger.ts';
import { testDeps } from '../support/engine.ts';
import { FIRST_LEDGER, type KitEvent, webhookBodyOf } from '../support/ledgers.ts';

/**
 * The web app over a real store, a fake OAuth flow and the real webhook verifier of one registered ledger: the
 * registry's first (KIT_LEDGER). Tests in src/ take its id and display name from here and name no vendor.
 */
export const KIT_LEDGER = FIRST_LEDGER;
export const WEBHOOK_KEY = 'test-webhook-key';

/** How KIT_LEDGER's webhooks are delivered: its body for some changes, its signature header, a signature. */
export const KIT_WEBHOOK = {
  path: `/webhooks/${KIT_LEDGER.id}`,
  body: (events: readonly KitEvent[]) => webhookBodyOf(KIT_LEDGER)(events),
  signatureHeader: KIT_LEDGER.config.webhook.signatureHeader,
  /** Base64 HMAC-SHA256 of the raw body, what every registered ledger signs with. */
  sign: (raw: string, key = WEBHOOK_KEY) => signHmacSha256(raw, key),
};
export const COOKIE_SECRET = 'test-cookie-secret-0123456789';
/** The secret box the app seals SMTP passwords with (a fixed test key). */
export const SECRET_BOX = secretBox(Buffer.alloc(32, 7).toString('base64'));
export const RELAY = { address: 'reminders@relay.relance.test', domain: 'relay.relance.test' };

export class FakeFlow implements ConnectFlow {
  tenants: ConnectedTenant[] = [{ externalId: 'tenant-new', name: 'Atelier Dupont', connectionId: 'conn-1' }];
  email: string | null = 'owner@atelier-dupont.example';
  failWith: Error | null = null;
  completed: { callbackUrl: string; state: string; codeVerifier: string; redirectUri: string }[] = [];
  disconnected: { orgId: string; externalId: string }[] = [];
  private n = 0;

  async start(redirectUri: string) {
    if (this.failWith) throw this.failWith;
    this.n++;
    const state = `state-${this.n}-${Math.random().toString(36).slice(2)}`;
    return {
      url: `https://login.vendor.test/authorize?state=${state}&redirect_uri=${encodeURIComponent(redirectUri)}`,
      state,
      codeVerifier: `verifier-${this.n}`,
    };
  }

  async complete(input: { callbackUrl: string | URL; state: string; codeVerifier: string; redirectUri: string }) {
    if (this.failWith) throw this.failWith;
    this.completed.push({ ...input, callbackUrl: String(input.callbackUrl) });
    const tokens: TokenSet = { accessToken: 'at', refreshToken: 'rt', expiresAt: '2030-01-01T00:00:00Z' };
    return { tokens, tenants: this.tenants, identity: this.email ? { subject: 'user-1', email: this.email, name: 'Owner' } : null };
  }

  async disconnect(conn: { orgId: string; externalId: string }) {
    if (this.failWith) throw this.failWith;
    this.disconnected.push(conn);
  }
}

export function webKit(store: Store, start = '2026-03-04T09:00:00Z', overrides: Partial<WebContext> = {}) {
  const t = testDeps(store, start);
  const flow = new FakeFlow();
  const saved: { orgId: string; tokens: TokenSet }[] = [];
  const logs: { level: string; obj: object; msg?: string }[] = [];
  t.deps.log = {
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const ctx: WebContext = {
    deps: t.deps,
    connectors: {
      [KIT_LEDGER.id]: {
        id: KIT_LEDGER.id,
        displayName: KIT_LEDGER.displayName,
        flow,
        webhook: (raw, headers) => KIT_LEDGER.webhook(raw, headers, WEBHOOK_KEY),
      },
    },
    async saveTokens(orgId, tokens) {
      saved.push({ orgId, tokens });
    },
    publicUrl: 'https://relance.test',
    cookieSecret: COOKIE_SECRET,
    secureCookies: false,
    secrets: SECRET_BOX,
    relay: RELAY,
    ...overrides,
  };
  const app = createWebApp(ctx);

  /** A browser signed in to these organisations: its cookie header and the CSRF token its pages carry. */
  async function signIn(...orgIds: string[]) {
    const session = { ...newSession(Math.floor(Date.now() / 1000)), orgIds };
    return { cookie: `${SESSION_COOKIE}=${await sealSession(COOKIE_SECRET, session)}`, csrf: session.csrf };
  }

  function post(path: string, fields: Record<string, string | string[]>, cookie?: string) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    });
  }

  /** An organisation with one open invoice due yesterday, synced into the store. */
  async function seededOrg(overrides: Partial<Organisation> = {}) {
    const o = await store.createOrganisation(orgFixture({ vendor: KIT_LEDGER.id, ...overrides }));
    const { invoiceIds } = await store.applyChanges(
      o.id,
      page({
        contacts: [contact('c1', { name: 'Boulangerie Martin' })],
        invoices: [invoice('i1', { number: 'F-2026-001', dueDate: '2026-03-03' as CalendarDate })],
      }),
      t.clock.now().toISOString(),
    );
    return { org: o, invoiceId: invoiceIds[0]! };
  }

  return { ...t, ctx, app, flow, saved, logs, signIn, post, seededOrg };
}

/** Reads the session cookie a response set, to carry it to the next request like a browser. */
export function cookieFrom(res: Response): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set ? set.split(';')[0]! : null;
}
