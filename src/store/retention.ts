import { type Kysely, sql } from 'kysely';
import type { Purged, RetentionCutoffs, Store } from '../core/store.ts';
import type { Database } from './schema.ts';
import { analyseTables } from './statistics.ts';

type RetentionMethods = Pick<Store, 'purgeExpired'>;

/** Rows one statement removes: a long purge never holds a table for long, and runs again until nothing is left. */
const BATCH = 5_000;
const CLOSED = sql`('paid', 'voided', 'deleted')`;

async function inBatches(db: Kysely<Database>, statement: (limit: number) => ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await statement(BATCH).execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

export function retention(db: Kysely<Database>): RetentionMethods {
  return {
    async purgeExpired(cutoffs: RetentionCutoffs): Promise<Purged> {
      const receipts = Number(
        (await db.deleteFrom('webhook_receipts').where('received_at', '<', new Date(cutoffs.receipts)).executeTakeFirst()).numDeletedRows,
      );
      const oauthStates = Number(
        (await db.deleteFrom('oauth_states').where('created_at', '<', new Date(cutoffs.oauthStates)).executeTakeFirst()).numDeletedRows,
      );
      const orgEvents = await inBatches(
        db,
        (limit) => sql`delete from events where id in (
          select id from events where invoice_id is null and at < ${cutoffs.orgEvents} limit ${limit})`,
      );
      // invoices closed in the ledger (paid, voided, deleted) and not heard of since the cutoff; joined on
      // (org_id, invoice_id) so the reminders' and events' own indexes are used, not a scan of the table
      const closedJoin = sql`join invoices i on i.org_id = t.org_id and i.id = t.invoice_id
        where i.status in ${CLOSED} and i.synced_at < ${cutoffs.closedInvoices}`;
      const reminders = await inBatches(
        db,
        (limit) => sql`delete from reminders where id in (select t.id from reminders t ${closedJoin} limit ${limit})`,
      );
      const invoiceEvents = await inBatches(
        db,
        (limit) => sql`delete from events where id in (select t.id from events t ${closedJoin} limit ${limit})`,
      );
      // an answer goes once old and none of its invoices is still open or recently closed
      const answers = await inBatches(
        db,
        (limit) => sql`delete from answers where id in (
          select a.id from answers a where a.created_at < ${cutoffs.closedInvoices}
            and not exists (
              select 1 from jsonb_array_elements_text(a.invoice_ids) as x(invoice_id)
              join invoices i on i.id = x.invoice_id
              where i.status not in ${CLOSED} or i.synced_at >= ${cutoffs.closedInvoices})
          limit ${limit})`,
      );
      // gone from the ledger long ago: the mirror row goes too (its reminders and charges with it)
      const deletedInvoices = await inBatches(
        db,
        (limit) => sql`delete from invoices where id in (
          select id from invoices where status = 'deleted' and synced_at < ${cutoffs.closedInvoices} limit ${limit})`,
      );
      // an email as it left goes with its invoices' history: once old and none of its invoices is still open or
      // recently closed (gone from the mirror counts as closed). Counted with the invoice events it belongs to.
      const sentMessages = await inBatches(
        db,
        (limit) => sql`delete from sent_messages where ctid in (
          select m.ctid from sent_messages m where m.sent_at < ${cutoffs.closedInvoices}
            and not exists (
              select 1 from jsonb_array_elements_text(m.invoice_ids) as x(invoice_id)
              join invoices i on i.org_id = m.org_id and i.id = x.invoice_id
              where i.status not in ${CLOSED} or i.synced_at >= ${cutoffs.closedInvoices})
          limit ${limit})`,
      );
      // tombstones only guard against an older version read late: after the cutoff nothing older arrives
      const tombstones =
        (await inBatches(
          db,
          (limit) => sql`delete from payments where ctid in (
            select ctid from payments where status = 'deleted' and vendor_updated_at < ${cutoffs.closedInvoices} limit ${limit})`,
        )) +
        (await inBatches(
          db,
          (limit) => sql`delete from credit_notes where ctid in (
            select ctid from credit_notes where status <> 'active' and vendor_updated_at < ${cutoffs.closedInvoices} limit ${limit})`,
        ));
      // after the deletions, for the planner (embedded PGlite has no autovacuum to do it)
      await analyseTables(db);
      return {
        receipts,
        oauthStates,
        orgEvents,
        reminders,
        invoiceEvents: invoiceEvents + sentMessages,
        answers,
        deletedInvoices,
        tombstones,
      };
    },
  };
}
