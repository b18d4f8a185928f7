import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { type CalendarDate, addDays, isCalendarDate } from '../calendar.ts';
import { ChargeInputError } from './types.ts';
import ecbRows from './rates/ecb.json' with { type: 'json' };
import boeRows from './rates/boe.json' with { type: 'json' };
import basiszinsRows from './rates/basiszins.json' with { type: 'json' };
import frLegalRows from './rates/fr-legal.json' with { type: 'json' };

/**
 * Reference rates as data, one row per period with its source. An operator adds a row when a new half-year's rate is
 * published; until then the latest row is used and every result built on it says it is stale.
 */
const day = z.string().refine(isCalendarDate, 'expected a calendar date YYYY-MM-DD');
export const rateRowSchema = z.object({
  from: day,
  to: day,
  ratePercent: z.number().min(-100).max(100),
  source: z.string().min(10),
});
export type RateRow = { from: CalendarDate; to: CalendarDate; ratePercent: number; source: string };
export type RateTable = { name: string; rows: readonly RateRow[] };

function table(name: string, rows: unknown): RateTable {
  const parsed = z.array(rateRowSchema).min(1).safeParse(rows);
  if (!parsed.success) throw new Error(`rate table ${name}: ${z.prettifyError(parsed.error)}`);
  return { name, rows: parsed.data as RateRow[] };
}

export const ecb = table('ecb.json', ecbRows);
export const boe = table('boe.json', boeRows);
export const basiszins = table('basiszins.json', basiszinsRows);
export const frLegal = table('fr-legal.json', frLegalRows);
export const rateTables = [ecb, boe, basiszins, frLegal] as const;

export type RateOnDay = { row: RateRow; rate: Decimal; stale: boolean };

/** The row in force on `date`; past the last row, the last row marked stale. Before the first row there is no rate. */
export function rateOn(t: RateTable, date: CalendarDate): RateOnDay {
  const first = t.rows[0]!;
  if (date < first.from)
    throw new ChargeInputError(`${t.name} has no rate before ${first.from} (asked for ${date}): add the row for that period to the table`);
  const row = t.rows.find((r) => r.from <= date && date <= r.to);
  if (row) return { row, rate: new Decimal(String(row.ratePercent)), stale: false };
  const last = t.rows[t.rows.length - 1]!;
  return { row: last, rate: new Decimal(String(last.ratePercent)), stale: true };
}

/** Days on which the table's rate may change, and the first day past its last row (where it turns stale). */
export function rateChangeDays(t: RateTable): CalendarDate[] {
  return [...t.rows.map((r) => r.from), addDays(t.rows[t.rows.length - 1]!.to, 1)];
}
