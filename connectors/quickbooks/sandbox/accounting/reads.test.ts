import { beforeEach, describe, expect, it } from 'vitest';
import type { manualClock } from '../clock.ts';
import type { QuickBooksSandbox } from '../sandbox.ts';
import { accountingClient, connect, connectedSandbox } from '../testing.ts';

let clock: ReturnType<typeof manualClock>;
let sandbox: QuickBooksSandbox;
let api: ReturnType<typeof accountingClient>;
let realmId: string;

beforeEach(async () => {
  ({ clock, sandbox, api, realmId } = await connectedSandbox({ seed: 3 }));
});

const q = (text: string, extra = '') => `query?query=${encodeURIComponent(text)}&minorversion=75${extra}`;

describe('QuickBooks sandbox reads', () => {
  it('answers a query with QueryResponse, startPosition and maxResults', async () => {
    const r = await api('GET', q("select * from Invoice where Balance > '0' orderby DueDate desc startposition 1 maxresults 3"));
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 3 });
    const dues = r.json.QueryResponse.Invoice.map((i: any) => i.DueDate);
    expect(dues).toEqual([...dues].sort().reverse());
    expect(r.json.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
  });

  it('counts with totalCount, and answers an empty QueryResponse when nothing matches', async () => {
    const all = sandbox.state.realms.get(realmId)!.entities.Invoice.size;
    expect((await api('GET', q('SELECT COUNT(*) FROM Invoice'))).json.QueryResponse).toEqual({ totalCount: all });
    expect((await api('GET', q("select * from Invoice where DocNumber = 'nope'"))).json.QueryResponse).toEqual({});
  });

  it('pages with startposition and maxresults', async () => {
    const first = await api('GET', q('select * from Invoice startposition 1 maxresults 5'));
    const second = await api('GET', q('select * from Invoice startposition 6 maxresults 5'));
    const ids = [...first.json.QueryResponse.Invoice, ...second.json.QueryResponse.Invoice].map((i: any) => i.Id);
    expect(new Set(ids).size).toBe(10);
    expect(second.json.QueryResponse.startPosition).toBe(6);
  });

  it.each([
    ['select * from Widget'],
    ['select * from Invoice where Colour = 1'],
    ['select * from Invoice maxresults 1001'],
    ["select * from Invoice where Balance > '0' or DocNumber = '1'"],
  ])('refuses %s with a 400 ValidationFault code 4000', async (text) => {
    const r = await api('GET', q(text));
    expect(r.status).toBe(400);
    expect(r.json.Fault.type).toBe('ValidationFault');
    expect(r.json.Fault.Error[0]).toMatchObject({ code: '4000', Message: expect.any(String), Detail: expect.any(String) });
  });

  it('reads one entity, with InvoiceLink only when include=invoiceLink', async () => {
    const id = [...sandbox.state.realms.get(realmId)!.entities.Invoice.keys()][0];
    const plain = await api('GET', `invoice/${id}?minorversion=75`);
    expect(plain.json.Invoice.Id).toBe(id);
    expect(plain.json.Invoice.InvoiceLink).toBeUndefined();
    const linked = await api('GET', `invoice/${id}?minorversion=75&include=invoiceLink`);
    expect(linked.json.Invoice.InvoiceLink).toMatch(/^https:\/\//);
    const missing = await api('GET', 'invoice/999999');
    expect(missing.status).toBe(400);
    expect(missing.json.Fault.Error[0].code).toBe('610');
  });

  it('serves companyinfo and preferences', async () => {
    const info = await api('GET', `companyinfo/${realmId}?minorversion=75`);
    expect(info.json.CompanyInfo).toMatchObject({ Country: 'US', CompanyName: 'Sunrise Plumbing' });
    const prefs = await api('GET', 'preferences');
    expect(prefs.json.Preferences.CurrencyPrefs.HomeCurrency.value).toBe('USD');
  });

  it('refuses a call without a valid token (401) and another company (403)', async () => {
    const anon = accountingClient(sandbox, 'not-a-token', realmId);
    const r = await anon('GET', q('select * from Invoice'));
    expect(r.status).toBe(401);
    expect(r.json.fault.error[0].code).toBe('3200');
    const other = [...sandbox.state.realms.keys()].find((id) => id !== realmId)!;
    const session = await connect(sandbox, realmId);
    const cross = await accountingClient(sandbox, session.accessToken, other)('GET', 'preferences');
    expect(cross.status).toBe(403);
    expect(cross.json.Fault.type).toBe('AuthorizationFault');
  });

  it('expires access tokens after an hour', async () => {
    clock.advance(3600_000);
    const r = await api('GET', 'preferences');
    expect(r.status).toBe(401);
    expect(r.json.fault.error[0].detail).toMatch(/expired/);
  });
});
