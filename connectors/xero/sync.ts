import { z } from 'zod';
import { LedgerError, type ConnectionRef } from '../../src/core/ports.ts';
import type { ChangePage, LedgerInvoice } from '../../src/core/ledger.ts';
import type { ConnectorLogger } from '../shared/definition.ts';
import type { XeroCall } from './client.ts';
import type { XeroConfig } from './config.ts';
import { ENTITIES, idOf, mapRecords, readEnvelope, updatedAtOf, type Entity } from './mappers.ts';
import { parseJson } from '../shared/json.ts';

const ORDER: readonly Entity[] = ['contacts', 'invoices', 'payments', 'creditNotes'];
const OLDEST_FIRST = 'UpdatedDateUTC ASC';
const SALES = 'Type=="ACCREC"';

/** How each entity is listed: incremental by If-Modified-Since, oldest change first, one page at a time. */
const LIST: Record<Entity, (c: XeroCall, conn: ConnectionRef, since: Date | undefined, page: number, size: number) => Promise<unknown>> = {
  contacts: (call, conn, since, page, size) =>
    call(conn, 'list contacts', (api, t) =>
      api.getContacts(t, since, undefined, OLDEST_FIRST, undefined, page, true, undefined, undefined, size),
    ),
  invoices: (call, conn, since, page, size) =>
    call(conn, 'list invoices', (api, t) =>
      api.getInvoices(
        t,
        since,
        SALES,
        OLDEST_FIRST,
        undefined,
        undefined,
        undefined,
        undefined,
        page,
        undefined,
        undefined,
        undefined,
        undefined,
        size,
      ),
    ),
  payments: (call, conn, since, page, size) =>
    call(conn, 'list payments', (api, t) => api.getPayments(t, since, undefined, OLDEST_FIRST, page, size)),
  creditNotes: (call, conn, since, page, size) =>
    call(conn, 'list credit notes', (api, t) => api.getCreditNotes(t, since, undefined, OLDEST_FIRST, page, undefined, size)),
};

const entity = z.enum(['contacts', 'invoices', 'payments', 'creditNotes']);
const syncCursor = z.object({
  v: z.literal(1),
  entity,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  since: z.partialRecord(entity, z.string()),
  /** Newest change seen so far in this entity's pass; becomes its `since` when the pass ends. */
  high: z.string().nullable(),
  done: z.number().int().min(0),
  /**
   * `id@stamp` of the records read in the last second before each entity's `since`. The next round asks from one
   * second earlier (see `sinceOf`) and would read them again: these exact versions are dropped, a newer one is kept.
   */
  overlap: z.partialRecord(entity, z.array(z.string())).default({}),
  /** The overlap being gathered in this entity's pass (records within a second of `high`). */
  near: z.array(z.string()).default([]),
});
export type SyncCursor = z.infer<typeof syncCursor>;

export function readCursor(text: string | null, config: XeroConfig): SyncCursor {
  const start: SyncCursor = {
    v: 1,
    entity: 'contacts',
    page: 1,
    pageSize: config.limits.pageSize,
    since: {},
    high: null,
    done: 0,
    overlap: {},
    near: [],
  };
  if (!text) return start;
  const parsed = syncCursor.safeParse(parseJson(text));
  if (!parsed.success) throw new RangeError(`not a Xero sync cursor: ${text.slice(0, 80)}`);
  return parsed.data;
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);
/** Xero compares If-Modified-Since to the second: step back one so a change in the same second is read again, not lost. */
const OVERLAP_MS = 1_000;
const sinceOf = (iso: string | undefined) => (iso ? new Date(Date.parse(iso) - OVERLAP_MS) : undefined);
/** A bulk import can stamp thousands of records in one second: past this many, the rest are simply read again. */
const MAX_OVERLAP = 2_000;

type Versioned = { raw: unknown; key: string | null; at: number | null };
const versionOf = (name: Entity, raw: unknown): Versioned => {
  const id = idOf(raw, ENTITIES[name].idKey);
  const stamp = updatedAtOf(raw);
  const at = stamp === null ? null : Date.parse(stamp);
  return { raw, key: id === null || at === null ? null : `${id}@${at}`, at };
};

/** The versions within a second of the newest: those the next round's overlapping read returns again. */
function nearHigh(kept: readonly string[], page: readonly Versioned[], high: string | null): string[] {
  if (high === null) return [];
  const floor = Date.parse(high) - OVERLAP_MS;
  const near = [...kept, ...page.filter((v) => v.key !== null).map((v) => v.key!)].filter(
    (k) => Number(k.slice(k.lastIndexOf('@') + 1)) >= floor,
  );
  return [...new Set(near)].slice(-MAX_OVERLAP);
}

/**
 * Pages of changes, contacts → invoices → payments → credit notes. Each page carries the cursor to resume AFTER it;
 * nothing is remembered here, so the cursor only moves when the caller stores the page and keeps its cursor.
 *
 * No page is a snapshot (ChangePage.snapshot), not even the first sync's: Xero's If-Modified-Since lists return
 * deleted and voided invoices and deleted payments themselves (Status DELETED/VOIDED with a new UpdatedDateUTC), so
 * an incremental read already sees every removal; and a first sync starts from an empty mirror, so a sweep would
 * find nothing to delete while risking records the sales filter or a paging quirk left out.
 */
export async function* xeroChanges(
  call: XeroCall,
  config: XeroConfig,
  conn: ConnectionRef,
  cursorText: string | null,
): AsyncGenerator<ChangePage> {
  let cursor = readCursor(cursorText, config);
  for (let i = ORDER.indexOf(cursor.entity); i < ORDER.length; ) {
    const name = ORDER[i]!;
    let body: unknown;
    try {
      body = await LIST[name](call, conn, sinceOf(cursor.since[name]), cursor.page, cursor.pageSize);
    } catch (error) {
      // some tenants refuse large pages: fall back once, and keep the smaller size in the cursor (pages depend on it)
      const refusedSize = error instanceof LedgerError && error.kind === 'refused' && cursor.pageSize > config.limits.fallbackPageSize;
      if (!refusedSize || cursor.page !== 1) throw error;
      cursor = { ...cursor, pageSize: config.limits.fallbackPageSize };
      continue;
    }
    const { records, pageCount, itemCount } = readEnvelope(body, ENTITIES[name].key);
    const versions = records.map((r) => versionOf(name, r));
    const high = records.reduce<string | null>((h, r) => later(h, updatedAtOf(r)), cursor.high);
    const near = nearHigh(cursor.near, versions, high);
    const last = pageCount !== null ? cursor.page >= pageCount : records.length < cursor.pageSize;
    const done = cursor.done + records.length;
    const progress = { done, total: itemCount };
    // what the previous round already delivered, read again only because of the one-second overlap
    const seen = new Set(cursor.overlap[name] ?? []);
    const fresh = versions.filter((v) => v.key === null || !seen.has(v.key)).map((v) => v.raw);
    if (last) {
      const since = high ? { ...cursor.since, [name]: high } : cursor.since;
      const overlap = high ? { ...cursor.overlap, [name]: near } : cursor.overlap;
      i++;
      // after the last entity the cursor points at the first again: the next sync is a new incremental round
      cursor = { ...cursor, entity: ORDER[i] ?? ORDER[0]!, page: 1, since, high: null, done: 0, overlap, near: [] };
    } else {
      cursor = { ...cursor, page: cursor.page + 1, high, done, near };
    }
    yield { entity: name, ...mapRecords(name, fresh), cursor: JSON.stringify(cursor), progress };
  }
}

/** The current state of these invoices: ONE `GET /Invoices?IDs=…` per batch. Unmappable ones are logged and left out. */
export async function xeroInvoicesByIds(
  call: XeroCall,
  config: XeroConfig,
  conn: ConnectionRef,
  externalIds: string[],
  logger?: ConnectorLogger,
): Promise<LedgerInvoice[]> {
  const ids = [...new Set(externalIds)];
  const out: LedgerInvoice[] = [];
  for (let at = 0; at < ids.length; at += config.limits.idsPerRead) {
    const batch = ids.slice(at, at + config.limits.idsPerRead);
    const body = await call(conn, 'read invoices', (api, t) => api.getInvoices(t, undefined, undefined, undefined, batch));
    const mapped = mapRecords('invoices', readEnvelope(body, 'Invoices').records);
    for (const r of mapped.rejected) logger?.warn({ vendor: 'xero', orgId: conn.orgId, ...r }, 'xero invoice rejected by its mapper');
    out.push(...mapped.invoices);
  }
  return out;
}
