import { type Kysely, sql, type Transaction } from 'kysely';
import { CHARGES_REFERENCE_PREFIX } from '../core/charges/index.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Marks the late-payment charges invoices relance wrote among these mirrored invoices (`charges_for`: the invoice
 * whose charges each carries), so that they are never reminded nor charged on their own. Two keys: the invoice id
 * of the WrittenCharge stored with the charges claim, and, for a sync that sees the charges invoice before that id is stored, the
 * reference every connector writes on it ("Late-payment charges: <number>", same customer).
 */
export async function markChargesInvoices(db: Db, orgId: string, externalIds: string[]): Promise<void> {
  if (externalIds.length === 0) return;
  await sql`update invoices i set charges_for = c.invoice_id, next_action_on = null
    from charges c
    where i.org_id = ${orgId} and i.external_id = any(${externalIds}::text[]) and i.charges_for is null
      and c.org_id = i.org_id and c.written->>'writtenAs' = 'separate-invoice'
      and c.written->>'invoiceExternalId' = i.external_id`.execute(db);
  await sql`update invoices i set charges_for = o.id, next_action_on = null
    from invoices o
    where i.org_id = ${orgId} and i.external_id = any(${externalIds}::text[]) and i.charges_for is null
      and i.reference like ${`${CHARGES_REFERENCE_PREFIX}%`}
      and o.org_id = i.org_id and o.id <> i.id and o.contact_external_id = i.contact_external_id
      and i.reference = ${CHARGES_REFERENCE_PREFIX} || o.number`.execute(db);
}

/** The charges were written as a separate invoice: mark its mirror now if a sync already brought it. */
export async function markWrittenChargesInvoice(db: Db, orgId: string, invoiceId: string, vendorId: string): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ charges_for: invoiceId, next_action_on: null })
    .where('org_id', '=', orgId)
    .where('external_id', '=', vendorId)
    .where('id', '<>', invoiceId)
    .execute();
}
