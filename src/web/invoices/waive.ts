import { z } from 'zod';
import { LedgerError } from '../../core/ports.ts';
import type { Organisation } from '../../core/organisation.ts';
import { NotFoundError, type ServiceDeps } from '../../services/deps.ts';
import { waiveCharges } from '../../services/index.ts';
import { invoiceWords } from './words.ts';

const reasonSchema = (locale: string) => {
  const w = invoiceWords(locale);
  return z.string().trim().min(1, w.waiveNeedReason).max(500, w.tooLong);
};

export type WaiveOutcome = { ok: true } | { ok: false; status: 400 | 409 | 502; error: string };

/** The owner cancels the charges written on an invoice: a credit note in the ledger, 'charge-waived' in the history. */
export async function waive(deps: ServiceDeps, org: Organisation, invoiceId: string, reasonField: unknown): Promise<WaiveOutcome> {
  const w = invoiceWords(org.locale);
  const reason = reasonSchema(org.locale).safeParse(typeof reasonField === 'string' ? reasonField : '');
  if (!reason.success) return { ok: false, status: 400, error: reason.error.issues[0]!.message };
  try {
    await waiveCharges(deps, org.id, invoiceId, reason.data);
    return { ok: true };
  } catch (error) {
    if (error instanceof NotFoundError) return { ok: false, status: 409, error: w.waiveNothing };
    if (error instanceof LedgerError) return { ok: false, status: 502, error: w.waiveRefused(error.message) };
    throw error;
  }
}
