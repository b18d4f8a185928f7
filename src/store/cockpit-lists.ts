import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CalendarDate } from '../core/calendar.ts';
import type { CustomerQuery, CustomerRow, InvoiceQuery, InvoiceRow, UpcomingAction } from '../core/store.ts';
import { answerStates, containing, DIRECTIONS, flags, OPEN, pausedOn } from './cockpit-sql.ts';
import { json, toContact, toInvoice } from './rows.ts';
import type { Database } from './schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: rows are mapped field by field by the row helpers
type Row = Record<string, any>;
type Page<T> = { rows: T[]; total: number };

const none = sql`true`;

/** The direction a sort reads in when none is asked: names and dates ascending, amounts and lateness largest first. */
const naturalDirection = (sort: string): 'asc' | 'desc' => (sort === 'owed' || sort === 'overdue' ? 'desc' : 'asc');

/** count(*) over () is only there when a row is: a page past the end asks again for the count. */
async function paged<T>(rows: Row[], map: (r: Row) => T, count: () => Promise<number>, offset: number): Promise<Page<T>> {
  if (rows.length > 0) return { rows: rows.map(map), total: Number(rows[0]?.total) };
  return { rows: [], total: offset > 0 ? await count() : 0 };
}

/**
 * Customers with at least one invoice (charges invoices aside), their open balance per currency, their earliest next
 * action, and whether an open invoice of theirs is promised or disputed. Filters: overdue (an open invoice past due),
 * promised, disputed, broken-promise (on an open invoice), paused (the customer, or one of their open invoices, paused on
 * `today`). Sorts: name, owed (largest open balance in one currency), overdue (largest overdue part in one currency),
 * next-action (soonest first, none last); ties by name.
 */
export async function listCustomers(db: Kysely<Database>, orgId: string, q: CustomerQuery): Promise<Page<CustomerRow>> {
  const offset = Math.max(0, q.offset ?? 0);
  const rows = (await customersSql(orgId, q, q.limit, offset).execute(db)).rows;
  return paged(
    rows,
    (r) => ({
      contact: toContact(r),
      owed: json<CustomerRow['owed']>(r.owed).map((o) => ({
        currency: o.currency,
        openMinor: Number(o.openMinor),
        overdueMinor: Number(o.overdueMinor),
      })),
      openInvoices: Number(r.open_invoices),
      nextActionOn: (r.next_on ?? null) as CalendarDate | null,
      nextActionStep: r.next_step ?? null,
      promised: Boolean(r.promised),
      disputed: Boolean(r.disputed),
    }),
    async () => Number((await customersSql(orgId, q, 1, 0).execute(db)).rows[0]?.total ?? 0),
    offset,
  );
}

export function customersSql(orgId: string, q: CustomerQuery, limit: number, from: number) {
  const f = flags(q.today);
  const sort = q.sort ?? 'name';
  const dir = DIRECTIONS[q.direction ?? naturalDirection(sort)];
  const order: Record<NonNullable<CustomerQuery['sort']>, RawBuilder<unknown>> = {
    name: sql`lower(c.name) ${dir}, c.id ${dir}`,
    owed: sql`p.max_open ${dir}, lower(c.name), c.id`,
    overdue: sql`p.max_overdue ${dir}, lower(c.name), c.id`,
    'next-action': sql`p.next_on ${dir} nulls last, lower(c.name), c.id`,
  };
  const filter: Record<NonNullable<CustomerQuery['filter']>, RawBuilder<unknown>> = {
    overdue: sql`p.overdue`,
    promised: sql`p.promised`,
    disputed: sql`p.disputed`,
    'broken-promise': sql`p.broken`,
    paused: sql`(${pausedOn('c', q.today)} or p.paused)`,
  };
  const search = q.search?.trim()
    ? sql`(c.name ilike ${containing(q.search.trim())} escape '\\' or c.emails::text ilike ${containing(q.search.trim())} escape '\\')`
    : none;
  // one chain of aggregates (invoice → customer and currency → customer), joined to the customers last: each step reads
  // the one before once, whatever the planner guesses of their sizes
  return sql<Row>`
    with ${answerStates(orgId)},
    mine as (
      select i.contact_external_id as ext, i.currency, i.amount_due_minor as due, i.next_action_on, i.next_action_step, i.number,
        ${OPEN('i')} as is_open, ${f.overdue} as overdue, ${f.promised} as promised, ${f.disputed} as disputed,
        ${f.broken} as broken, (${OPEN('i')} and ${pausedOn('i', q.today)}) as paused
      from invoices i
      left join invoice_answers s on s.invoice_id = i.id
      where i.org_id = ${orgId} and i.charges_for is null
    ),
    per_currency as (
      select ext, currency, count(*) filter (where is_open) as open_invoices,
        coalesce(sum(due) filter (where is_open), 0) as open_minor, coalesce(sum(due) filter (where overdue), 0) as overdue_minor,
        bool_or(overdue) as overdue, bool_or(promised) as promised, bool_or(disputed) as disputed,
        bool_or(broken) as broken, bool_or(paused) as paused,
        min(next_action_on) filter (where is_open) as next_on,
        (array_agg(next_action_step order by next_action_on, number) filter (where is_open and next_action_on is not null))[1] as next_step
      from mine group by ext, currency
    ),
    per_contact as (
      select ext, sum(open_invoices) as open_invoices, max(open_minor) as max_open, max(overdue_minor) as max_overdue,
        bool_or(overdue) as overdue, bool_or(promised) as promised, bool_or(disputed) as disputed,
        bool_or(broken) as broken, bool_or(paused) as paused, min(next_on) as next_on,
        (array_agg(next_step order by next_on) filter (where next_on is not null))[1] as next_step,
        coalesce(jsonb_agg(jsonb_build_object('currency', currency, 'openMinor', open_minor, 'overdueMinor', overdue_minor)
          order by open_minor desc, currency) filter (where open_minor > 0), '[]'::jsonb) as owed
      from per_currency group by ext
    )
    select c.*, p.open_invoices, p.next_on, p.next_step, p.promised, p.disputed, p.owed, count(*) over () as total
    from per_contact p
    join contacts c on c.org_id = ${orgId} and c.external_id = p.ext
    where ${search} and ${q.filter ? filter[q.filter] : none}
    order by ${order[sort]}
    limit ${limit} offset ${from}`;
}

/**
 * Invoices (charges invoices aside), open ones only unless `openOnly` is false, with their customer's name and whether
 * they are promised or disputed (open ones only). Filters as for customers, on the invoice (paused: the invoice or its
 * customer paused on `today`). Sorts: name (customer, then number), owed (balance), overdue (days past due: desc is the
 * oldest due date first), next-action (soonest first, none last); default: overdue, most overdue first. Ties by number.
 */
export async function listInvoices(db: Kysely<Database>, orgId: string, q: InvoiceQuery): Promise<Page<InvoiceRow>> {
  const f = flags(q.today);
  const sort = q.sort ?? 'overdue';
  const direction = q.direction ?? naturalDirection(sort);
  const dir = DIRECTIONS[direction];
  // `i`: the invoice's columns; `name`: its customer's name
  const orderBy = (name: RawBuilder<unknown>): Record<NonNullable<InvoiceQuery['sort']>, RawBuilder<unknown>> => ({
    name: sql`lower(${name}) ${dir}, i.number ${dir}, i.id`,
    owed: sql`i.amount_due_minor ${dir}, i.number, i.id`,
    // more days overdue is an earlier due date
    overdue: sql`i.due_date ${DIRECTIONS[direction === 'asc' ? 'desc' : 'asc']}, i.number, i.id`,
    'next-action': sql`i.next_action_on ${dir} nulls last, i.number, i.id`,
  });
  const filter: Record<NonNullable<InvoiceQuery['filter']>, RawBuilder<unknown>> = {
    overdue: f.overdue,
    promised: f.promised,
    disputed: f.disputed,
    'broken-promise': f.broken,
    paused: sql`(${pausedOn('i', q.today)} or ${pausedOn('c', q.today)})`,
  };
  const text = q.search?.trim() ? containing(q.search.trim()) : null;
  const search = text
    ? sql`(i.number ilike ${text} escape '\\' or i.reference ilike ${text} escape '\\' or c.name ilike ${text} escape '\\'
        or c.emails::text ilike ${text} escape '\\')`
    : none;
  const offset = Math.max(0, q.offset ?? 0);
  const where = sql`i.org_id = ${orgId} and i.charges_for is null
      and ${q.openOnly === false ? none : OPEN('i')}
      and ${q.contactId ? sql`c.id = ${q.contactId}` : none}
      and ${search}`;
  const from = sql`invoices i join contacts c on c.org_id = i.org_id and c.external_id = i.contact_external_id`;
  const map = (r: Row): InvoiceRow => ({
    invoice: toInvoice(r),
    contactName: r.contact_name,
    promised: Boolean(r.promised),
    disputed: Boolean(r.disputed),
  });
  // Filtered by an answer: read from the organisation's answers (few) to their invoices.
  if (q.filter === 'promised' || q.filter === 'disputed' || q.filter === 'broken-promise') {
    const byAnswer = filter[q.filter];
    const run = (limit: number, skip: number) =>
      sql<Row>`
      with ${answerStates(orgId)}
      select i.*, c.id as contact_id, c.name as contact_name, ${f.promised} as promised, ${f.disputed} as disputed,
        count(*) over () as total
      from invoice_answers s
      join invoices i on i.id = s.invoice_id
      join contacts c on c.org_id = i.org_id and c.external_id = i.contact_external_id
      where ${where} and ${byAnswer}
      order by ${orderBy(sql`c.name`)[sort]}
      limit ${limit} offset ${skip}`.execute(db);
    return paged((await run(q.limit, offset)).rows, map, async () => Number((await run(1, 0)).rows[0]?.total ?? 0), offset);
  }
  // Otherwise the page is read first (down an index when the sort allows, stopping at the page's end), then only its
  // invoices' answers; the total is a count of its own, which reads no more than it must.
  const [page, count] = await Promise.all([
    sql<Row>`
      with listed as (
        select i.*, c.id as contact_id, c.name as contact_name
        from ${from}
        where ${where} and ${q.filter ? filter[q.filter] : none}
        order by ${orderBy(sql`c.name`)[sort]}
        limit ${q.limit} offset ${offset}
      ),
      ${answerStates(orgId, sql`and a.invoice_ids ?| (select coalesce(array_agg(id), '{}') from listed)`)}
      select i.*, ${f.promised} as promised, ${f.disputed} as disputed
      from listed i
      left join invoice_answers s on s.invoice_id = i.id
      order by ${orderBy(sql`i.contact_name`)[sort]}`.execute(db),
    sql<{ n: number }>`select count(*) as n from ${from} where ${where} and ${q.filter ? filter[q.filter] : none}`.execute(db),
  ]);
  return { rows: page.rows.map(map), total: Number(count.rows[0]?.n ?? 0) };
}

/** Open invoices whose next action falls in [from, to], soonest first (then by number), with their customer's name. */
export async function upcomingActions(
  db: Kysely<Database>,
  orgId: string,
  from: CalendarDate,
  to: CalendarDate,
  limit: number,
): Promise<UpcomingAction[]> {
  if (limit <= 0) return [];
  const rows = await sql<Row>`
    select i.*, c.id as contact_id, c.name as contact_name
    from invoices i
    join contacts c on c.org_id = i.org_id and c.external_id = i.contact_external_id
    where i.org_id = ${orgId} and i.next_action_on is not null
      and i.next_action_on >= ${from}::date and i.next_action_on <= ${to}::date and ${OPEN('i')}
    order by i.next_action_on, i.number, i.id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => {
    const invoice = toInvoice(r);
    return { invoice, contactName: r.contact_name, on: invoice.nextActionOn as CalendarDate, stepKey: invoice.nextActionStep ?? null };
  });
}
