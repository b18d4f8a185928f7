import { beforeEach, describe, expect, it } from 'vitest';
import type { manualClock } from '../clock.ts';
import type { QuickBooksSandbox } from '../sandbox.ts';
import { type accountingClient, connectedSandbox } from '../testing.ts';

let clock: ReturnType<typeof manualClock>;
let sandbox: QuickBooksSandbox;
let api: ReturnType<typeof accountingClient>;
let realmId: string;

beforeEach(async () => {
  ({ clock, sandbox, api, realmId } = await connectedSandbox({ seed: 5 }));
});

const cdc = (entities: string, since: string) =>
  api('GET', `cdc?entities=${entities}&changedSince=${encodeURIComponent(since)}&minorversion=75`);

describe('QuickBooks sandbox CDC', () => {
  it('lists what changed since, per entity, deletions included', async () => {
    const realm = sandbox.state.realms.get(realmId)!;
    const [a, b] = [...realm.entities.Invoice.values()];
    clock.advance(60_000);
    const since = clock.now().toISOString();
    clock.advance(60_000);
    await api('POST', 'invoice', { body: { sparse: true, Id: a!.Id, SyncToken: a!.SyncToken, PrivateNote: 'changed' } });
    await api('POST', 'invoice?operation=delete', { body: { Id: b!.Id, SyncToken: b!.SyncToken } });
    const r = await cdc('Invoice,Payment', since);
    expect(r.status).toBe(200);
    const [invoices, payments] = r.json.CDCResponse[0].QueryResponse;
    expect(invoices.Invoice.map((i: any) => [i.Id, i.status ?? 'live'])).toEqual([
      [a!.Id, 'live'],
      [b!.Id, 'Deleted'],
    ]);
    expect(payments).toEqual({});
  });

  it('reports the seeded history within the last 30 days', async () => {
    const r = await cdc('Invoice', '2026-02-14T00:00:00Z');
    const rows = r.json.CDCResponse[0].QueryResponse[0].Invoice;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Date.parse(row.MetaData.LastUpdatedTime)).toBeGreaterThan(Date.parse('2026-02-14T00:00:00Z'));
  });

  it('refuses changedSince older than 30 days, unknown entities and a missing date', async () => {
    const old = await cdc('Invoice', '2026-02-01T00:00:00Z');
    expect(old.status).toBe(400);
    expect(old.json.Fault.type).toBe('ValidationFault');
    expect((await cdc('Widget', '2026-03-10T00:00:00Z')).status).toBe(400);
    expect((await api('GET', 'cdc?entities=Invoice')).status).toBe(400);
  });
});
