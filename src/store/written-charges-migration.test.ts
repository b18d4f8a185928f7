import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { org } from '../../test/fixtures/ledger.ts';
import { createStore, migrate, openDatabase, type StoreDatabase } from './index.ts';

let database: StoreDatabase;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://', migrate: false });
});
afterAll(() => database?.close());

describe('migration 0009: charges written before keep what waiving them needs', () => {
  it('turns the packed vendor id into the structured WrittenCharge, lines and all', async () => {
    const db = database.db as unknown as Kysely<unknown>;
    await migrate(db, '0008_sync_snapshots');
    const store = createStore(database.db);
    const o = await store.createOrganisation(org());
    const insert = async (invoiceId: string, vendorId: string | null, writtenAs: string | null, state: string) => {
      await sql`insert into invoices (id, org_id, external_id, number, contact_external_id, issue_date, due_date, currency,
          total_minor, amount_due_minor, amount_paid_minor, amount_credited_minor, status, vendor_updated_at, synced_at)
        values (${invoiceId}, ${o.id}, ${`x-${invoiceId}`}, ${invoiceId}, 'c1', '2026-02-01', '2026-03-03', 'EUR',
          100, 100, 0, 0, 'open', now(), now())`.execute(db);
      await sql`insert into charges (id, org_id, invoice_id, state, currency, interest_minor, compensation_minor, total_minor,
          breakdown, vendor_id, written_as, waived_vendor_id, created_at, updated_at)
        values (${`${o.id}:${invoiceId}`}, ${o.id}, ${invoiceId}, ${state}, 'EUR', 1, 4000, 4001, '{}', ${vendorId}, ${writtenAs},
          ${state === 'waived' ? 'cn-9' : null}, now(), now())`.execute(db);
    };
    await insert('i-sep', 'chg-1', 'separate-invoice', 'written');
    await insert('i-lines', 'x-i-lines:lines:l-1,l-2', 'line-on-original', 'waived');
    await insert('i-claiming', null, null, 'claiming');
    await migrate(db);
    expect(await store.chargeOf(o.id, 'i-sep')).toMatchObject({
      written: { writtenAs: 'separate-invoice', invoiceExternalId: 'chg-1' },
      waivedBy: null,
    });
    expect(await store.chargeOf(o.id, 'i-lines')).toMatchObject({
      written: { writtenAs: 'line-on-original', invoiceExternalId: 'x-i-lines', lineIds: ['l-1', 'l-2'] },
      waivedBy: 'cn-9',
    });
    expect(await store.chargeOf(o.id, 'i-claiming')).toMatchObject({ state: 'claiming', written: null });
  });
});
