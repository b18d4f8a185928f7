import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contact, invoice, org, page } from '../../test/fixtures/ledger.ts';
import { createStore, migrate, openDatabase, type StoreDatabase } from './index.ts';

let database: StoreDatabase;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://', migrate: false });
});
afterAll(() => database?.close());

describe('migration 0013: the cockpit', () => {
  it('keeps organisations connected before it sending (since they were created), and pauses nothing', async () => {
    const db = database.db as unknown as Kysely<unknown>;
    await migrate(db, '0012_ledger_place_read_at');
    const store = createStore(database.db);
    const before = await store.createOrganisation(org());
    await sql`update organisations set created_at = '2025-01-02T03:04:05.000Z' where id = ${before.id}`.execute(db);
    await store.applyChanges(before.id, page({ contacts: [contact('c1')], invoices: [invoice('a')] }), '2026-03-01T00:00:00.000Z');
    await migrate(db);
    const after = await store.getOrganisation(before.id);
    expect(after?.sendingOnSince).toBe('2025-01-02T03:04:05.000Z');
    expect(after?.notifications).toBeUndefined();
    const [inv] = await store.invoicesByExternalId(before.id, ['a']);
    expect(inv).toMatchObject({ paused: false, pausedUntil: null, scheduleFrom: null, nextActionStep: null });
    expect(await store.getContact(before.id, inv!.contactId)).toMatchObject({ paused: false, pausedUntil: null, phone: null });
    // an organisation created after it without a word on sending is on; the connect flow asks for preview with null
    expect((await store.createOrganisation(org())).sendingOnSince).toEqual(expect.any(String));
    expect((await store.createOrganisation(org({ sendingOnSince: null }))).sendingOnSince).toBeNull();
  });
});
