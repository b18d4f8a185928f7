import { type Kysely, sql } from 'kysely';

/**
 * What a charges write produced is kept as the structured WrittenCharge (JSON): the invoice written to and, for lines
 * on the original, the ids of those lines. It replaces vendor_id, which packed them as `<invoice>:lines:<a,b>`, and
 * written_as, now part of it. Rows written before are converted; the credit note of a waiver stays in waived_vendor_id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table charges add column written jsonb`.execute(db);
  await sql`
    update charges set written = case
      when written_as = 'line-on-original' then jsonb_build_object(
        'writtenAs', 'line-on-original',
        'invoiceExternalId', split_part(vendor_id, ':lines:', 1),
        'lineIds', case when split_part(vendor_id, ':lines:', 2) = '' then '[]'::jsonb
                        else to_jsonb(string_to_array(split_part(vendor_id, ':lines:', 2), ',')) end)
      else jsonb_build_object('writtenAs', 'separate-invoice', 'invoiceExternalId', vendor_id)
    end
    where vendor_id is not null
  `.execute(db);
  await sql`alter table charges drop column vendor_id`.execute(db);
  await sql`alter table charges drop column written_as`.execute(db);
}
