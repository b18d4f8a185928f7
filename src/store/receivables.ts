import { type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../core/calendar.ts';
import type { CurrencyReceivables } from '../core/store.ts';
import { answerStates, flags, OPEN } from './cockpit-sql.ts';
import type { Database } from './schema.ts';

type Row = {
  currency: string;
  invoices: number;
  open_minor: number;
  overdue_minor: number;
  not_due: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d90_plus: number;
  promised_minor: number;
  disputed_minor: number;
  billed_minor: number;
};

/**
 * What is owed per currency on `today`, aggregated in the database (one statement, no invoice loaded): open invoices
 * (status open, a balance, not a charges invoice) by whole days past due (due today or later: not due; 1-30; 31-60;
 * 61-90; 91 and more), and the totals billed in the 90 days up to today (issue date in (today-90, today], draft, voided
 * and deleted left out) for DSO. Most owed first.
 */
export async function receivables(db: Kysely<Database>, orgId: string, today: CalendarDate): Promise<CurrencyReceivables[]> {
  const f = flags(today);
  const rows = await sql<Row>`
    with ${answerStates(orgId)},
    open_invoices as (
      select i.currency, i.amount_due_minor as due, ${today}::date - i.due_date as late,
        ${f.promised} as promised, ${f.disputed} as disputed
      from invoices i left join invoice_answers s on s.invoice_id = i.id
      where i.org_id = ${orgId} and ${OPEN('i')}
    ),
    owed as (
      select currency, count(*) as invoices, sum(due) as open_minor,
        coalesce(sum(due) filter (where late > 0), 0) as overdue_minor,
        coalesce(sum(due) filter (where late <= 0), 0) as not_due,
        coalesce(sum(due) filter (where late between 1 and 30), 0) as d1_30,
        coalesce(sum(due) filter (where late between 31 and 60), 0) as d31_60,
        coalesce(sum(due) filter (where late between 61 and 90), 0) as d61_90,
        coalesce(sum(due) filter (where late > 90), 0) as d90_plus,
        coalesce(sum(due) filter (where promised), 0) as promised_minor,
        coalesce(sum(due) filter (where disputed), 0) as disputed_minor
      from open_invoices group by currency
    ),
    billed as (
      select currency, sum(total_minor) as billed_minor from invoices
      where org_id = ${orgId} and charges_for is null and status not in ('draft', 'voided', 'deleted')
        and issue_date > ${today}::date - 90 and issue_date <= ${today}::date
      group by currency
    )
    select coalesce(o.currency, b.currency) as currency, coalesce(o.invoices, 0)::int8 as invoices,
      coalesce(o.open_minor, 0)::int8 as open_minor, coalesce(o.overdue_minor, 0)::int8 as overdue_minor,
      coalesce(o.not_due, 0)::int8 as not_due, coalesce(o.d1_30, 0)::int8 as d1_30, coalesce(o.d31_60, 0)::int8 as d31_60,
      coalesce(o.d61_90, 0)::int8 as d61_90, coalesce(o.d90_plus, 0)::int8 as d90_plus,
      coalesce(o.promised_minor, 0)::int8 as promised_minor, coalesce(o.disputed_minor, 0)::int8 as disputed_minor,
      coalesce(b.billed_minor, 0)::int8 as billed_minor
    from owed o full join billed b on b.currency = o.currency
    order by open_minor desc, currency`.execute(db);
  return rows.rows.map((r) => ({
    currency: r.currency,
    invoices: Number(r.invoices),
    openMinor: Number(r.open_minor),
    overdueMinor: Number(r.overdue_minor),
    buckets: {
      'not-due': Number(r.not_due),
      '1-30': Number(r.d1_30),
      '31-60': Number(r.d31_60),
      '61-90': Number(r.d61_90),
      '90+': Number(r.d90_plus),
    },
    promisedMinor: Number(r.promised_minor),
    disputedMinor: Number(r.disputed_minor),
    billedLast90Minor: Number(r.billed_minor),
  }));
}
