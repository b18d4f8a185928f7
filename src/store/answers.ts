import type { Kysely } from 'kysely';
import type { Store } from '../core/store.ts';
import { toAnswer, toEvent } from './rows.ts';
import type { Database } from './schema.ts';

type AnswerMethods = Pick<
  Store,
  | 'recordAnswer'
  | 'getAnswer'
  | 'resolveDispute'
  | 'markAnswerNoted'
  | 'recordEvent'
  | 'history'
  | 'firstReceipt'
  | 'saveOAuthState'
  | 'takeOAuthState'
  | 'expireOAuthStates'
>;

export function answersAndEvents(db: Kysely<Database>): AnswerMethods {
  return {
    async recordAnswer(orgId, a) {
      await db
        .insertInto('answers')
        .values({
          id: a.id,
          org_id: orgId,
          kind: a.kind,
          invoice_ids: JSON.stringify(a.invoiceIds),
          source: a.source,
          created_at: a.at,
          promised_date: a.kind === 'promise' ? a.promisedDate : null,
          reference: a.kind === 'paid' ? (a.reference ?? null) : null,
          reason: a.kind === 'dispute' ? a.reason : null,
          resolved_at: null,
          note_written_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async getAnswer(orgId, id) {
      const row = await db.selectFrom('answers').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return row ? toAnswer(row) : null;
    },
    async resolveDispute(orgId, answerId, at) {
      await db
        .updateTable('answers')
        .set({ resolved_at: at })
        .where('org_id', '=', orgId)
        .where('id', '=', answerId)
        .where('kind', '=', 'dispute')
        .execute();
    },
    async markAnswerNoted(orgId, answerId, at) {
      await db.updateTable('answers').set({ note_written_at: at }).where('org_id', '=', orgId).where('id', '=', answerId).execute();
    },
    async recordEvent(orgId, e) {
      await db
        .insertInto('events')
        .values({
          org_id: orgId,
          invoice_id: e.invoiceId,
          contact_id: e.contactId ?? null,
          kind: e.kind,
          detail: JSON.stringify(e.detail),
          at: e.at,
        })
        .execute();
    },
    async history(orgId, invoiceId) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('invoice_id', '=', invoiceId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map(toEvent);
    },
    async firstReceipt(dedupeKey, at) {
      const rows = await db
        .insertInto('webhook_receipts')
        .values({ dedupe_key: dedupeKey, received_at: at })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('dedupe_key')
        .execute();
      return rows.length === 1;
    },
    async saveOAuthState(state, vendor, verifier, at) {
      await db.insertInto('oauth_states').values({ state, vendor, verifier, created_at: at }).execute();
    },
    async expireOAuthStates(before) {
      const gone = await db.deleteFrom('oauth_states').where('created_at', '<', new Date(before)).executeTakeFirst();
      return Number(gone.numDeletedRows);
    },
    async takeOAuthState(state, notBefore) {
      // one use only: the row is deleted as it is read
      const row = await db.deleteFrom('oauth_states').where('state', '=', state).returningAll().executeTakeFirst();
      if (!row || new Date(row.created_at) < new Date(notBefore)) return null;
      return { vendor: row.vendor, verifier: row.verifier };
    },
  };
}
