import type { Organisation } from '../core/organisation.ts';
import type { LedgerWrites } from '../core/ports.ts';
import { connectionOf, type ServiceDeps } from './deps.ts';

/** What the settings page offers for booking charges, as the organisation's ledger says. */
export type ChargeBooking = {
  bookedTo: LedgerWrites['chargesBookedTo'];
  chargesAsLine: boolean;
  /** The accounts or items the ledger has; null when it could not be asked (the page then takes a typed id). */
  targets: { id: string; name: string }[] | null;
};

/** Lists the ledger's charge targets; a failed read (disconnected, ledger down) leaves the choice typed by hand. */
export async function chargeBookingOf(deps: ServiceDeps, org: Organisation): Promise<ChargeBooking> {
  const ledger = deps.ledger(org);
  const base = { bookedTo: ledger.writes.chargesBookedTo, chargesAsLine: ledger.writes.chargesAsLine };
  if (org.connectionStatus !== 'connected') return { ...base, targets: null };
  try {
    return { ...base, targets: await ledger.chargeTargets(connectionOf(org)) };
  } catch (error) {
    deps.log.warn(
      { orgId: org.id, err: error instanceof Error ? error.message : String(error) },
      'charge targets not read from the ledger',
    );
    return { ...base, targets: null };
  }
}
