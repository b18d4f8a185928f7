import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Store, StoredReminder } from '../core/store.ts';
import { toReminder } from './rows.ts';
import type { Database } from './schema.ts';

export const INSERT_CHUNK = 2_000;

type ReminderMethods = Pick<Store, 'recordReminders' | 'claimReminders' | 'transitionReminders' | 'markNoteWritten'
  | 'getReminders' | 'remindersOfInvoices' | 'remindersInState'>;

export function reminders(db: Kysely<Database>): ReminderMethods {
  const anyOf = (ids: string[]) => sql<string>`any(${ids}::text[])`;
  return {
    recordReminders: async function record(orgId, rows, at): Promise<StoredReminder[]> {
      if (rows.length === 0) return [];
      // PostgreSQL takes at most 65,535 parameters a statement (13 a row here)
      if (rows.length > INSERT_CHUNK) {
        const out: StoredReminder[] = [];
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(...(await record(orgId, rows.slice(i, i + INSERT_CHUNK), at)));
        return out;
      }
      // unique (organisation, invoice, step): a second planner, a retried job or a re-sync inserts nothing;
      // only a failed or cancelled attempt may be planned again
      const inserted = await db.insertInto('reminders')
        .values(rows.map((r) => ({
          id: randomUUID(), org_id: orgId, invoice_id: r.invoiceId, contact_id: r.contactId, step_key: r.step.key,
          channel: r.step.channel, step: JSON.stringify(r.step), due_on: r.dueOn, state: r.state, reason: r.reason,
          batch_id: r.batchId, planned_at: at, updated_at: at,
        })))
        .onConflict((oc) => oc.columns(['org_id', 'invoice_id', 'step_key']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'), reason: eb.ref('excluded.reason'), batch_id: eb.ref('excluded.batch_id'),
          step: eb.ref('excluded.step'), channel: eb.ref('excluded.channel'), due_on: eb.ref('excluded.due_on'),
          planned_at: eb.ref('excluded.planned_at'), updated_at: eb.ref('excluded.updated_at'),
          claimed_at: null, claimed_by: null,
        // a reminder already blocked (failed) stays as it is while it stays blocked: no repeated events
        })).where((eb) => eb.and([
          eb('reminders.state', 'in', ['failed', 'cancelled']),
          eb.or([eb('reminders.state', '!=', 'failed'), eb('excluded.state', '!=', 'failed')]),
        ])))
        .returning(['id', 'invoice_id', 'step_key', 'attempts', 'message_id'])
        .execute();
      // the rows just written are known: rebuild them without reading back (and re-validating) every column
      const byKey = new Map(rows.map((r) => [`${r.invoiceId}/${r.step.key}`, r]));
      return inserted.map((x) => {
        const r = byKey.get(`${x.invoice_id}/${x.step_key}`)!;
        return {
          id: x.id, orgId, invoiceId: r.invoiceId, contactId: r.contactId, stepKey: r.step.key, channel: r.step.channel, step: r.step,
          dueOn: r.dueOn, state: r.state, reason: r.reason, batchId: r.batchId, messageId: x.message_id, attempts: Number(x.attempts),
          plannedAt: new Date(at).toISOString(), claimedAt: null, sentAt: null, noteWrittenAt: null,
        };
      });
    },
    async claimReminders(orgId, ids, worker, at) {
      if (ids.length === 0) return [];
      const rows = await db.updateTable('reminders')
        .set((eb) => ({ state: 'claimed', claimed_at: at, claimed_by: worker, updated_at: at, attempts: eb('attempts', '+', 1) }))
        .where('org_id', '=', orgId).where('id', '=', anyOf(ids)).where('state', '=', 'planned')
        .returningAll().execute();
      return rows.map(toReminder);
    },
    async transitionReminders(orgId, ids, from, to, detail) {
      if (ids.length === 0) return [];
      const rows = await db.updateTable('reminders')
        .set({
          state: to, updated_at: detail.at,
          ...(detail.reason !== undefined ? { reason: detail.reason } : {}),
          ...(detail.messageId !== undefined ? { message_id: detail.messageId } : {}),
          ...(to === 'sent' ? { sent_at: detail.at } : {}),
          ...(to === 'planned' ? { claimed_at: null, claimed_by: null } : {}),
        })
        .where('org_id', '=', orgId).where('id', '=', anyOf(ids)).where('state', 'in', from)
        .returningAll().execute();
      return rows.map(toReminder);
    },
    async markNoteWritten(orgId, reminderId, at) {
      await db.updateTable('reminders').set({ note_written_at: at }).where('org_id', '=', orgId).where('id', '=', reminderId).execute();
    },
    async getReminders(orgId, ids) {
      if (ids.length === 0) return [];
      return (await db.selectFrom('reminders').selectAll().where('org_id', '=', orgId).where('id', '=', anyOf(ids)).execute()).map(toReminder);
    },
    async remindersOfInvoices(orgId, invoiceIds) {
      if (invoiceIds.length === 0) return [];
      return (await db.selectFrom('reminders').selectAll().where('org_id', '=', orgId).where('invoice_id', '=', anyOf(invoiceIds))
        .orderBy('planned_at').execute()).map(toReminder);
    },
    async remindersInState(orgId, states, olderThan) {
      let q = db.selectFrom('reminders').selectAll().where('org_id', '=', orgId).where('state', 'in', states);
      if (olderThan) q = q.where('updated_at', '<', new Date(olderThan));
      return (await q.orderBy('planned_at').execute()).map(toReminder);
    },
  };
}
