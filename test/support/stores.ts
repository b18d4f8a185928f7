import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { LedgerInvoice } from '../../src/core/ledger.ts';
import { createStore, openDatabase, type StoreDatabase } from '../../src/store/index.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import type { Store } from '../../src/core/store.ts';
import { contact, org, page } from '../fixtures/ledger.ts';
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

/**
 * One `describe` per store variant, titled `<title> on <variant>`, with a fresh store opened before its tests and
 * closed after. The body gets a stand-in that forwards to that store once it is open, so tests use it as the store
 * itself; touching it while the body is being declared (before `beforeAll`) throws.
 */
export function describeStores(title: string, body: (store: Store) => void): void {
  for (const variant of storeVariants) {
    describe.runIf(variant.available)(`${title} on ${variant.name}`, () => {
      let opened: OpenedStore | undefined;
      beforeAll(async () => {
        opened = await variant.open();
      });
      afterAll(() => opened?.close());
      body(
        new Proxy({} as Store, {
          get(_, key) {
            if (!opened) throw new Error(`the ${variant.name} store is not open yet: use it inside a test`);
            const value = Reflect.get(opened.store, key);
            return typeof value === 'function' ? value.bind(opened.store) : value;
          },
        }),
      );
    });
  }
}

/** A new organisation whose mirror holds contact c1 and these invoices, as one page read at `at`. */
export async function mirroredOrganisation(
  store: Store,
  invoices: LedgerInvoice[],
  at: string,
): Promise<{ o: Organisation; invoiceIds: string[] }> {
  const o = await store.createOrganisation(org());
  const { invoiceIds } = await store.applyChanges(o.id, page({ contacts: [contact('c1')], invoices }), at);
  return { o, invoiceIds };
}

/** The mirrored status of each of these invoices, by external id (ids the mirror never had are left out). */
export async function invoiceStatuses(store: Store, orgId: string, externalIds: string[]): Promise<Record<string, string>> {
  return Object.fromEntries((await store.invoicesByExternalId(orgId, externalIds)).map((i) => [i.externalId, i.status]));
}
