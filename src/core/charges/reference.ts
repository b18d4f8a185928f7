/**
 * The reference written on a separate late-payment charges invoice. Read back from the ledger by a sync, it tells
 * relance's own charges invoices apart even before the vendor's id of what was written is stored (a crash between the
 * write and its record, or a sync that runs first). Vendor-neutral: every connector writes this same text.
 */
const PREFIX = 'Late-payment charges: ';

export function chargesInvoiceReference(invoiceNumber: string): string {
  return `${PREFIX}${invoiceNumber}`;
}

/** The number of the invoice whose charges an invoice with this reference carries; null for any other reference. */
export function chargedInvoiceNumber(reference: string | null | undefined): string | null {
  if (!reference?.startsWith(PREFIX)) return null;
  const number = reference.slice(PREFIX.length).trim();
  return number || null;
}

/** The same prefix for a store's query (`LIKE 'Late-payment charges: %'`). */
export const CHARGES_REFERENCE_PREFIX = PREFIX;
