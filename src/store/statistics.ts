import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** The tables the cockpit's aggregates and the planner's reads join: planned well only with their statistics. */
const READ_TABLES = ['invoices', 'contacts', 'answers', 'reminders', 'events'];

/**
 * Embedded PGlite runs no autovacuum: a table never analysed is planned as if nearly empty (nested loops over
 * thousands of rows, seconds instead of milliseconds). Analyses the tables that never were; cheap once they have been.
 */
export async function analyseNewTables(db: Kysely<Database>): Promise<void> {
  const never = await sql<{ relname: string }>`select relname from pg_class
    where relkind = 'r' and relname = any(${READ_TABLES}::text[]) and reltuples < 0
      and relnamespace = 'public'::regnamespace`.execute(db);
  if (never.rows.length === 0) return;
  await sql.raw(`analyze ${never.rows.map((r) => r.relname).join(', ')}`).execute(db);
}

/** Refreshes the statistics as the tables grow (the worker's hourly maintenance; PostgreSQL's autovacuum does it too). */
export async function analyseTables(db: Kysely<Database>): Promise<void> {
  await sql.raw(`analyze ${READ_TABLES.join(', ')}`).execute(db);
}
