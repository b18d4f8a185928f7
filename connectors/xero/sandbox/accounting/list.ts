import type { Context } from 'hono';
import { parseInstant } from '../format.ts';
import type { Tenant } from '../state.ts';
import { queryParseException, respond } from './errors.ts';
import { envelope } from './serialize.ts';
import { QueryError, listParam, param, parseOrder, parseWhere } from './query.ts';

/**
 * One list endpoint, whatever the collection: If-Modified-Since, the collection's own filters, `where`, `order`,
 * then `page`/`pageSize` with Xero's pagination envelope. Without `page` Xero answers everything, without line items.
 */

type Json = Record<string, unknown>;

export type ListSpec<T> = {
  key: string;
  records(tenant: Tenant): Iterable<T>;
  updatedAt(record: T): number;
  /** Filters from query parameters other than where/order (IDs, Statuses…); null when a parameter is malformed. */
  filter?(params: URLSearchParams, record: T): boolean;
  json(tenant: Tenant, record: T, paged: boolean): Json;
  /** Xero's order when none is asked for, on the records themselves (so only the page asked for is serialised). */
  defaultOrder(a: T, b: T): number;
  pageable: boolean;
};

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export function listResponse<T>(c: Context, tenant: Tenant, spec: ListSpec<T>, now: number): Response {
  const params = new URL(c.req.url).searchParams;
  const since = c.req.header('if-modified-since');
  const sinceMs = since ? parseInstant(since) : null;
  let where: ReturnType<typeof parseWhere>;
  let order: ReturnType<typeof parseOrder>;
  try {
    where = parseWhere(param(params, 'where'));
    order = parseOrder(param(params, 'order'));
  } catch (e) {
    if (e instanceof QueryError) return queryParseException(e.message);
    throw e;
  }
  const pageText = spec.pageable ? param(params, 'page') : undefined;
  const paged = pageText !== undefined;
  const whereText = param(params, 'where');
  const kept: T[] = [];
  for (const r of spec.records(tenant)) {
    // HTTP semantics: modified strictly after the stamp.
    if (sinceMs !== null && spec.updatedAt(r) <= sinceMs) continue;
    if (spec.filter && !spec.filter(params, r)) continue;
    kept.push(r);
  }
  kept.sort(spec.defaultOrder);
  // Without where/order, only the page is serialised: syncing 10,000 invoices stays linear.
  const lazy = !whereText && !order;
  let rows: (T | Json)[] = kept;
  if (!lazy) {
    const json = kept.map((r) => spec.json(tenant, r, paged)).filter(where);
    if (order) json.sort(order);
    rows = json;
  }
  const out = (slice: (T | Json)[]): Json[] => (lazy ? slice.map((r) => spec.json(tenant, r as T, paged)) : (slice as Json[]));
  if (!paged) return respond(200, envelope(crypto.randomUUID(), now, { [spec.key]: out(rows) }));
  const page = Math.max(1, Number.parseInt(pageText, 10) || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number.parseInt(param(params, 'pageSize') ?? '', 10) || DEFAULT_PAGE_SIZE));
  const slice = out(rows.slice((page - 1) * pageSize, page * pageSize));
  return respond(
    200,
    envelope(crypto.randomUUID(), now, {
      pagination: { page, pageSize, pageCount: Math.ceil(rows.length / pageSize), itemCount: rows.length },
      [spec.key]: slice,
    }),
  );
}

/** Oldest change first, then by id: a stable order for paging through a sync. */
export const byUpdate = <T extends { updatedAt: number; id: string }>(a: T, b: T): number =>
  a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `IDs=a,b` style filter on a record's id. */
export function inList(params: URLSearchParams, name: string, value: string, caseless = true): boolean {
  const list = listParam(params, name);
  if (!list) return true;
  return caseless ? list.some((v) => v.toLowerCase() === value.toLowerCase()) : list.includes(value);
}
