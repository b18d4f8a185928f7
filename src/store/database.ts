import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';

export type StoreDatabase = { db: Kysely<Database>; kind: 'pglite' | 'postgres'; close(): Promise<void> };

const DATE_OID = 1082;
const INT8_OID = 20;
// Calendar dates stay strings ('2026-03-31'): a JS Date would put them at midnight somewhere and shift them.
// Amounts in minor units stay exact up to 2^53 as numbers.
const parseInt8 = (v: string) => Number(v);

/**
 * PostgreSQL when `databaseUrl` is given, else embedded PGlite in `dataDir` (or in memory when dataDir is 'memory://').
 * Migrations are applied on open.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; migrate?: boolean }): Promise<StoreDatabase> {
  const result = options.databaseUrl ? openPostgres(options.databaseUrl) : await openPglite(options.dataDir ?? './data/pglite');
  if (options.migrate !== false) await migrate(result.db as Kysely<unknown>);
  return result;
}

function openPostgres(url: string): StoreDatabase {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === DATE_OID ? (v: string) => v : oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as never),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: types as never });
  // an idle connection dropped by the server (restart, failover) must not crash the process: the pool reconnects
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function openPglite(dataDir: string): Promise<StoreDatabase> {
  const client = new PGlite({
    ...(dataDir === 'memory://' ? {} : { dataDir }),
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: parseInt8 },
  });
  await client.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: client }) });
  return {
    db,
    kind: 'pglite',
    // Kysely's PGlite driver closes the PGlite instance on destroy
    close: () => db.destroy(),
  };
}
