import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/core/calendar.ts';
import type { ChangePage } from '../../src/core/ledger.ts';
import { MemoryTokenVault } from '../shared/memory-vault.ts';
import { quickbooksConfig, quickbooksDefinition } from './index.ts';
import { approveConsent, createQuickBooksSandbox, DEFAULT_CLIENT, manualClock, seedQuickBooks, signWebhook } from './sandbox/index.ts';
import { quickbooksSandboxHandlers } from './sandbox/msw.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const AT = '2026-03-15T18:00:00Z';

describe("QuickBooks' limits and write capabilities, as data (shared/reference/ledgers.md)", () => {
  it('declares 500 calls a minute per company, 10 at once, attachment notes of 2,000 characters, charges on an item', () => {
    const connector = quickbooksDefinition().create({
      vault: new MemoryTokenVault(),
      credentials: { clientId: 'id', clientSecret: 'secret' },
    });
    expect(connector.vendor).toBe('quickbooks');
    expect(connector.limits).toEqual({ calls: [{ max: 500, windowMs: 60_000 }], concurrency: 10, idsPerRead: 100 });
    expect(connector.writes).toEqual({ noteMaxLength: 2_000, note: 'attachment', chargesAsLine: true, chargesBookedTo: 'item' });
  });

  it('points every Intuit host at one origin for the emulator, and the API at the development host for development keys', () => {
    const local = quickbooksConfig({ origin: 'http://127.0.0.1:4020/' });
    expect([local.oauth.authorizationEndpoint, local.oauth.tokenEndpoint, local.discoveryUrl, local.api.companyBase]).toEqual([
      'http://127.0.0.1:4020/connect/oauth2',
      'http://127.0.0.1:4020/oauth2/v1/tokens/bearer',
      'http://127.0.0.1:4020/.well-known/openid_configuration',
      'http://127.0.0.1:4020/v3/company',
    ]);
    const development = quickbooksConfig({ environment: 'development' });
    expect(development.api.companyBase).toBe('https://sandbox-quickbooks.api.intuit.com/v3/company');
    expect(development.discoveryUrl).toBe('https://developer.api.intuit.com/.well-known/openid_sandbox_configuration');
  });
});

describe("QuickBooks' environment", () => {
  const env = quickbooksDefinition().env!;
  it('names every missing variable on its own line', () => {
    const result = env.settings(env.schema.parse({ QUICKBOOKS_CLIENT_ID: 'abc', QUICKBOOKS_CLIENT_SECRET: '' }));
    expect(result).toEqual({
      ok: false,
      missing: [
        'QUICKBOOKS_CLIENT_SECRET is not set: QuickBooks needs the client secret of your app',
        'QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN is not set: QuickBooks needs the key its webhooks are signed with',
      ],
    });
  });

  it('gives the app, the verifier token and a config on the chosen hosts; refuses a malformed environment name', () => {
    const result = env.settings(
      env.schema.parse({
        QUICKBOOKS_CLIENT_ID: 'abc',
        QUICKBOOKS_CLIENT_SECRET: 'shh',
        QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: 'vt',
        QUICKBOOKS_ENVIRONMENT: 'development',
      }),
    );
    if (!result.ok) throw new Error(result.missing.join('\n'));
    expect(result.settings.credentials).toEqual({ clientId: 'abc', clientSecret: 'shh' });
    expect(result.settings.webhookKey).toBe('vt');
    expect(result.settings.config.api.companyBase).toMatch(/^https:\/\/sandbox-quickbooks/);
    expect(env.schema.safeParse({ QUICKBOOKS_ENVIRONMENT: 'staging' }).success).toBe(false);
  });
});

describe('QuickBooks through its definition, over the emulator', () => {
  it('connects a company, reads every invoice, re-reads some by id, says where the company is, and hears its webhooks', async () => {
    const clock = manualClock(AT);
    const sandbox = createQuickBooksSandbox({
      now: clock.now,
      state: seedQuickBooks({ seed: 5, today: calendarDate(AT.slice(0, 10)), now: clock.now() }),
    });
    server.use(...quickbooksSandboxHandlers(sandbox));
    const definition = quickbooksDefinition();
    const vault = new MemoryTokenVault();
    const deps = {
      vault,
      credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
      clock,
      sleep: clock.sleep,
    };

    const flow = definition.connect(deps);
    const redirectUri = 'https://relance.example/connect/quickbooks/callback';
    const start = await flow.start(redirectUri);
    const callbackUrl = await approveConsent(start.url, (r) => Promise.resolve(sandbox.app.fetch(r)));
    const { tokens, tenants } = await flow.complete({ callbackUrl, state: start.state, codeVerifier: start.codeVerifier, redirectUri });
    const realmId = tenants[0]!.externalId;
    await vault.save('org-1', tokens);
    const conn = { orgId: 'org-1', externalId: realmId };

    const connector = definition.create(deps);
    const pages: ChangePage[] = [];
    for await (const page of connector.changes(conn, null)) pages.push(page);
    const invoices = pages.filter((p) => p.entity === 'invoices').flatMap((p) => p.invoices);
    const seeded = sandbox.state.realms.get(realmId)!.entities.Invoice;
    expect(invoices).toHaveLength(seeded.size);
    const some = invoices.slice(0, 3).map((i) => i.externalId);
    expect((await connector.invoicesByIds(conn, some)).map((i) => i.externalId).sort()).toEqual([...some].sort());
    expect(await connector.place!(conn)).toEqual(tenants[0]!.place);

    const body = JSON.stringify([
      {
        specversion: '1.0',
        id: 'e-1',
        source: 'intuit.x',
        type: 'qbo.invoice.updated.v1',
        time: AT,
        intuitentityid: some[0],
        intuitaccountid: realmId,
        data: {},
      },
    ]);
    const heard = definition.webhook(body, new Headers({ 'intuit-signature': signWebhook(body, 'vt') }), 'vt');
    expect(heard).toMatchObject({ ok: true, changes: [{ tenantId: realmId, entity: 'invoice', externalId: some[0] }] });
  });
});
