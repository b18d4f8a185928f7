import { beforeEach, describe, expect, it } from 'vitest';
import { calendarDate } from '../../../../src/core/calendar.ts';
import { manualClock } from '../clock.ts';
import { createQuickBooksSandbox, type QuickBooksSandbox } from '../sandbox.ts';
import { seedQuickBooks } from '../seed/seed.ts';
import { accountingClient, connect } from '../testing.ts';

const clock = manualClock('2026-03-15T18:00:00Z');
let sandbox: QuickBooksSandbox;
let api: ReturnType<typeof accountingClient>;
let realmId: string;

beforeEach(async () => {
  clock.set('2026-03-15T18:00:00Z');
  sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 5, today: calendarDate('2026-03-15'), now: clock.now() }),
  });
  const session = await connect(sandbox);
  realmId = session.realmId;
  api = accountingClient(sandbox, session.accessToken, realmId);
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
