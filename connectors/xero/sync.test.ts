import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChangePage } from '../../src/core/ledger.ts';
import { xeroConfig } from './config.ts';
import { createXeroConnector } from './index.ts';
import { API, CONN, deps, msDate, rawInvoice, recorder, TENANT, tokenEndpoint, validation, vaultWith } from './testkit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const contacts = [1, 2].map((n) => ({
  ContactID: `c-${n}`,
  Name: `Client ${n}`,
  EmailAddress: `c${n}@example.fr`,
  UpdatedDateUTC: msDate(`2026-01-0${n}T08:00:00Z`),
}));
const invoices = [1, 2, 3, 4, 5].map((n) => rawInvoice(n));
const creditNotes = [
  {
    CreditNoteID: 'cn-1',
    Type: 'ACCRECCREDIT',
    Contact: { ContactID: 'c-1' },
    Status: 'AUTHORISED',
    CurrencyCode: 'EUR',
    Allocations: [],
    UpdatedDateUTC: msDate('2026-01-20T00:00:00Z'),
  },
];
const DATA: Record<string, Record<string, unknown>[]> = { Contacts: contacts, Invoices: invoices, Payments: [], CreditNotes: creditNotes };

/** Xero's list endpoints: If-Modified-Since, page, pageSize and the pagination envelope. */
function lists(rec: ReturnType<typeof recorder>) {
  return Object.keys(DATA).map((key) =>
    http.get(`${API}/${key}`, async ({ request }) => {
      const s = await rec.record(request);
      const since = s.headers.get('if-modified-since');
      const ids = s.query.get('IDs')?.split(',');
      let rows = DATA[key]!.filter((r) => !since || Number(/\d+/.exec(String(r.UpdatedDateUTC))![0]) > Date.parse(since));
      if (ids) rows = rows.filter((r) => ids.includes(String(r.InvoiceID)));
      const page = Number(s.query.get('page') ?? 1);
      const size = Number(s.query.get('pageSize') ?? 100);
      const slice = s.query.has('page') ? rows.slice((page - 1) * size, page * size) : rows;
      return HttpResponse.json({
        Id: 'x',
        Status: 'OK',
        pagination: { page, pageSize: size, pageCount: Math.ceil(rows.length / size), itemCount: rows.length },
        [key]: slice,
      });
    }),
  );
}

async function setup(overrides: Parameters<typeof xeroConfig>[0] = {}, expiresInMs = 20 * 60_000) {
  const rec = recorder();
  const waits: number[] = [];
  const vault = await vaultWith(expiresInMs);
  const connector = createXeroConnector(xeroConfig(overrides), deps(vault, waits));
  return { rec, waits, vault, connector };
}

async function drain(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('changes()', () => {
  it('syncs contacts → invoices → payments → credit notes in pages, then only what changed since', async () => {
    const { rec, connector } = await setup({ overrides: { limits: { pageSize: 2 } } });
    server.use(...lists(rec));
    const first = await drain(connector.changes(CONN, null));
    expect(first.map((p) => `${p.entity}:${p.contacts.length + p.invoices.length + p.payments.length + p.creditNotes.length}`)).toEqual([
      'contacts:2',
      'invoices:2',
      'invoices:2',
      'invoices:1',
      'payments:0',
      'creditNotes:1',
    ]);
    expect(first.filter((p) => p.entity === 'invoices').map((p) => p.progress)).toEqual([
      { done: 2, total: 5 },
      { done: 4, total: 5 },
      { done: 5, total: 5 },
    ]);
    expect(rec.seen.every((s) => s.headers.get('if-modified-since') === null)).toBe(true);
    expect(rec.seen.find((s) => s.path === '/Invoices')?.query.get('where')).toBe('Type=="ACCREC"');
    expect(rec.seen.every((s) => s.headers.get('xero-tenant-id') === TENANT && s.headers.get('authorization') === 'Bearer at-0')).toBe(
      true,
    );

    rec.seen.length = 0;
    const again = await drain(connector.changes(CONN, first.at(-1)!.cursor));
    // the overlapping second is read again from Xero, but what the last round delivered is not delivered twice
    expect(again.every((p) => p.invoices.length + p.contacts.length + p.creditNotes.length === 0)).toBe(true);
    const sinceOf = (path: string) => rec.seen.find((s) => s.path === path)?.headers.get('if-modified-since');
    // newest change seen, minus a second so a change in that same second is read again rather than lost
    expect(sinceOf('/Invoices')).toBe('2026-01-10T00:00:04.000Z');
    expect(sinceOf('/Contacts')).toBe('2026-01-02T07:59:59.000Z');
    expect(sinceOf('/Payments')).toBeNull();
  });

  it('delivers records that share the last second once, and a record changed within that second again', async () => {
    const { rec, connector } = await setup({ overrides: { limits: { pageSize: 2 } } });
    const sameSecond = [11, 12, 13].map((n) => rawInvoice(n, { UpdatedDateUTC: msDate(`2026-01-30T10:00:00.${100 + n}Z`) }));
    DATA.Invoices!.push(...sameSecond);
    try {
      server.use(...lists(rec));
      const first = await drain(connector.changes(CONN, null));
      expect(first.flatMap((p) => p.invoices.map((i) => i.number))).toContain('INV-0013');
      const quiet = await drain(connector.changes(CONN, first.at(-1)!.cursor));
      expect(quiet.flatMap((p) => p.invoices)).toEqual([]);
      // a payment on INV-0012 a few milliseconds later: same second as the high mark, a new version
      sameSecond[1]!.UpdatedDateUTC = msDate('2026-01-30T10:00:00.500Z');
      const changed = await drain(connector.changes(CONN, quiet.at(-1)!.cursor));
      expect(changed.flatMap((p) => p.invoices.map((i) => i.number))).toEqual(['INV-0012']);
    } finally {
      DATA.Invoices!.splice(-3, 3);
    }
  });

  it('resumes after the last stored page, not before it', async () => {
    const { rec, connector } = await setup({ overrides: { limits: { pageSize: 2 } } });
    server.use(...lists(rec));
    const pages = await drain(connector.changes(CONN, null));
    const afterFirstInvoicePage = pages[1]!.cursor;
    rec.seen.length = 0;
    const resumed = await drain(connector.changes(CONN, afterFirstInvoicePage));
    expect(rec.seen[0]).toMatchObject({ path: '/Invoices' });
    expect(rec.seen[0]!.query.get('page')).toBe('2');
    expect(resumed.flatMap((p) => p.invoices.map((i) => i.number))).toEqual(['INV-0003', 'INV-0004', 'INV-0005']);
  });

  it('falls back to 100 a page when Xero refuses 1000, and keeps that size in the cursor', async () => {
    const { rec, connector } = await setup();
    server.use(
      http.get(`${API}/Contacts`, ({ request }) =>
        new URL(request.url).searchParams.get('pageSize') === '1000' ? validation('pageSize must be between 1 and 100') : undefined,
      ),
      ...lists(rec),
    );
    const pages = await drain(connector.changes(CONN, null));
    expect(rec.seen.map((s) => s.query.get('pageSize'))).toEqual(['100', '100', '100', '100']);
    expect(JSON.parse(pages[0]!.cursor).pageSize).toBe(100);
  });

  it('reports records its mapper refuses and goes on with the page', async () => {
    const { rec, connector } = await setup();
    const broken = rawInvoice(9, { Status: 'ODD' });
    DATA.Invoices!.push(broken);
    try {
      server.use(...lists(rec));
      const page = (await drain(connector.changes(CONN, null))).find((p) => p.entity === 'invoices')!;
      expect(page.invoices).toHaveLength(5);
      expect(page.rejected).toEqual([{ entity: 'invoice', externalId: broken.InvoiceID, reason: expect.stringContaining('Status') }]);
    } finally {
      DATA.Invoices!.pop();
    }
  });
});

describe('invoicesByIds()', () => {
  it('reads 120 invoices in ONE call per batch of 50', async () => {
    const { rec, connector } = await setup();
    server.use(...lists(rec));
    const ids = Array.from({ length: 120 }, (_, i) => String(rawInvoice(i + 1).InvoiceID));
    const found = await connector.invoicesByIds(CONN, ids);
    const calls = rec.seen.filter((s) => s.path === '/Invoices');
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.query.get('IDs')!.split(',').length)).toEqual([50, 50, 20]);
    expect(found.map((i) => i.number)).toEqual(['INV-0001', 'INV-0002', 'INV-0003', 'INV-0004', 'INV-0005']);
  });
});

describe('calls under pressure', () => {
  const once = (status: number, headers: Record<string, string> = {}, body: unknown = { Title: 'oops' }) => {
    let sent = false;
    return http.get(`${API}/Invoices`, () => {
      if (sent) return undefined;
      sent = true;
      return HttpResponse.json(body as Record<string, unknown>, { status, headers });
    });
  };

  it('waits what Retry-After says after a 429, then goes on', async () => {
    const { rec, waits, connector } = await setup();
    server.use(once(429, { 'Retry-After': '7', 'X-Rate-Limit-Problem': 'minute' }), ...lists(rec));
    expect(await connector.invoicesByIds(CONN, [String(invoices[0]!.InvoiceID)])).toHaveLength(1);
    expect(waits).toEqual([7000]);
  });

  it('retries a 503 with backoff', async () => {
    const { rec, waits, connector } = await setup();
    server.use(once(503), ...lists(rec));
    expect(await connector.invoicesByIds(CONN, [String(invoices[0]!.InvoiceID)])).toHaveLength(1);
    expect(waits).toHaveLength(1);
  });

  it("fails a 400 ValidationException at once with Xero's message", async () => {
    const { rec, waits, connector } = await setup();
    server.use(
      http.get(`${API}/Invoices`, () => validation('The IDs parameter is malformed')),
      ...lists(rec),
    );
    await expect(connector.invoicesByIds(CONN, ['x'])).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('The IDs parameter is malformed'),
    });
    expect(waits).toEqual([]);
  });

  it('refreshes once and retries when Xero says 401 to a token that looked fresh', async () => {
    const { rec, vault, connector } = await setup();
    let refreshes = 0;
    server.use(
      tokenEndpoint(() => void refreshes++),
      http.get(`${API}/Invoices`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer at-0' ? HttpResponse.json({ Title: 'Unauthorized' }, { status: 401 }) : undefined,
      ),
      ...lists(rec),
    );
    expect(await connector.invoicesByIds(CONN, [String(invoices[0]!.InvoiceID)])).toHaveLength(1);
    expect(refreshes).toBe(1);
    expect((await vault.read('org-1'))?.accessToken).not.toBe('at-0');
  });

  it('refreshes an expired token once for a burst of concurrent calls', async () => {
    const { rec, connector } = await setup({}, -1);
    let refreshes = 0;
    server.use(
      tokenEndpoint(() => void refreshes++),
      ...lists(rec),
    );
    await Promise.all(Array.from({ length: 12 }, () => connector.invoicesByIds(CONN, [String(invoices[0]!.InvoiceID)])));
    expect(refreshes).toBe(1);
    expect(new Set(rec.seen.map((s) => s.headers.get('authorization'))).size).toBe(1);
  });
});
