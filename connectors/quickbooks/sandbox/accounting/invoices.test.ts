import { beforeEach, describe, expect, it } from 'vitest';
import type { QuickBooksSandbox } from '../sandbox.ts';
import { type accountingClient, connectedSandbox } from '../testing.ts';

let sandbox: QuickBooksSandbox;
let api: ReturnType<typeof accountingClient>;
let realmId: string;

beforeEach(async () => {
  ({ sandbox, api, realmId } = await connectedSandbox({ seed: 5 }));
});

const realm = () => sandbox.state.realms.get(realmId)!;
const charges = () => [...realm().entities.Item.values()].find((i) => i.Name === 'Late payment charges')!;
const chargeLine = (amount: number) => ({
  Amount: amount,
  DetailType: 'SalesItemLineDetail',
  Description: 'Late payment charges',
  SalesItemLineDetail: { ItemRef: { value: charges().Id }, Qty: 1, UnitPrice: amount },
});

describe('QuickBooks sandbox invoice writes', () => {
  it('creates an invoice with totals, a number, dates and SyncToken 0', async () => {
    const customer = [...realm().entities.Customer.values()][0]!;
    const owed = customer.Balance as number;
    const r = await api('POST', 'invoice?minorversion=75', {
      body: { CustomerRef: { value: customer.Id }, Line: [chargeLine(40), chargeLine(12.5)] },
    });
    expect(r.status).toBe(200);
    expect(r.json.Invoice).toMatchObject({
      TotalAmt: 52.5,
      Balance: 52.5,
      SyncToken: '0',
      TxnDate: '2026-03-15',
      DueDate: '2026-04-14',
      CurrencyRef: { value: 'USD' },
    });
    expect(r.json.Invoice.DocNumber).toMatch(/^\d+$/);
    expect(realm().entities.Invoice.get(r.json.Invoice.Id)).toBeDefined();
    expect(realm().entities.Customer.get(customer.Id as string)!.Balance).toBeCloseTo(owed + 52.5, 2);
  });

  it('refuses a create without a customer or lines (2020)', async () => {
    const r = await api('POST', 'invoice', { body: { Line: [chargeLine(1)] } });
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].code).toBe('2020');
    const customer = [...realm().entities.Customer.values()][0]!;
    const badItem = { ...chargeLine(1), SalesItemLineDetail: { ItemRef: { value: '99999' }, Qty: 1, UnitPrice: 1 } };
    const unknown = await api('POST', 'invoice', { body: { CustomerRef: { value: customer.Id }, Line: [badItem] } });
    expect(unknown.json.Fault.Error[0]).toMatchObject({ code: '2500', Message: 'Invalid Reference Id' });
  });

  it('applies a sparse update, bumps SyncToken, and refuses the stale token with 5010', async () => {
    const inv = [...realm().entities.Invoice.values()].find((i) => i.Balance === i.TotalAmt)!;
    const r = await api('POST', 'invoice', {
      body: { sparse: true, Id: inv.Id, SyncToken: inv.SyncToken, PrivateNote: 'relance: reminder 1 sent' },
    });
    expect(r.status).toBe(200);
    expect(r.json.Invoice).toMatchObject({
      PrivateNote: 'relance: reminder 1 sent',
      SyncToken: String(Number(inv.SyncToken) + 1),
      DocNumber: inv.DocNumber,
    });
    expect(r.json.Invoice.Line).toEqual(inv.Line);
    const stale = await api('POST', 'invoice', { body: { sparse: true, Id: inv.Id, SyncToken: inv.SyncToken, PrivateNote: 'again' } });
    expect(stale.status).toBe(400);
    expect(stale.json.Fault).toMatchObject({ type: 'ValidationFault', Error: [{ code: '5010', Message: 'Stale Object Error' }] });
  });

  it('replaces every line when Line is sent, and keeps what was paid out of the balance', async () => {
    const inv = [...realm().entities.Invoice.values()].find((i) => (i.Balance as number) > 0 && i.Balance !== i.TotalAmt)!;
    const paid = (inv.TotalAmt as number) - (inv.Balance as number);
    const r = await api('POST', 'invoice', {
      body: { sparse: true, Id: inv.Id, SyncToken: inv.SyncToken, Line: [...(inv.Line as object[]), chargeLine(10)] },
    });
    expect(r.json.Invoice.Line).toHaveLength((inv.Line as object[]).length + 1);
    expect(r.json.Invoice.Balance).toBeCloseTo((inv.TotalAmt as number) + 10 - paid, 2);
  });

  it('replays a write with the same requestid instead of writing twice', async () => {
    const customer = [...realm().entities.Customer.values()][1]!;
    const before = realm().entities.Invoice.size;
    const body = { CustomerRef: { value: customer.Id }, Line: [chargeLine(15)] };
    const a = await api('POST', 'invoice?requestid=relance-charges-42', { body });
    const b = await api('POST', 'invoice?requestid=relance-charges-42', { body });
    expect(b.json).toEqual(a.json);
    expect(realm().entities.Invoice.size).toBe(before + 1);
    await api('POST', 'invoice?requestid=relance-charges-43', { body });
    expect(realm().entities.Invoice.size).toBe(before + 2);
  });

  it('deletes with operation=delete', async () => {
    const inv = [...realm().entities.Invoice.values()][0]!;
    const r = await api('POST', 'invoice?operation=delete', { body: { Id: inv.Id, SyncToken: inv.SyncToken } });
    expect(r.json.Invoice).toEqual({ Id: inv.Id, status: 'Deleted', domain: 'QBO' });
    expect((await api('GET', `invoice/${inv.Id}`)).json.Fault.Error[0].code).toBe('610');
  });

  it('voids with operation=void: the invoice stays, at zero, marked Voided; a paid one is refused', async () => {
    const all = [...realm().entities.Invoice.values()];
    const inv = all.find((i) => i.Balance === i.TotalAmt && (i.LinkedTxn as unknown[]).length === 0)!;
    const r = await api('POST', 'invoice?operation=void', { body: { Id: inv.Id, SyncToken: inv.SyncToken } });
    expect(r.status).toBe(200);
    expect(r.json.Invoice).toMatchObject({ Id: inv.Id, TotalAmt: 0, Balance: 0, PrivateNote: 'Voided', SyncToken: '1' });
    expect(r.json.Invoice.Line.every((l: { Amount: number }) => l.Amount === 0)).toBe(true);
    expect((await api('GET', `invoice/${inv.Id}`)).json.Invoice.Balance).toBe(0);
    const paid = all.find((i) => (i.LinkedTxn as { TxnType: string }[]).some((l) => l.TxnType === 'Payment'))!;
    const refused = await api('POST', 'invoice?operation=void', { body: { Id: paid.Id, SyncToken: paid.SyncToken } });
    expect(refused.json.Fault.Error[0].code).toBe('6000');
  });

  it('attaches a note to an invoice, and refuses a note for a missing invoice', async () => {
    const inv = [...realm().entities.Invoice.values()][0]!;
    const r = await api('POST', 'attachable', {
      body: { AttachableRef: [{ EntityRef: { type: 'Invoice', value: inv.Id } }], Note: 'Reminder 2 sent to amy@example.test' },
    });
    expect(r.status).toBe(200);
    expect(r.json.Attachable).toMatchObject({
      Note: 'Reminder 2 sent to amy@example.test',
      AttachableRef: [{ EntityRef: { type: 'Invoice', value: inv.Id } }],
    });
    const notes = await api(
      'GET',
      `query?query=${encodeURIComponent(`select * from Attachable where AttachableRef.EntityRef.value = '${inv.Id}'`)}`,
    );
    expect(notes.json.QueryResponse.Attachable).toHaveLength(1);
    const missing = await api('POST', 'attachable', {
      body: { AttachableRef: [{ EntityRef: { type: 'Invoice', value: '99999' } }], Note: 'x' },
    });
    expect(missing.json.Fault.Error[0].code).toBe('610');
  });
});
