import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Store } from '../src/core/store.ts';
import { createStore, openDatabase, type StoreDatabase } from '../src/store/index.ts';

/** What every benchmark shares: a throw-away database, a store that times itself, medians and tables. */

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type BenchDatabase = { name: string; url: string; database: StoreDatabase; pool: pg.Pool; drop(): Promise<void> };

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database on the real PostgreSQL; `drop()` removes it even when connections are still open. */
export async function freshDatabase(label: string): Promise<BenchDatabase> {
  const name = `relance_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  // raw SQL for loading and resetting, beside the store's own pool
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  let dropped = false;
  return {
    name,
    url: url.toString(),
    database,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      await Promise.allSettled([database.close(), pool.end()]);
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Drops the databases whatever happens: a failed or interrupted run leaves nothing behind. */
export function dropOnExit(cleanups: (() => Promise<void>)[]): () => Promise<void> {
  const run = async () => {
    for (const c of cleanups.splice(0)) await c().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
  };
  const onSignal = () => void run().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return run;
}

/** Milliseconds spent in each store method, and how many calls: the store's share of a use case. */
export type StoreTimings = Map<string, { calls: number; ms: number }>;

export function timedStore(store: Store, timings: StoreTimings): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        const start = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          const t = timings.get(key) ?? { calls: 0, ms: 0 };
          t.calls += 1;
          t.ms += performance.now() - start;
          timings.set(key, t);
        }
      };
    },
  });
}

/**
 * PostgreSQL's protocol allows 65,535 parameters a statement and recordReminders binds 13 a row in one INSERT: past
 * 5,041 reminders planning fails ("bind message has … parameter formats"). Until the store chunks its inserts, the
 * bench does (RECORD_CHUNK rows a call, what a store fix would do) and says so in its output.
 */
export const RECORD_CHUNK = 2_000;

function chunkedRecords(store: Store): Store {
  const recordReminders: Store['recordReminders'] = async (orgId, rows, at) => {
    const out = [];
    for (let i = 0; i < rows.length; i += RECORD_CHUNK)
      out.push(...(await store.recordReminders(orgId, rows.slice(i, i + RECORD_CHUNK), at)));
    return out;
  };
  return { ...store, recordReminders };
}

export function storeOf(db: BenchDatabase, timings?: StoreTimings, options: { chunkRecords?: boolean } = {}): Store {
  const raw = createStore(db.database.db);
  const store = options.chunkRecords === false ? raw : chunkedRecords(raw);
  return timings ? timedStore(store, timings) : store;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** A plain-text table, columns right-aligned except the first. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const ms = (v: number): string => `${v.toFixed(0)} ms`;

export function timingRows(timings: StoreTimings, runs = 1): (string | number)[][] {
  return [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([name, t]) => [name, Math.round(t.calls / runs), ms(t.ms / runs)]);
}

export const silentLog = { info() {}, warn() {}, error() {} };
