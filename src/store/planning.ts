import { type Kysely, sql } from 'kysely';
import type { ReminderRecord, ScheduleContact } from '../core/reminder.ts';
import type { Store } from '../core/store.ts';
import { invoiceQuery } from './ledger.ts';
import { iso, toAnswer, toInvoice } from './rows.ts';
import type { Database } from './schema.ts';

type PlanningMethods = Pick<Store, 'dueInvoiceIds' | 'scheduleInputs' | 'setNextActionOn' | 'openInvoiceIds'>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export function planning(db: Kysely<Database>): PlanningMethods {
  return {
    async dueInvoiceIds(orgId, today, limit) {
      // served by the partial index invoices_due: cost follows the work due, not the invoices held
      const rows = await db
        .selectFrom('invoices')
        .select('id')
        .where('org_id', '=', orgId)
        .where('next_action_on', 'is not', null)
        .where('next_action_on', '<=', today)
        .orderBy('next_action_on')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async scheduleInputs(orgId, invoiceIds) {
      if (invoiceIds.length === 0) return { invoices: [], contacts: [], answers: [], history: [] };
      const ids = sql<string>`any(${invoiceIds}::text[])`;
      const invoices = (await invoiceQuery(db, orgId).where('i.id', '=', ids).execute()).map(toInvoice);
      const contactExternal = [...new Set(invoices.map((i) => i.contactExternalId))];
      const contactRows =
        contactExternal.length === 0
          ? []
          : await db
              .selectFrom('contacts')
              .selectAll()
              .where('org_id', '=', orgId)
              .where('external_id', '=', sql<string>`any(${contactExternal}::text[])`)
              .execute();
      const contacts: ScheduleContact[] = contactRows.map((c) => ({
        id: c.id,
        name: c.name,
        emails: json<string[]>(c.emails),
        isConsumer: c.is_consumer,
        paused: c.paused,
        pausedUntil: (c.paused_until ?? null) as ScheduleContact['pausedUntil'],
        ...(c.profile ? { profile: c.profile as ScheduleContact['profile'] } : {}),
      }));
      const contactIds = contacts.map((c) => c.id);
      const answers = (
        await db
          .selectFrom('answers')
          .selectAll()
          .where('org_id', '=', orgId)
          .where(sql<boolean>`invoice_ids ?| ${invoiceIds}::text[]`)
          .execute()
      ).map(toAnswer);
      // the invoices' own reminders, and every send to their customers (the minimum gap between two contacts)
      const reminderRows = await db
        .selectFrom('reminders')
        .select(['invoice_id', 'contact_id', 'step_key', 'state', 'reason', 'updated_at', 'sent_at', 'channel'])
        .where('org_id', '=', orgId)
        .where((eb) =>
          eb.or([
            eb('invoice_id', '=', ids),
            contactIds.length === 0
              ? sql<boolean>`false`
              : eb.and([eb('contact_id', '=', sql<string>`any(${contactIds}::text[])`), eb('sent_at', 'is not', null)]),
          ]),
        )
        .execute();
      const history: ReminderRecord[] = reminderRows.map((r) => ({
        invoiceId: r.invoice_id,
        contactId: r.contact_id,
        stepKey: r.step_key,
        state: r.state as ReminderRecord['state'],
        reason: r.reason,
        at: iso(r.sent_at ?? r.updated_at) as string,
        channel: r.channel as ReminderRecord['channel'],
      }));
      return { invoices, contacts, answers, history };
    },
    async setNextActionOn(orgId, updates) {
      if (updates.length === 0) return;
      const ids = updates.map((u) => u.invoiceId);
      const dates = updates.map((u) => u.on);
      // the step travels with its date: an update without one clears it (a stale step would name the wrong email)
      const steps = updates.map((u) => u.stepKey ?? null);
      await sql`update invoices set next_action_on = u.next_on::date, next_action_step = u.step
        from unnest(${ids}::text[], ${dates}::text[], ${steps}::text[]) as u(id, next_on, step)
        where invoices.org_id = ${orgId} and invoices.id = u.id`.execute(db);
    },
    async openInvoiceIds(orgId) {
      const rows = await db
        .selectFrom('invoices')
        .select('id')
        .where('org_id', '=', orgId)
        .where('status', 'in', ['open', 'draft'])
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
