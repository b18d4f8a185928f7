import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { NewReminder, Store, StoredReminder } from '../core/store.ts';
import { toReminder } from './rows.ts';
import type { Database } from './schema.ts';

export const INSERT_CHUNK = 2_000;

type ReminderMethods = Pick<
  Store,
  | 'recordReminders'
  | 'claimReminders'
  | 'transitionReminders'
  | 'markNoteWritten'
  | 'getReminders'
  | 'remindersOfInvoices'
  | 'remindersInState'
  | 'reminderCounts'
  | 'latestInState'
  | 'plannedBatches'
>;

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
      // only a failed or cancelled attempt may be planned again. Columns travel as arrays (unnest): ten parameters
      // whatever the number of rows, which PostgreSQL parses and plans far faster than thousands of placeholders.
      const col = <T>(f: (r: NewReminder) => T) => rows.map(f);
      const inserted = (
        await sql<{ id: string; invoice_id: string; step_key: string; attempts: number; message_id: string | null }>`
        insert into reminders (id, org_id, invoice_id, contact_id, step_key, channel, step, due_on, state, reason, batch_id, planned_at, updated_at)
        select u.id, ${orgId}, u.invoice_id, u.contact_id, u.step_key, u.channel, u.step::jsonb, u.due_on::date, u.state, u.reason, u.batch_id,
               ${at}::timestamptz, ${at}::timestamptz
        from unnest(${col(() => randomUUID())}::text[], ${col((r) => r.invoiceId)}::text[], ${col((r) => r.contactId)}::text[],
                    ${col((r) => r.step.key)}::text[], ${col((r) => r.step.channel)}::text[], ${col((r) => JSON.stringify(r.step))}::text[],
                    ${col((r) => r.dueOn)}::text[], ${col((r) => r.state)}::text[], ${col((r) => r.reason)}::text[], ${col((r) => r.batchId)}::text[])
          as u(id, invoice_id, contact_id, step_key, channel, step, due_on, state, reason, batch_id)
        on conflict (org_id, invoice_id, step_key) do update set
          state = excluded.state, reason = excluded.reason, batch_id = excluded.batch_id, step = excluded.step,
          channel = excluded.channel, due_on = excluded.due_on, planned_at = excluded.planned_at, updated_at = excluded.updated_at,
          claimed_at = null, claimed_by = null
        -- a reminder already blocked (failed) stays as it is while it stays blocked: no repeated events
        where reminders.state in ('failed', 'cancelled') and (reminders.state <> 'failed' or excluded.state <> 'failed')
        returning id, invoice_id, step_key, attempts, message_id`.execute(db)
      ).rows;
      // the rows just written are known: rebuild them without reading back (and re-validating) every column
      const byKey = new Map(rows.map((r) => [`${r.invoiceId}/${r.step.key}`, r]));
      return inserted.map((x) => {
        const r = byKey.get(`${x.invoice_id}/${x.step_key}`)!;
        return {
          id: x.id,
          orgId,
          invoiceId: r.invoiceId,
          contactId: r.contactId,
          stepKey: r.step.key,
          channel: r.step.channel,
          step: r.step,
          dueOn: r.dueOn,
          state: r.state,
          reason: r.reason,
          batchId: r.batchId,
          messageId: x.message_id,
          attempts: Number(x.attempts),
          plannedAt: new Date(at).toISOString(),
          claimedAt: null,
          sentAt: null,
          noteWrittenAt: null,
        };
      });
    },
    async claimReminders(orgId, ids, worker, at) {
      if (ids.length === 0) return [];
      const rows = await db
        .updateTable('reminders')
        .set((eb) => ({ state: 'claimed', claimed_at: at, claimed_by: worker, updated_at: at, attempts: eb('attempts', '+', 1) }))
        .where('org_id', '=', orgId)
        .where('id', '=', anyOf(ids))
        .where('state', '=', 'planned')
        .returningAll()
        .execute();
      return rows.map(toReminder);
    },
    async transitionReminders(orgId, ids, from, to, detail) {
      if (ids.length === 0) return [];
      const rows = await db
        .updateTable('reminders')
        .set({
          state: to,
          updated_at: detail.at,
          ...(detail.reason !== undefined ? { reason: detail.reason } : {}),
          ...(detail.messageId !== undefined ? { message_id: detail.messageId } : {}),
          ...(to === 'sent' ? { sent_at: detail.at } : {}),
          ...(to === 'planned' ? { claimed_at: null, claimed_by: null } : {}),
        })
        .where('org_id', '=', orgId)
        .where('id', '=', anyOf(ids))
        .where('state', 'in', from)
        .returningAll()
        .execute();
      return rows.map(toReminder);
    },
    async markNoteWritten(orgId, reminderId, at) {
      await db.updateTable('reminders').set({ note_written_at: at }).where('org_id', '=', orgId).where('id', '=', reminderId).execute();
    },
    async getReminders(orgId, ids) {
      if (ids.length === 0) return [];
      return (await db.selectFrom('reminders').selectAll().where('org_id', '=', orgId).where('id', '=', anyOf(ids)).execute()).map(
        toReminder,
      );
    },
    async remindersOfInvoices(orgId, invoiceIds) {
      if (invoiceIds.length === 0) return [];
      return (
        await db
          .selectFrom('reminders')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('invoice_id', '=', anyOf(invoiceIds))
          .orderBy('planned_at')
          .execute()
      ).map(toReminder);
    },
    async plannedBatches(orgId) {
      const rows = await db
        .selectFrom('reminders')
        .select(['batch_id', sql<string[]>`array_agg(id order by id)`.as('ids')])
        .where('org_id', '=', orgId)
        .where('state', '=', 'planned')
        .groupBy('batch_id')
        .execute();
      return rows.map((r) => ({ batchId: r.batch_id, reminderIds: r.ids }));
    },
    async remindersInState(orgId, states, olderThan) {
      let q = db.selectFrom('reminders').selectAll().where('org_id', '=', orgId).where('state', 'in', states);
      if (olderThan) q = q.where('updated_at', '<', new Date(olderThan));
      return (await q.orderBy('planned_at').execute()).map(toReminder);
    },

    async reminderCounts(orgId, states, options = {}) {
      if (states.length === 0) return {};
      const { dueBy } = options;
      let q = db
        .selectFrom('reminders')
        .select(['state', sql<string>`count(*)`.as('n')])
        .where('org_id', '=', orgId)
        .where('state', 'in', states);
      if (dueBy) q = q.where(sql<boolean>`coalesce(task_due_on, due_on) <= ${dueBy}::date`);
      const rows = await q.groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },

    async latestInState(orgId, state, limit) {
      const rows = await db
        .selectFrom('reminders')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('state', '=', state)
        .orderBy(sql`coalesce(sent_at, planned_at)`, 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toReminder);
    },
  };
}
