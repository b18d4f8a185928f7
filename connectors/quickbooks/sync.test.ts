import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QbCall } from './client.ts';
import type { Json } from './sandbox/state.ts';
import { type QuickBooksPage, quickbooksChanges, quickbooksInvoicesByIds, readCursor } from './sync.ts';
import { CONFIG, qbClientSetup, qbSetup } from './testkit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function drain(pages: AsyncIterable<QuickBooksPage>, stopAfter = Number.POSITIVE_INFINITY): Promise<QuickBooksPage[]> {
  const out: QuickBooksPage[] = [];
  for await (const p of pages) {
    out.push(p);
    if (out.length >= stopAfter) break;
  }
  return out;
}

const cents = (x: unknown) => Math.round(Number(x) * 100);
const all = (pages: QuickBooksPage[]) => ({
  contacts: pages.flatMap((p) => p.contacts),
  invoices: pages.flatMap((p) => p.invoices),
  payments: pages.flatMap((p) => p.payments),
  creditNotes: pages.flatMap((p) => p.creditNotes),
  deleted: pages.flatMap((p) => p.deleted),
  rejected: pages.flatMap((p) => p.rejected),
});

describe('first sync', () => {
  it('delivers every customer, invoice, payment and credit memo once, with the amounts QuickBooks holds', async () => {
    const { call, conn, realm } = await qbSetup();
    const pages = await drain(quickbooksChanges(call, { limits: { ...CONFIG.limits, pageSize: 5 } }, conn, null));
    const got = all(pages);
    expect(got.rejected).toEqual([]);
    const ids = (list: { externalId: string }[]) => list.map((r) => r.externalId).sort();
    const stored = (name: keyof typeof realm.entities) => [...realm.entities[name].keys()].sort();
    expect(ids(got.contacts)).toEqual(stored('Customer'));
    expect(ids(got.invoices)).toEqual(stored('Invoice'));
    expect(ids(got.payments)).toEqual(stored('Payment'));
    expect(ids(got.creditNotes)).toEqual(stored('CreditMemo'));
    for (const inv of got.invoices) {
      const raw = realm.entities.Invoice.get(inv.externalId)!;
      expect([inv.totalMinor, inv.amountDueMinor, inv.number]).toEqual([cents(raw.TotalAmt), cents(raw.Balance), raw.DocNumber]);
      expect(inv.paymentUrl).toBe(raw.InvoiceLink);
      expect(inv.status).toBe(Number(raw.Balance) === 0 ? 'paid' : 'open');
    }
    // a full read: every page says which snapshot it belongs to, and each entity's last page completes it
    expect(pages.every((p) => p.snapshot?.id === pages[0]!.snapshot!.id)).toBe(true);
    expect(pages.filter((p) => p.snapshot?.complete).map((p) => p.entity)).toEqual(['contacts', 'invoices', 'payments', 'creditNotes']);
    expect(readCursor(pages.at(-1)!.cursor)).toMatchObject({ mode: 'cdc' });
  });

  it('allocates a payment that pays two invoices to both', async () => {
    const { call, conn, realm, sandbox } = await qbSetup();
    const open = [...realm.entities.Invoice.values()].filter((i) => Number(i.Balance) > 20);
    const customer = (i: Json) => (i.CustomerRef as Json).value;
    const pair = open.flatMap((a) => open.filter((b) => b !== a && customer(b) === customer(a)).map((b) => [a, b] as const))[0]!;
    const paid = sandbox.control.pay(realm.id, [
      { invoiceId: pair[0].Id as string, amount: 10 },
      { invoiceId: pair[1].Id as string, amount: 12.5 },
    ]);
    const payments = all(await drain(quickbooksChanges(call, CONFIG, conn, null))).payments;
    expect(payments.find((p) => p.externalId === paid.Id)?.allocations).toEqual([
      { invoiceExternalId: pair[0].Id, amountMinor: 1000 },
      { invoiceExternalId: pair[1].Id, amountMinor: 1250 },
    ]);
  });
});

describe('later syncs', () => {
  it('read what changed through CDC, a deleted invoice and a voided one included', async () => {
    const { call, conn, realm, sandbox, clock, seen } = await qbSetup();
    const first = await drain(quickbooksChanges(call, CONFIG, conn, null));
    const invoices = [...realm.entities.Invoice.values()];
    const gone = invoices.find((i) => Number(i.Balance) === Number(i.TotalAmt))!;
    const voided = invoices.find((i) => i !== gone && Number(i.Balance) === Number(i.TotalAmt))!;
    clock.advance(600_000);
    sandbox.control.deleteInvoice(realm.id, gone.Id as string);
    sandbox.control.voidInvoice(realm.id, voided.Id as string);
    seen.length = 0;
    const next = await drain(quickbooksChanges(call, CONFIG, conn, first.at(-1)!.cursor));
    expect(seen.map((s) => s.path)).toEqual(['cdc']);
    const got = all(next);
    expect(got.deleted).toEqual([{ entity: 'invoices', externalId: gone.Id, updatedAt: expect.any(String) }]);
    expect(got.invoices.map((i) => [i.externalId, i.status])).toEqual([[voided.Id, 'voided']]);
    expect(next.every((p) => p.snapshot === undefined)).toBe(true);
    // the next round starts a minute before this one's answer (clocks differ): at most the same versions again
    clock.advance(600_000);
    const again = all(await drain(quickbooksChanges(call, CONFIG, conn, next.at(-1)!.cursor)));
    expect(again.invoices.map((i) => [i.externalId, i.updatedAt])).toEqual(got.invoices.map((i) => [i.externalId, i.updatedAt]));
  });

  it('fall back to a full read when the cursor is older than CDC reaches, and resume it after a crash', async () => {
    const { call, conn, realm, clock, seen } = await qbSetup();
    const small = { limits: { ...CONFIG.limits, pageSize: 4 } };
    const first = await drain(quickbooksChanges(call, small, conn, null));
    clock.advance(31 * 86_400_000);
    seen.length = 0;
    // the worker dies after storing the third page of the fallback
    const before = await drain(quickbooksChanges(call, small, conn, first.at(-1)!.cursor), 3);
    expect(seen[0]!.path).toBe('cdc');
    expect(seen.filter((s) => s.path !== 'cdc').every((s) => s.path === 'query')).toBe(true);
    const resumed = await drain(quickbooksChanges(call, small, conn, before.at(-1)!.cursor));
    const pages = [...before, ...resumed];
    const ids = all(pages).invoices.map((i) => i.externalId);
    expect(ids.sort()).toEqual([...realm.entities.Invoice.keys()].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(pages.map((p) => p.snapshot?.id)).size).toBe(1);
    expect(pages.at(-1)!.snapshot).toEqual({ id: pages[0]!.snapshot!.id, complete: true });
    expect(readCursor(pages.at(-1)!.cursor)).toMatchObject({ mode: 'cdc' });
  });

  it('does not skip a record when others are deleted between two pages of a full read', async () => {
    const { call, conn, realm, sandbox } = await qbSetup();
    const small = { limits: { ...CONFIG.limits, pageSize: 4 } };
    const pages: QuickBooksPage[] = [];
    const iter = quickbooksChanges(call, small, conn, null);
    for await (const p of iter) {
      pages.push(p);
      if (p.entity === 'invoices' && pages.filter((q) => q.entity === 'invoices').length === 1) {
        // the owner deletes every invoice delivered so far but one: positions shift by far more than the overlap
        for (const inv of p.invoices.slice(1)) sandbox.control.deleteInvoice(realm.id, inv.externalId);
      }
    }
    const delivered = new Set(all(pages).invoices.map((i) => i.externalId));
    for (const id of realm.entities.Invoice.keys()) expect(delivered.has(id), `invoice ${id}`).toBe(true);
  });
});

describe('deletions and snapshots', () => {
  it('passes what CDC reports deleted on in `deleted` (invoice, payment, credit memo), and names each full read apart', async () => {
    const cdc: QbCall = async () => ({
      CDCResponse: [
        {
          QueryResponse: [
            { Invoice: [{ Id: '76', status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: '2026-03-14T08:00:00-07:00' } }] },
            { Payment: [{ Id: '77', status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: '2026-03-14T09:00:00-07:00' } }] },
            { CreditMemo: [{ Id: '78', status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: '2026-03-14T10:00:00-07:00' } }] },
          ],
        },
      ],
      time: '2026-03-15T11:00:00.000-07:00',
    });
    const pages = await drain(
      quickbooksChanges(
        cdc,
        CONFIG,
        { orgId: 'o', externalId: '1' },
        JSON.stringify({ v: 1, mode: 'cdc', since: '2026-03-14T00:00:00.000Z' }),
      ),
    );
    expect(all(pages).deleted).toEqual([
      { entity: 'invoices', externalId: '76', updatedAt: '2026-03-14T15:00:00.000Z' },
      { entity: 'payments', externalId: '77', updatedAt: '2026-03-14T16:00:00.000Z' },
      { entity: 'creditNotes', externalId: '78', updatedAt: '2026-03-14T17:00:00.000Z' },
    ]);
    // nothing else: the store marks them deleted from `deleted` alone
    expect(all(pages)).toMatchObject({ invoices: [], payments: [], creditNotes: [], rejected: [] });
    expect(readCursor(pages.at(-1)!.cursor)).toEqual({ v: 1, mode: 'cdc', since: '2026-03-15T17:59:00.000Z' });

    const { call, conn, clock } = await qbSetup();
    const one = await drain(quickbooksChanges(call, CONFIG, conn, null), 1);
    clock.advance(86_400_000);
    const two = await drain(quickbooksChanges(call, CONFIG, conn, null), 1);
    expect(one[0]!.snapshot!.id).not.toBe(two[0]!.snapshot!.id);
  });
});

describe('CDC answers cut at 1000 objects', () => {
  const since = '2026-03-14T00:00:00.000Z';
  const cdcOf =
    (stamps: string[]): QbCall =>
    async () => ({
      CDCResponse: [
        {
          QueryResponse: [
            {
              Invoice: stamps.map((at, i) => ({ Id: String(i + 1), status: 'Deleted', MetaData: { LastUpdatedTime: at } })),
            },
          ],
        },
      ],
      time: '2026-03-15T10:00:00.000Z',
    });
  const cursorAfter = async (call: QbCall) =>
    readCursor(
      (await drain(quickbooksChanges(call, CONFIG, { orgId: 'o', externalId: '1' }, JSON.stringify({ v: 1, mode: 'cdc', since })))).at(-1)!
        .cursor,
    );

  it('reads again from the newest change delivered, not from when CDC answered', async () => {
    const stamps = Array.from({ length: 1000 }, (_, i) => new Date(Date.parse(since) + (i + 1) * 60_000).toISOString());
    expect(await cursorAfter(cdcOf(stamps))).toEqual({ v: 1, mode: 'cdc', since: new Date(Date.parse(stamps.at(-1)!) - 1).toISOString() });
  });

  it('reads the company in full when 1000 changes share one instant (CDC cannot page past them)', async () => {
    const same = new Date(Date.parse(since) + 1).toISOString();
    expect(await cursorAfter(cdcOf(Array(1000).fill(same)))).toMatchObject({ mode: 'full', entity: 0, position: 1 });
  });
});

describe('invoicesByIds', () => {
  it('reads the invoices in batches of idsPerRead, one query each', async () => {
    const { call, conn, realm, seen } = await qbSetup();
    const ids = [...realm.entities.Invoice.keys()].slice(0, 7);
    const got = await quickbooksInvoicesByIds(call, { limits: { ...CONFIG.limits, idsPerRead: 3 } }, conn, [...ids, ids[0]!]);
    expect(got.map((i) => i.externalId).sort()).toEqual([...ids].sort());
    expect(seen.map((s) => s.query.get('query'))).toEqual([
      `select * from Invoice where Id in ('${ids[0]}', '${ids[1]}', '${ids[2]}') maxresults 3`,
      `select * from Invoice where Id in ('${ids[3]}', '${ids[4]}', '${ids[5]}') maxresults 3`,
      `select * from Invoice where Id in ('${ids[6]}') maxresults 1`,
    ]);
  });
});

describe('through the connector client', () => {
  it('a first sync under 30% 429/503 delivers everything once; a month later CDC refuses and a full read follows', async () => {
    const { call, conn, config, realm, sandbox, clock } = await qbClientSetup(server);
    sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 9 });
    const first = all(await drain(quickbooksChanges(call, config, conn, null)));
    expect(first.rejected).toEqual([]);
    expect(first.invoices.map((i) => i.externalId).sort()).toEqual([...realm.entities.Invoice.keys()].sort());
    expect(first.payments.map((p) => p.externalId).sort()).toEqual([...realm.entities.Payment.keys()].sort());
    sandbox.control.faults(null);
    clock.advance(31 * 86_400_000);
    const later = await drain(
      quickbooksChanges(call, config, conn, JSON.stringify({ v: 1, mode: 'cdc', since: '2026-03-15T17:00:00.000Z' })),
    );
    expect(later.at(-1)!.snapshot).toMatchObject({ complete: true });
    expect(all(later).contacts).toHaveLength(realm.entities.Customer.size);
  });
});
