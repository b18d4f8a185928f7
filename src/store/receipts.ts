import type { Kysely } from 'kysely';
import type { Store } from '../core/store.ts';
import type { Database } from './schema.ts';

type ReceiptMethods = Pick<Store, 'seenReceipts' | 'recordReceipts' | 'purgeReceipts'>;

/**
 * Webhook receipts: which vendor events were already turned into work. A receipt is recorded only once that work is
 * queued, so a delivery that failed to queue is processed again when the vendor redelivers it.
 */
export function receipts(db: Kysely<Database>): ReceiptMethods {
  return {
    async seenReceipts(dedupeKeys) {
      if (dedupeKeys.length === 0) return new Set();
      const rows = await db.selectFrom('webhook_receipts').select('dedupe_key').where('dedupe_key', 'in', dedupeKeys).execute();
      return new Set(rows.map((r) => r.dedupe_key));
    },
    async recordReceipts(dedupeKeys, at) {
      if (dedupeKeys.length === 0) return;
      await db
        .insertInto('webhook_receipts')
        .values(dedupeKeys.map((k) => ({ dedupe_key: k, received_at: at })))
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    },
    async purgeReceipts(before) {
      const result = await db.deleteFrom('webhook_receipts').where('received_at', '<', new Date(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
