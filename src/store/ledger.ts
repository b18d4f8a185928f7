import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ChangePage, LedgerContact, LedgerCreditNote, LedgerInvoice } from '../core/ledger.ts';
import type { Store, SyncProgress } from '../core/store.ts';
import { markChargesInvoices } from './charges-invoices.ts';
import { applyDeletions, deletedPayments } from './deletions.ts';
import { storePayments } from './payments.ts';
import { analyseNewTables } from './statistics.ts';
import { openSnapshots, stampSeen, sweepSnapshot } from './snapshots.ts';
import { iso, json, toInvoice } from './rows.ts';
import type { Database } from './schema.ts';

type LedgerMethods = Pick<
  Store,
  | 'applyChanges'
  | 'applyInvoices'
  | 'getSyncState'
  | 'recordSyncError'
  | 'invoicesById'
  | 'invoicesByExternalId'
  | 'setInvoicePaused'
  | 'setContactPaused'
  | 'setPaymentUrl'
  | 'chargesInvoicesOf'
>;

type Db = Kysely<Database> | Transaction<Database>;
const EPOCH = '1970-01-01T00:00:00.000Z';
/** Rows a statement: PostgreSQL takes at most 65,535 bind parameters (up to 20 a row here). */
const CHUNK = 2_000;

/** Rows in the order their ids were asked in (callers destructure them), those not found left out. */
function inOrderOf<T>(ids: string[], rows: T[], idOf: (row: T) => string): T[] {
  const position = new Map(ids.map((id, n) => [id, n] as const));
  return rows.sort((a, b) => (position.get(idOf(a)) ?? 0) - (position.get(idOf(b)) ?? 0));
}

/** Invoices with the internal id of their contact. */
export function invoiceQuery(db: Db, orgId: string) {
  return db
    .selectFrom('invoices as i')
    .leftJoin('contacts as c', (j) => j.onRef('c.org_id', '=', 'i.org_id').onRef('c.external_id', '=', 'i.contact_external_id'))
    .selectAll('i')
    .select('c.id as contact_id')
    .where('i.org_id', '=', orgId);
}

async function upsertContacts(db: Db, orgId: string, contacts: LedgerContact[]): Promise<void> {
  if (contacts.length === 0) return;
  if (contacts.length > CHUNK) {
    for (let i = 0; i < contacts.length; i += CHUNK) await upsertContacts(db, orgId, contacts.slice(i, i + CHUNK));
    return;
  }
  // a ledger that does not read phones (phone undefined) leaves the stored one alone; null means "none"
  const withPhone = contacts.filter((c) => c.phone !== undefined);
  const withoutPhone = contacts.filter((c) => c.phone === undefined);
  if (withPhone.length > 0) await upsertContactRows(db, orgId, withPhone, true);
  if (withoutPhone.length > 0) await upsertContactRows(db, orgId, withoutPhone, false);
}

async function upsertContactRows(db: Db, orgId: string, contacts: LedgerContact[], phones: boolean): Promise<void> {
  await db
    .insertInto('contacts')
    .values(
      contacts.map((c) => ({
        id: randomUUID(),
        org_id: orgId,
        external_id: c.externalId,
        name: c.name,
        emails: JSON.stringify(c.emails),
        is_consumer: c.isConsumer ?? false,
        country_code: c.countryCode ?? null,
        ...(phones ? { phone: c.phone ?? null } : {}),
        vendor_updated_at: c.updatedAt,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'external_id'])
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          emails: eb.ref('excluded.emails'),
          is_consumer: eb.ref('excluded.is_consumer'),
          country_code: eb.ref('excluded.country_code'),
          ...(phones ? { phone: eb.ref('excluded.phone') } : {}),
          vendor_updated_at: eb.ref('excluded.vendor_updated_at'),
        }))
        .where('contacts.vendor_updated_at', '<=', (eb) => eb.ref('excluded.vendor_updated_at')),
    )
    .execute();
}

/** An invoice may arrive before its customer: a placeholder keeps it visible, and blocked for lack of an address. */
async function ensureContacts(db: Db, orgId: string, externalIds: string[]) {
  const unique = [...new Set(externalIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('contacts')
    .values(
      unique.map((externalId) => ({
        id: randomUUID(),
        org_id: orgId,
        external_id: externalId,
        name: 'Unknown customer',
        emails: '[]',
        is_consumer: false,
        country_code: null,
        vendor_updated_at: EPOCH,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'external_id']).doNothing())
    .execute();
}

async function upsertInvoices(db: Db, orgId: string, invoices: LedgerInvoice[], syncedAt: string): Promise<string[]> {
  if (invoices.length === 0) return [];
  if (invoices.length > CHUNK) {
    const ids: string[] = [];
    for (let i = 0; i < invoices.length; i += CHUNK) ids.push(...(await upsertInvoices(db, orgId, invoices.slice(i, i + CHUNK), syncedAt)));
    return ids;
  }
  await ensureContacts(
    db,
    orgId,
    invoices.map((i) => i.contactExternalId),
  );
  // A state older than the one stored never overwrites it: reordered webhooks and slow pages cannot undo a payment.
  const rows = await db
    .insertInto('invoices')
    .values(
      invoices.map((i) => ({
        id: randomUUID(),
        org_id: orgId,
        external_id: i.externalId,
        number: i.number,
        contact_external_id: i.contactExternalId,
        issue_date: i.issueDate,
        due_date: i.dueDate,
        currency: i.currency,
        total_minor: i.totalMinor,
        amount_due_minor: i.amountDueMinor,
        amount_paid_minor: i.amountPaidMinor,
        amount_credited_minor: i.amountCreditedMinor,
        status: i.status,
        reference: i.reference ?? null,
        payment_url: i.paymentUrl ?? null,
        emails: JSON.stringify(i.emails ?? []),
        vendor_updated_at: i.updatedAt,
        synced_at: syncedAt,
        next_action_on: i.issueDate < i.dueDate ? addYears(i.issueDate, -1) : addYears(i.dueDate, -1),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'external_id'])
        .doUpdateSet((eb) => ({
          number: eb.ref('excluded.number'),
          contact_external_id: eb.ref('excluded.contact_external_id'),
          issue_date: eb.ref('excluded.issue_date'),
          due_date: eb.ref('excluded.due_date'),
          currency: eb.ref('excluded.currency'),
          total_minor: eb.ref('excluded.total_minor'),
          amount_due_minor: eb.ref('excluded.amount_due_minor'),
          amount_paid_minor: eb.ref('excluded.amount_paid_minor'),
          amount_credited_minor: eb.ref('excluded.amount_credited_minor'),
          status: eb.ref('excluded.status'),
          reference: eb.ref('excluded.reference'),
          payment_url: sql`coalesce(excluded.payment_url, invoices.payment_url)`,
          emails: eb.ref('excluded.emails'),
          vendor_updated_at: eb.ref('excluded.vendor_updated_at'),
          synced_at: eb.ref('excluded.synced_at'),
        }))
        .where('invoices.vendor_updated_at', '<=', (eb) => eb.ref('excluded.vendor_updated_at')),
    )
    .returning('id')
    .execute();
  await markChargesInvoices(
    db,
    orgId,
    invoices.map((i) => i.externalId),
  );
  return rows.map((r) => r.id);
}

/** New invoices are looked at on the next plan; the planner then sets their real next action date. */
function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace('-02-29', '-02-28');
}

async function upsertCreditNotes(db: Db, orgId: string, notes: LedgerCreditNote[]) {
  if (notes.length === 0) return;
  await db
    .insertInto('credit_notes')
    .values(
      notes.map((n) => ({
        org_id: orgId,
        external_id: n.externalId,
        contact_external_id: n.contactExternalId,
        allocations: JSON.stringify(n.allocations),
        currency: n.currency,
        status: n.status,
        vendor_updated_at: n.updatedAt,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'external_id'])
        .doUpdateSet((eb) => ({
          allocations: eb.ref('excluded.allocations'),
          status: eb.ref('excluded.status'),
          vendor_updated_at: eb.ref('excluded.vendor_updated_at'),
        }))
        .where('credit_notes.vendor_updated_at', '<=', (eb) => eb.ref('excluded.vendor_updated_at')),
    )
    .execute();
}

/** Invoices touched by payments or credit notes of a page (their mirror row is refreshed by the invoice pages). */
async function externalToIds(db: Db, orgId: string, externalIds: string[]): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('external_id', 'in', [...new Set(externalIds)])
    .execute();
  return rows.map((r) => r.id);
}

export function ledger(db: Kysely<Database>): LedgerMethods {
  return {
    async applyChanges(orgId, page: ChangePage, syncedAt) {
      const result = await db.transaction().execute(async (tx) => {
        const open = await openSnapshots(tx, orgId, page, syncedAt);
        await upsertContacts(tx, orgId, page.contacts);
        const touched = await upsertInvoices(tx, orgId, page.invoices, syncedAt);
        // a deleted payment goes with the page's others: the newest version of each wins
        const paid = await storePayments(tx, orgId, [...page.payments, ...deletedPayments(page.deleted)]);
        await upsertCreditNotes(tx, orgId, page.creditNotes);
        // after the upserts: a deletion stamped like the version the same page carries wins (it came after)
        const deleted = await applyDeletions(tx, orgId, page.deleted, syncedAt);
        await stampSeen(tx, orgId, open, {
          invoices: page.invoices.map((i) => i.externalId),
          payments: page.payments.map((p) => p.externalId),
          creditNotes: page.creditNotes.map((n) => n.externalId),
        });
        const gone = await sweepSnapshot(tx, orgId, page, syncedAt);
        const related = await externalToIds(tx, orgId, [
          ...gone,
          ...deleted,
          ...paid,
          ...page.creditNotes.flatMap((n) => n.allocations.map((a) => a.invoiceExternalId)),
        ]);
        await tx
          .insertInto('sync_state')
          .values({
            org_id: orgId,
            cursor: page.cursor,
            progress_done: page.progress?.done ?? 0,
            progress_total: page.progress?.total ?? null,
            last_sync_at: syncedAt,
            last_error: null,
          })
          .onConflict((oc) =>
            oc.column('org_id').doUpdateSet({
              cursor: page.cursor,
              progress_done: page.progress?.done ?? 0,
              progress_total: page.progress?.total ?? null,
              last_sync_at: syncedAt,
              last_error: null,
            }),
          )
          .execute();
        return { invoiceIds: [...new Set([...touched, ...related])] };
      });
      // the first invoices of a new database: statistics before anything is planned on them
      if (page.invoices.length > 0) await analyseNewTables(db);
      return result;
    },
    async applyInvoices(orgId, invoices, syncedAt) {
      return {
        invoiceIds: await db.transaction().execute(async (tx) => {
          const ids = await upsertInvoices(tx, orgId, invoices, syncedAt);
          // read alive while a full read of invoices runs: not to be swept by it
          const open = await tx
            .selectFrom('sync_snapshots')
            .select('snapshot_id')
            .where('org_id', '=', orgId)
            .where('entity', '=', 'invoices')
            .executeTakeFirst();
          if (open) await stampSeen(tx, orgId, new Map([['invoices', open.snapshot_id]]), { invoices: invoices.map((i) => i.externalId) });
          return ids;
        }),
      };
    },
    async getSyncState(orgId) {
      const r = await db.selectFrom('sync_state').selectAll().where('org_id', '=', orgId).executeTakeFirst();
      return r
        ? {
            cursor: r.cursor,
            progressDone: r.progress_done,
            progressTotal: r.progress_total,
            lastSyncAt: iso(r.last_sync_at),
            lastError: r.last_error,
            running: r.running == null ? null : json<SyncProgress>(r.running),
          }
        : { cursor: null, progressDone: 0, progressTotal: null, lastSyncAt: null, lastError: null, running: null };
    },
    async recordSyncError(orgId, message) {
      await db
        .insertInto('sync_state')
        .values({ org_id: orgId, cursor: null, progress_total: null, last_sync_at: null, last_error: message })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ last_error: message }))
        .execute();
    },
    async invoicesById(orgId, ids) {
      if (ids.length === 0) return [];
      const rows = (await invoiceQuery(db, orgId).where('i.id', '=', sql<string>`any(${ids}::text[])`).execute()).map(toInvoice);
      return inOrderOf(ids, rows, (i) => i.id);
    },
    async invoicesByExternalId(orgId, externalIds) {
      if (externalIds.length === 0) return [];
      const rows = (await invoiceQuery(db, orgId).where('i.external_id', '=', sql<string>`any(${externalIds}::text[])`).execute()).map(
        toInvoice,
      );
      return inOrderOf(externalIds, rows, (i) => i.externalId);
    },
    async setInvoicePaused(orgId, invoiceId, paused, until) {
      await db
        .updateTable('invoices')
        .set({ paused, paused_until: paused ? (until ?? null) : null })
        .where('org_id', '=', orgId)
        .where('id', '=', invoiceId)
        .execute();
    },
    async setContactPaused(orgId, contactId, paused, until) {
      await db
        .updateTable('contacts')
        .set({ paused, paused_until: paused ? (until ?? null) : null })
        .where('org_id', '=', orgId)
        .where('id', '=', contactId)
        .execute();
    },
    async setPaymentUrl(orgId, invoiceId, url) {
      await db.updateTable('invoices').set({ payment_url: url }).where('org_id', '=', orgId).where('id', '=', invoiceId).execute();
    },
    async chargesInvoicesOf(orgId, invoiceIds) {
      if (invoiceIds.length === 0) return [];
      const rows = await invoiceQuery(db, orgId)
        .where('i.charges_for', 'in', [...new Set(invoiceIds)])
        .where('i.status', '=', 'open')
        .where('i.amount_due_minor', '>', 0)
        .orderBy('i.number')
        .execute();
      return rows.map(toInvoice);
    },
  };
}
