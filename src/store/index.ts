import type { Kysely } from 'kysely';
import type { Store } from '../core/store.ts';
import { answersAndEvents } from './answers.ts';
import { ledger } from './ledger.ts';
import { organisations } from './organisations.ts';
import { planning } from './planning.ts';
import { reminders } from './reminders.ts';
import type { Database } from './schema.ts';

export { openDatabase, type StoreDatabase } from './database.ts';
export { migrate } from './migrate.ts';

export function createStore(db: Kysely<Database>): Store {
  return { ...organisations(db), ...ledger(db), ...planning(db), ...reminders(db), ...answersAndEvents(db) };
}
