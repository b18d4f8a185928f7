import { z } from 'zod';
import { LedgerError } from '../../core/ports.ts';
import type { Organisation } from '../../core/organisation.ts';
import { NotFoundError, type ServiceDeps } from '../../services/deps.ts';
import { waiveCharges } from '../../services/index.ts';

const reasonSchema = z
  .string()
  .trim()
  .min(1, 'say why: the reason goes on the credit note and in the history')
  .max(500, 'at most 500 characters');

export type WaiveOutcome = { ok: true } | { ok: false; status: 400 | 409 | 502; error: string };

/** The owner cancels the charges written on an invoice: a credit note in the ledger, 'charge-waived' in the history. */
export async function waive(deps: ServiceDeps, org: Organisation, invoiceId: string, reasonField: unknown): Promise<WaiveOutcome> {
  const reason = reasonSchema.safeParse(typeof reasonField === 'string' ? reasonField : '');
  if (!reason.success) return { ok: false, status: 400, error: reason.error.issues[0]!.message };
  try {
    await waiveCharges(deps, org.id, invoiceId, reason.data);
    return { ok: true };
  } catch (error) {
    if (error instanceof NotFoundError)
      return {
        ok: false,
        status: 409,
        error: 'There are no written charges to waive on this invoice (they may have been waived already).',
      };
    if (error instanceof LedgerError)
      return { ok: false, status: 502, error: `The ledger refused the credit note: ${error.message}. Nothing was waived; try again.` };
    throw error;
  }
}
