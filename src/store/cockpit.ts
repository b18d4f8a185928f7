import { type Kysely, sql } from 'kysely';
import type { SentMessage, Store } from '../core/store.ts';
import { listCustomers, listInvoices, upcomingActions } from './cockpit-lists.ts';
import { receivables } from './receivables.ts';
import { iso, json, toAnswer, toContact, toEvent } from './rows.ts';
import type { Database } from './schema.ts';

type CockpitMethods = Pick<
  Store,
  | 'setScheduleFrom'
  | 'receivables'
  | 'listCustomers'
  | 'listInvoices'
  | 'getContact'
  | 'upcomingActions'
  | 'contactHistory'
  | 'answersOf'
  | 'setTaskDueOn'
  | 'recordSyncProgress'
  | 'recordSentMessage'
  | 'sentMessage'
>;

/** The owner's cockpit: reads of what the store already knows (aggregates, lists), and the steering writes. */
export function cockpit(db: Kysely<Database>): CockpitMethods {
  return {
    async setScheduleFrom(orgId, invoiceIds, from) {
      if (invoiceIds.length === 0) return;
      await db
        .updateTable('invoices')
        .set({ schedule_from: from })
        .where('org_id', '=', orgId)
        .where('id', '=', sql<string>`any(${invoiceIds}::text[])`)
        .execute();
    },
    async setTaskDueOn(orgId, reminderId, on) {
      await db.updateTable('reminders').set({ task_due_on: on }).where('org_id', '=', orgId).where('id', '=', reminderId).execute();
    },
    async getContact(orgId, contactId) {
      const row = await db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('id', '=', contactId).executeTakeFirst();
      return row ? toContact(row) : null;
    },
    async answersOf(orgId, invoiceId) {
      const rows = await db
        .selectFrom('answers')
        .selectAll()
        .where('org_id', '=', orgId)
        .where(sql<boolean>`invoice_ids ? ${invoiceId}`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toAnswer);
    },
    async contactHistory(orgId, contactId, limit) {
      if (limit <= 0) return [];
      // two index reads (events_contact, events_invoice) joined by union: an OR across them would scan the org's events
      const rows = await sql<Record<string, unknown>>`
        select * from (
          select e.* from events e where e.org_id = ${orgId} and e.contact_id = ${contactId}
          union
          select e.* from events e
            join invoices i on i.org_id = e.org_id and i.id = e.invoice_id
            join contacts c on c.org_id = i.org_id and c.external_id = i.contact_external_id
            where e.org_id = ${orgId} and c.id = ${contactId}
        ) h
        order by h.at desc, h.id desc
        limit ${limit}`.execute(db);
      return rows.rows.map(toEvent);
    },
    async recordSyncProgress(orgId, progress) {
      const running = progress === null ? null : JSON.stringify(progress);
      await db
        .insertInto('sync_state')
        .values({ org_id: orgId, cursor: null, progress_total: null, last_sync_at: null, last_error: null, running })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ running }))
        .execute();
    },
    async recordSentMessage(m) {
      // a retried send records the same message once: the first version is what left
      await db
        .insertInto('sent_messages')
        .values({
          org_id: m.orgId,
          message_id: m.messageId,
          invoice_ids: JSON.stringify(m.invoiceIds),
          to: JSON.stringify(m.to),
          subject: m.subject,
          html: m.html,
          text: m.text,
          sent_at: m.sentAt,
        })
        .onConflict((oc) => oc.columns(['org_id', 'message_id']).doNothing())
        .execute();
    },
    async sentMessage(orgId, messageId) {
      const r = await db
        .selectFrom('sent_messages')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (!r) return null;
      const message: SentMessage = {
        messageId: r.message_id,
        orgId: r.org_id,
        invoiceIds: json<string[]>(r.invoice_ids),
        to: json<string[]>(r.to),
        subject: r.subject,
        html: r.html,
        text: r.text,
        sentAt: iso(r.sent_at) as string,
      };
      return message;
    },
    receivables: (orgId, today) => receivables(db, orgId, today),
    listCustomers: (orgId, query) => listCustomers(db, orgId, query),
    listInvoices: (orgId, query) => listInvoices(db, orgId, query),
    upcomingActions: (orgId, from, to, limit) => upcomingActions(db, orgId, from, to, limit),
  };
}
