import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore, openDatabase, type StoreDatabase } from '../../src/store/index.ts';
import type { Store } from '../../src/core/store.ts';
import { POSTGRES_URL, postgresAvailable } from './services.ts';

export type OpenedStore = { store: Store; database: StoreDatabase; close(): Promise<void> };

/** A fresh, migrated database: embedded PGlite in memory, or a new database on the real PostgreSQL. */
export async function openPglite(): Promise<OpenedStore> {
  const database = await openDatabase({ dataDir: 'memory://' });
  return { store: createStore(database.db), database, close: () => database.close() };
}

export async function openPostgres(): Promise<OpenedStore> {
  const name = `relance_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    store: createStore(database.db),
    database,
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: POSTGRES_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The store variants a store test runs against: PGlite always, PostgreSQL when reachable. */
export const storeVariants: { name: string; open: () => Promise<OpenedStore>; available: boolean }[] = [
  { name: 'PGlite', open: openPglite, available: true },
  { name: 'PostgreSQL', open: openPostgres, available: postgresAvailable },
];
