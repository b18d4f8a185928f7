import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from './consent.ts';
import { DEFAULT_CLIENT } from './sandbox.ts';
import { serveQuickBooksSandbox } from './serve.ts';

/**
 * Widely used third-party clients work against the emulator unchanged, pointed at its base URL: Intuit's own OAuth
 * library (intuit-oauth) and node-quickbooks, each with only its endpoint constants set to the emulator's origin.
 * They are CommonJS and keep their endpoints on the constructor, which is where their users override them too.
 */
const require = createRequire(import.meta.url);
const OAuthClient = require('intuit-oauth');
const QuickBooks = require('node-quickbooks');

let server: Awaited<ReturnType<typeof serveQuickBooksSandbox>>;
beforeAll(async () => {
  server = await serveQuickBooksSandbox({ port: 0, now: () => new Date('2026-03-16T15:00:00Z') });
  OAuthClient.authorizeEndpoint = `${server.origin}/connect/oauth2`;
  OAuthClient.tokenEndpoint = `${server.origin}/oauth2/v1/tokens/bearer`;
  OAuthClient.revokeEndpoint = `${server.origin}/v2/oauth2/tokens/revoke`;
  QuickBooks.V3_ENDPOINT_BASE_URL = `${server.origin}/v3/company/`;
});
afterAll(async () => {
  await server?.close();
});

type Callback = (error: unknown, result: any) => void;

function promised(qbo: Record<string, (...args: any[]) => void>, method: string, ...args: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => qbo[method]!(...args, ((e, r) => (e ? reject(e) : resolve(r))) as Callback));
}

describe('third-party QuickBooks clients against the emulator', () => {
  it('intuit-oauth connects, refreshes and revokes; node-quickbooks queries, updates sparsely, meets a stale SyncToken, reads CDC and attaches a note', async () => {
    const oauth = new OAuthClient({
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      environment: 'production',
      redirectUri: 'https://relance.example/cb',
    });
    const callback = await approveConsent(oauth.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'st-1' }));
    const realmId = new URL(callback).searchParams.get('realmId');
    expect(new URL(callback).searchParams.get('state')).toBe('st-1');
    const token = (await oauth.createToken(callback)).getJson();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: expect.any(Number) });
    await oauth.refresh();
    expect(oauth.getToken().access_token).not.toBe(token.access_token);

    const qbo = new QuickBooks(
      DEFAULT_CLIENT.clientId,
      DEFAULT_CLIENT.clientSecret,
      oauth.getToken().access_token,
      false,
      realmId,
      false,
      false,
      75,
      '2.0',
      oauth.getToken().refresh_token,
    );
    const info = await promised(qbo, 'getCompanyInfo', realmId);
    expect(info.CompanyName).toBeTruthy();
    const open = await promised(qbo, 'findInvoices', [
      { field: 'Balance', value: '0', operator: '>' },
      { field: 'limit', value: 5 },
    ]);
    expect(open.QueryResponse.Invoice).toHaveLength(5);
    expect(open.QueryResponse.Invoice.every((i: { Balance: number }) => i.Balance > 0)).toBe(true);
    const count = await promised(qbo, 'findInvoices', { count: true });
    expect(count.QueryResponse.totalCount).toBeGreaterThanOrEqual(5);
    const customers = await promised(qbo, 'findCustomers', { fetchAll: true });
    expect(customers.QueryResponse.Customer.length).toBeGreaterThan(0);

    const invoice = await promised(qbo, 'getInvoice', open.QueryResponse.Invoice[0].Id);
    const updated = await promised(qbo, 'updateInvoice', {
      Id: invoice.Id,
      SyncToken: invoice.SyncToken,
      sparse: true,
      PrivateNote: 'from a client',
    });
    expect(updated).toMatchObject({ PrivateNote: 'from a client', SyncToken: String(Number(invoice.SyncToken) + 1) });
    expect(updated.Line.length).toBe(invoice.Line.length);
    const stale = await promised(qbo, 'updateInvoice', {
      Id: invoice.Id,
      SyncToken: invoice.SyncToken,
      sparse: true,
      PrivateNote: 'late',
    }).catch((e: { response?: { status: number; data: unknown } }) => e.response);
    expect(stale?.status).toBe(400);
    expect(JSON.stringify(stale?.data)).toContain('5010');

    const cdc = await promised(qbo, 'changeDataCapture', ['Invoice', 'Payment'], '2026-03-15T00:00:00Z');
    expect(cdc.CDCResponse[0].QueryResponse.flatMap((q: object) => Object.keys(q))).toContain('Invoice');
    const note = await promised(qbo, 'createAttachable', {
      Note: 'reminder sent',
      AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoice.Id } }],
    });
    expect(note).toMatchObject({ Id: expect.any(String), Note: 'reminder sent' });

    await oauth.revoke();
    const after = await promised(qbo, 'getCompanyInfo', realmId).catch((e: { response?: { status: number } }) => e.response);
    expect(after?.status).toBe(401);
  });
});
