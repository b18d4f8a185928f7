import type { Kysely } from 'kysely';
import type { Store } from '../core/store.ts';
import { answersAndEvents } from './answers.ts';
import { charges } from './charges.ts';
import { cockpit } from './cockpit.ts';
import { events } from './events.ts';
import { ledger } from './ledger.ts';
import { organisations } from './organisations.ts';
import { planning } from './planning.ts';
import { receipts } from './receipts.ts';
import { reminders } from './reminders.ts';
import { retention } from './retention.ts';
import type { Database } from './schema.ts';

export { openDatabase, type StoreDatabase } from './database.ts';
export { migrate } from './migrate.ts';
export { secretBox, type SecretBox } from './secret-box.ts';
export { StoreTokenVault } from './token-vault.ts';

export function createStore(db: Kysely<Database>): Store {
  return {
    ...organisations(db),
    ...ledger(db),
    ...planning(db),
    ...reminders(db),
    ...answersAndEvents(db),
    ...charges(db),
    ...events(db),
    ...receipts(db),
    ...retention(db),
    ...cockpit(db),
  };
}
