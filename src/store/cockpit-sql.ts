import { type RawBuilder, sql } from 'kysely';
import type { CalendarDate } from '../core/calendar.ts';

/**
 * SQL pieces the cockpit's aggregates and lists share, so the dashboard, the customer list and the invoice list agree on
 * what "open", "overdue", "promised", "disputed", "paused" and "a broken promise" mean.
 */

/** Owed now: open in the ledger with a balance; relance's own charges invoices are chased as part of their invoice. */
export const OPEN = (i: string) => sql.raw(`(${i}.status = 'open' and ${i}.amount_due_minor > 0 and ${i}.charges_for is null)`);

/** Paused on `today`: a pause until a date ends that morning (the date is the first day chasing resumes). */
export const pausedOn = (row: string, today: CalendarDate) =>
  sql`(${sql.raw(row)}.paused and (${sql.raw(row)}.paused_until is null or ${sql.raw(row)}.paused_until > ${today}::date))`;

/**
 * Per invoice named by an answer of the organisation: whether a dispute is unresolved, and its promise still standing
 * (the latest promise, no "paid" or dispute answered after it) with the date chasing may resume from
 * (`promise_ends`: promised date + the default policy's grace days; promised while today <= promise_ends, broken after).
 * Read from the organisation's answers in one pass: they are few next to its invoices. `only`: a further condition on
 * the answers `a` (those naming a page's invoices).
 */
export function answerStates(orgId: string, only: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  return sql`answer_states as (
    select x.invoice_id,
      bool_or(a.kind = 'dispute' and a.resolved_at is null) as disputed,
      (array_agg(a.promised_date order by a.created_at desc, a.id desc) filter (where a.kind = 'promise'))[1] as promised_date,
      max(a.created_at) filter (where a.kind = 'promise') as promised_at,
      max(a.created_at) filter (where a.kind <> 'promise') as other_at
    from answers a cross join lateral jsonb_array_elements_text(a.invoice_ids) as x(invoice_id)
    where a.org_id = ${orgId} ${only}
    group by x.invoice_id
  ),
  grace as (
    select coalesce((policy -> 'default' ->> 'promiseGraceDays')::int, 3) as days from organisations where id = ${orgId}
  ),
  invoice_answers as (
    select s.invoice_id, s.disputed,
      case when s.promised_date is not null and (s.other_at is null or s.other_at <= s.promised_at)
        then s.promised_date + coalesce((select days from grace), 3) end as promise_ends
    from answer_states s
  )`;
}

/** Flags of an invoice row `i` left-joined to invoice_answers `s` (null when it has no answers). */
export const flags = (today: CalendarDate) => ({
  promised: sql<boolean>`(${OPEN('i')} and coalesce(s.promise_ends >= ${today}::date, false))`,
  disputed: sql<boolean>`(${OPEN('i')} and coalesce(s.disputed, false))`,
  broken: sql<boolean>`(${OPEN('i')} and coalesce(s.promise_ends < ${today}::date, false))`,
  overdue: sql<boolean>`(${OPEN('i')} and i.due_date < ${today}::date)`,
});

/** A LIKE pattern matching `text` anywhere, its own % and _ taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const DIRECTIONS = { asc: sql.raw('asc'), desc: sql.raw('desc') } as const;
