import type { Json } from '../state.ts';

/** An entity as served: InvoiceLink only when the read asked `include=invoiceLink` (QuickBooks omits it otherwise). */
export function served(e: Json, include: string | undefined): Json {
  if (!('InvoiceLink' in e) || include?.split(',').some((s) => s.trim().toLowerCase() === 'invoicelink')) return e;
  const { InvoiceLink: _omitted, ...rest } = e;
  return rest;
}
