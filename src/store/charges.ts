import { type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../core/calendar.ts';
import type { WrittenCharge } from '../core/ports.ts';
import type { StoredCharge, Store } from '../core/store.ts';
import { markWrittenChargesInvoice } from './charges-invoices.ts';
import type { Database } from './schema.ts';

type ChargeMethods = Pick<Store, 'receiptsOf' | 'chargeOf' | 'openChargeClaim' | 'finishChargeClaim'>;

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

export function charges(db: Kysely<Database>): ChargeMethods {
  return {
    async receiptsOf(orgId, invoiceExternalIds) {
      if (invoiceExternalIds.length === 0) return [];
      const payments = await db
        .selectFrom('payments')
        .select(['invoice_external_id', 'date', 'amount_minor'])
        .where('org_id', '=', orgId)
        .where('status', '=', 'active')
        .where('invoice_external_id', '=', sql<string>`any(${invoiceExternalIds}::text[])`)
        .execute();
      const notes = await db
        .selectFrom('credit_notes')
        .select(['allocations'])
        .where('org_id', '=', orgId)
        .where('status', '=', 'active')
        .execute();
      const wanted = new Set(invoiceExternalIds);
      const credits = notes
        .flatMap((n) => json(n.allocations) as { invoiceExternalId: string; amountMinor: number; date: CalendarDate }[])
        .filter((a) => wanted.has(a.invoiceExternalId));
      return [
        ...payments.map((p) => ({
          invoiceExternalId: p.invoice_external_id,
          date: p.date as CalendarDate,
          amountMinor: Number(p.amount_minor),
        })),
        ...credits.map((a) => ({ invoiceExternalId: a.invoiceExternalId, date: a.date, amountMinor: a.amountMinor })),
      ];
    },
    async chargeOf(orgId, invoiceId) {
      const r = await db
        .selectFrom('charges')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('invoice_id', '=', invoiceId)
        .executeTakeFirst();
      if (!r) return null;
      return {
        invoiceId: r.invoice_id,
        state: r.state as StoredCharge['state'],
        currency: r.currency,
        interestMinor: Number(r.interest_minor),
        compensationMinor: Number(r.compensation_minor),
        totalMinor: Number(r.total_minor),
        breakdown: json(r.breakdown),
        written: r.written === null ? null : (json(r.written) as WrittenCharge),
        waivedBy: r.waived_vendor_id,
      };
    },
    async openChargeClaim(orgId, c, at) {
      // unique (organisation, invoice): a second claim, retried or concurrent, opens nothing; a failed one may be retried
      const rows = await db
        .insertInto('charges')
        .values({
          id: `${orgId}:${c.invoiceId}`,
          org_id: orgId,
          invoice_id: c.invoiceId,
          state: 'claiming',
          currency: c.currency,
          interest_minor: c.interestMinor,
          compensation_minor: c.compensationMinor,
          total_minor: c.totalMinor,
          breakdown: JSON.stringify(c.breakdown),
          written: null,
          waived_vendor_id: null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'invoice_id'])
            .doUpdateSet((eb) => ({
              state: 'claiming',
              interest_minor: eb.ref('excluded.interest_minor'),
              compensation_minor: eb.ref('excluded.compensation_minor'),
              total_minor: eb.ref('excluded.total_minor'),
              breakdown: eb.ref('excluded.breakdown'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where('charges.state', '=', 'failed'),
        )
        .returning('id')
        .execute();
      return rows.length === 1;
    },
    async finishChargeClaim(orgId, invoiceId, patch, at) {
      await db
        .updateTable('charges')
        .set({
          state: patch.state,
          updated_at: at,
          ...(patch.written ? { written: JSON.stringify(patch.written) } : {}),
          ...(patch.waivedBy ? { waived_vendor_id: patch.waivedBy } : {}),
        })
        .where('org_id', '=', orgId)
        .where('invoice_id', '=', invoiceId)
        .execute();
      if (patch.state === 'written' && patch.written?.writtenAs === 'separate-invoice') {
        await markWrittenChargesInvoice(db, orgId, invoiceId, patch.written.invoiceExternalId);
      }
    },
  };
}
