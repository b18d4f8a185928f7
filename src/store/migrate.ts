import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as init from './migrations/0001_init.ts';
import * as tokenKey from './migrations/0002_token_key.ts';
import * as ownSmtp from './migrations/0003_own_smtp.ts';
import * as receiptsRetention from './migrations/0004_receipts_retention.ts';
import * as chargesInvoices from './migrations/0005_charges_invoices.ts';
import * as ledgerPlace from './migrations/0006_ledger_place.ts';
import * as paymentAllocations from './migrations/0007_payment_allocations.ts';
import * as syncSnapshots from './migrations/0008_sync_snapshots.ts';
import * as writtenCharges from './migrations/0009_written_charges.ts';
import * as retention from './migrations/0010_retention.ts';
import * as invoiceEmails from './migrations/0011_invoice_emails.ts';
import * as ledgerPlaceReadAt from './migrations/0012_ledger_place_read_at.ts';
import * as cockpit from './migrations/0013_cockpit.ts';

/** Migrations ship in the code (no files to find at run time); their names order them. */
const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_token_key': tokenKey,
  '0003_own_smtp': ownSmtp,
  '0004_receipts_retention': receiptsRetention,
  '0005_charges_invoices': chargesInvoices,
  '0006_ledger_place': ledgerPlace,
  '0007_payment_allocations': paymentAllocations,
  '0008_sync_snapshots': syncSnapshots,
  '0009_written_charges': writtenCharges,
  '0010_retention': retention,
  '0011_invoice_emails': invoiceEmails,
  '0012_ledger_place_read_at': ledgerPlaceReadAt,
  '0013_cockpit': cockpit,
};

/** Applies the migrations not applied yet, up to `upTo` (a migration's name; default: all). */
export async function migrate(db: Kysely<unknown>, upTo?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
