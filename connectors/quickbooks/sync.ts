import { z } from 'zod';
import type { ChangePage, LedgerDeletion, LedgerInvoice } from '../../src/core/ledger.ts';
import { LedgerError, type ConnectionRef } from '../../src/core/ports.ts';
import type { ConnectorLogger } from '../shared/definition.ts';
import { parseJson } from '../shared/json.ts';
import type { QbCall } from './client.ts';
import { type Deleted, ENTITIES, idOf, type MapContext, type QbEntity, recordsOf, updatedAtOf } from './mappers.ts';

/**
 * Reading a QuickBooks company, page by page, resumable from any page's cursor.
 *
 * - The first sync (and any sync CDC can no longer serve) is a FULL read of each entity through the query endpoint,
 *   `select * from <Entity> orderby Id startposition N maxresults M`. Its pages carry `snapshot: {id, complete}`: once
 *   an entity's last page is stored, what that entity's pages did not deliver is gone from the books.
 * - Later syncs ask change data capture (`cdc?entities=…&changedSince=…`) for what changed since the instant the
 *   previous read started, deletions included (`status: "Deleted"`), as incremental pages.
 * - CDC reaches back 30 days. A cursor older than that (the company was disconnected for a month, the worker down)
 *   is refused by QuickBooks; the sync then starts a new full read, itself resumable.
 *
 * Nothing is remembered here: the cursor moves only when the caller stores a page and keeps its cursor, so a crash
 * resumes from the last stored page.
 */

/** Re-read this much before the last read started: stamps and the answer's `time` come from different machines. */
const OVERLAP_MS = 60_000;
/** Startposition paging shifts when records are deleted mid-read: each page starts this many records back. */
const PAGE_OVERLAP = 5;
/** CDC answers at most 1000 objects of an entity a call (Intuit's documented cap). */
const CDC_MAX = 1000;

const CDC_ENTITIES = ENTITIES.map((e) => e.name).join(',');

const fullCursor = z.object({
  v: z.literal(1),
  mode: z.literal('full'),
  snapshot: z.string(),
  /** When this read started (the server's `time` of its first answer): the next incremental read starts there. */
  startedAt: z.string().nullable(),
  /** Index in ENTITIES of the entity being read, and the 1-based position of its next record. */
  entity: z.number().int().min(0),
  position: z.number().int().min(1),
  /** The highest Id delivered of this entity: records at or below it are not delivered twice. */
  lastId: z.string().nullable(),
  done: z.number().int().min(0),
});
const cdcCursor = z.object({ v: z.literal(1), mode: z.literal('cdc'), since: z.string() });
const syncCursor = z.discriminatedUnion('mode', [fullCursor, cdcCursor]);
export type SyncCursor = z.infer<typeof syncCursor>;
type FullCursor = z.infer<typeof fullCursor>;

export type SyncConfig = { limits: { pageSize: number; idsPerRead: number } };

/** A full read's snapshot id is named by its first answer's time (see fullPages): unique per read, fixed on resume. */
const startFull = (): FullCursor => ({
  v: 1,
  mode: 'full',
  snapshot: '',
  startedAt: null,
  entity: 0,
  position: 1,
  lastId: null,
  done: 0,
});

export function readCursor(text: string | null): SyncCursor {
  if (!text) return startFull();
  const parsed = syncCursor.safeParse(parseJson(text));
  if (!parsed.success) throw new RangeError(`not a QuickBooks sync cursor: ${text.slice(0, 80)}`);
  return parsed.data;
}

/**
 * A page of changes as this connector yields them: `deleted` always present, with what CDC reported deleted (invoices,
 * payments, credit memos; QuickBooks never deletes a customer, it makes it inactive). The store applies those guarded
 * on their stamp, as every change.
 */
export type QuickBooksPage = ChangePage & { deleted: LedgerDeletion[] };

const emptyPage = (entity: ChangePage['entity'], cursor: string): QuickBooksPage => ({
  entity,
  contacts: [],
  invoices: [],
  payments: [],
  creditNotes: [],
  rejected: [],
  deleted: [],
  cursor,
});

/** The answer's `time` (when QuickBooks answered), as an ISO instant, or null. */
function answerTime(body: unknown): string | null {
  const t = body && typeof body === 'object' ? (body as Record<string, unknown>).time : undefined;
  const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const minus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();
const idNumber = (id: string | null) => (id !== null && /^\d+$/.test(id) ? BigInt(id) : null);
/** QuickBooks ids are decimal digits, ordered as numbers. */
const idAfter = (id: string | null, last: string | null) => {
  if (last === null) return true;
  const a = idNumber(id);
  const b = idNumber(last);
  return a !== null && b !== null ? a > b : (id ?? '') > last;
};

/** Records mapped into the page's lists; deletions and rejections kept with their reasons. */
function mapInto(page: QuickBooksPage, index: number, raws: readonly unknown[], ctx: MapContext): void {
  const { entity, label, map } = ENTITIES[index]!;
  for (const raw of raws) {
    const m = map(raw, ctx);
    if (m.ok === 'skip') continue;
    if (m.ok === false) page.rejected.push({ entity: label, externalId: m.externalId, reason: m.reason });
    else if (m.ok === 'deleted') {
      const gone = m.value as Deleted;
      // a customer is never deleted (made inactive instead): a deleted one, should CDC say so, is nothing core can use
      if (entity !== 'contacts') page.deleted.push({ entity, ...gone });
    } else (page[entity] as unknown[]).push(m.value);
  }
}

/**
 * CDC refuses a `changedSince` older than 30 days with a 400 (code 4000; the sandbox words it "changedSince cannot be
 * more than 30 days in the past", Intuit's exact words are a guess). Any refusal of a CDC read is taken the same way:
 * a full read is correct whatever the reason, where matching words that may differ would leave the sync stuck.
 */
function isTooOld(error: unknown): boolean {
  return error instanceof LedgerError && error.kind === 'refused';
}

export async function* quickbooksChanges(
  call: QbCall,
  config: SyncConfig,
  conn: ConnectionRef,
  cursorText: string | null,
): AsyncGenerator<QuickBooksPage> {
  const home = homeCurrency(call, conn);
  let cursor = readCursor(cursorText);
  if (cursor.mode === 'cdc') {
    let body: unknown;
    try {
      body = await call(conn, 'read changes (CDC)', {
        method: 'GET',
        path: 'cdc',
        query: { entities: CDC_ENTITIES, changedSince: cursor.since },
      });
    } catch (error) {
      if (!isTooOld(error)) throw error;
      body = null;
    }
    if (body === null) {
      cursor = startFull();
    } else {
      yield* cdcPages(body, cursor, await contextFor(home, cdcRecords(body)));
      return;
    }
  }
  yield* fullPages(call, config, conn, cursor, home);
}

/** The records of each entity in a CDC answer: `CDCResponse[0].QueryResponse[]`, one object per entity asked. */
function cdcRecords(body: unknown): Map<QbEntity, unknown[]> {
  const out = new Map<QbEntity, unknown[]>();
  const responses = z
    .object({ CDCResponse: z.array(z.object({ QueryResponse: z.array(z.unknown()).default([]) })) })
    .catch({ CDCResponse: [] })
    .parse(body);
  for (const r of responses.CDCResponse.flatMap((c) => c.QueryResponse))
    for (const { name } of ENTITIES) out.set(name, [...(out.get(name) ?? []), ...recordsOf(r, name)]);
  return out;
}

function* cdcPages(body: unknown, cursor: z.infer<typeof cdcCursor>, ctx: MapContext): Generator<QuickBooksPage> {
  const records = cdcRecords(body);
  const answered = answerTime(body);
  // A truncated entity (1000 objects) is read again from its newest delivered change; otherwise from when CDC answered.
  let next = answered ? minus(answered, OVERLAP_MS) : cursor.since;
  for (const { name } of ENTITIES) {
    const list = records.get(name) ?? [];
    if (list.length < CDC_MAX) continue;
    const newest = list.map(updatedAtOf).reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
    if (newest !== null && newest < next) next = minus(newest, 1);
  }
  // 1000 changes stamped in the same instant cannot be paged by CDC: read the company in full instead
  const stuck = Date.parse(next) <= Date.parse(cursor.since);
  const after = stuck ? JSON.stringify(startFull()) : JSON.stringify({ v: 1, mode: 'cdc', since: next } satisfies SyncCursor);
  const before = JSON.stringify(cursor);
  for (let i = 0; i < ENTITIES.length; i++) {
    const last = i === ENTITIES.length - 1;
    // only the last page moves the cursor: a crash in between reads the same changes again (harmless: upserts)
    const page = emptyPage(ENTITIES[i]!.entity, last ? after : before);
    mapInto(page, i, records.get(ENTITIES[i]!.name) ?? [], ctx);
    yield page;
  }
}

async function* fullPages(
  call: QbCall,
  config: SyncConfig,
  conn: ConnectionRef,
  start: FullCursor,
  home: () => Promise<string | null>,
): AsyncGenerator<QuickBooksPage> {
  let cursor = start;
  const size = Math.min(1000, config.limits.pageSize);
  while (cursor.entity < ENTITIES.length) {
    const { name, entity } = ENTITIES[cursor.entity]!;
    // the overlap stays under half a page, so each page moves on
    const overlap = cursor.lastId === null ? 0 : Math.min(PAGE_OVERLAP, Math.floor(size / 2));
    const from = Math.max(1, cursor.position - overlap);
    const body = await call(conn, `read ${name} (full)`, {
      method: 'GET',
      path: 'query',
      query: {
        query: `select * from ${name} orderby Id startposition ${from} maxresults ${size}`,
        ...(name === 'Invoice' ? { include: 'invoiceLink' } : {}),
      },
    });
    const startedAt = cursor.startedAt ?? (answerTime(body) ? minus(answerTime(body)!, OVERLAP_MS) : null);
    // a reconnected company's new first read must not share an id with its old one: the store would take the old
    // read's records as delivered by this one
    if (!cursor.snapshot) cursor = { ...cursor, snapshot: `qb-full-${answerTime(body) ?? crypto.randomUUID()}` };
    const queryResponse = body && typeof body === 'object' ? (body as Record<string, unknown>).QueryResponse : undefined;
    const rows = recordsOf(queryResponse, name);
    // Records deleted since the last page shift positions down; if even the overlap is past what was delivered, more
    // were deleted than it covers: step back a page rather than skip a record (a skipped one would be taken as deleted).
    const overlapped = cursor.lastId === null || from === 1 || rows.some((r) => !idAfter(idOf(r), cursor.lastId));
    if (!overlapped) {
      cursor = { ...cursor, startedAt, position: Math.max(1, from - size) };
      continue;
    }
    const fresh = rows.filter((r) => idAfter(idOf(r), cursor.lastId));
    const lastId = fresh.map(idOf).reduce<string | null>((a, b) => (b !== null && idAfter(b, a) ? b : a), cursor.lastId);
    const complete = rows.length < size;
    const done = cursor.done + fresh.length;
    const position = from + rows.length;
    const nextCursor: SyncCursor = complete
      ? cursor.entity + 1 < ENTITIES.length
        ? { ...cursor, startedAt, entity: cursor.entity + 1, position: 1, lastId: null, done: 0 }
        : { v: 1, mode: 'cdc', since: startedAt ?? new Date(0).toISOString() }
      : { ...cursor, startedAt, position, lastId, done };
    const page: QuickBooksPage = {
      ...emptyPage(entity, JSON.stringify(nextCursor)),
      snapshot: { id: cursor.snapshot, complete },
      progress: { done, total: complete ? done : null },
    };
    mapInto(page, cursor.entity, fresh, await contextFor(home, new Map([[name, fresh]])));
    yield page;
    if (nextCursor.mode === 'cdc') return;
    cursor = nextCursor;
  }
}

/** The company's home currency, read once per sync and only when a record does not name its currency. */
function homeCurrency(call: QbCall, conn: ConnectionRef): () => Promise<string | null> {
  let read: Promise<string | null> | null = null;
  return () => {
    read ??= call(conn, 'read preferences', { method: 'GET', path: 'preferences' }).then((body) => {
      const parsed = z
        .object({ Preferences: z.object({ CurrencyPrefs: z.object({ HomeCurrency: z.object({ value: z.string() }) }) }) })
        .safeParse(body);
      return parsed.success ? parsed.data.Preferences.CurrencyPrefs.HomeCurrency.value : null;
    });
    return read;
  };
}

const needsCurrency = (name: QbEntity, raw: unknown) =>
  name !== 'Customer' &&
  raw !== null &&
  typeof raw === 'object' &&
  (raw as Record<string, unknown>).status !== 'Deleted' &&
  (raw as Record<string, unknown>).CurrencyRef === undefined;

async function contextFor(home: () => Promise<string | null>, records: Map<QbEntity, unknown[]>): Promise<MapContext> {
  const missing = [...records].some(([name, list]) => list.some((raw) => needsCurrency(name, raw)));
  return { homeCurrency: missing ? await home() : null };
}

/** The current state of these invoices: one `select … where Id in (…)` per `idsPerRead` ids. Unmappable ones are logged. */
export async function quickbooksInvoicesByIds(
  call: QbCall,
  config: SyncConfig,
  conn: ConnectionRef,
  externalIds: string[],
  logger?: ConnectorLogger,
): Promise<LedgerInvoice[]> {
  const ids = [...new Set(externalIds)].filter((id) => /^\d+$/.test(id));
  const home = homeCurrency(call, conn);
  const out: LedgerInvoice[] = [];
  for (let at = 0; at < ids.length; at += config.limits.idsPerRead) {
    const batch = ids.slice(at, at + config.limits.idsPerRead);
    const body = await call(conn, 'read invoices', {
      method: 'GET',
      path: 'query',
      query: {
        query: `select * from Invoice where Id in (${batch.map((id) => `'${id}'`).join(', ')}) maxresults ${batch.length}`,
        include: 'invoiceLink',
      },
    });
    const queryResponse = body && typeof body === 'object' ? (body as Record<string, unknown>).QueryResponse : undefined;
    const rows = recordsOf(queryResponse, 'Invoice');
    const page = emptyPage('invoices', '');
    mapInto(page, 1, rows, await contextFor(home, new Map([['Invoice', rows]])));
    for (const r of page.rejected)
      logger?.warn({ vendor: 'quickbooks', orgId: conn.orgId, ...r }, 'quickbooks invoice rejected by its mapper');
    out.push(...page.invoices);
  }
  return out;
}
