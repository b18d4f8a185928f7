import type { LedgerStatus } from '../config.ts';
import { UsageError } from './args.ts';

/** One line per registered ledger: on, or off and for want of what (`serve` says so at start). */
export function ledgerLines(ledgers: readonly LedgerStatus[]): string[] {
  return ledgers.map((l) =>
    l.on ? `ledger ${l.displayName} (${l.id}): on` : `ledger ${l.displayName} (${l.id}): off, ${l.missing.join('; ')}`,
  );
}

/** The registered ledgers that have an emulator, for `relance sandbox <ledger>` and `relance demo --ledger`. */
export function sandboxLedgers(ledgers: readonly LedgerStatus[]): LedgerStatus[] {
  return ledgers.filter((l) => l.definition.sandbox);
}

/** Finds a ledger with an emulator by id, or a usage line naming those there are. */
export function ledgerWithSandbox(ledgers: readonly LedgerStatus[], id: string | undefined, usage: string): LedgerStatus {
  const known = sandboxLedgers(ledgers);
  const found = known.find((l) => l.id === id);
  if (found) return found;
  const names = known.map((l) => l.id).join(', ');
  throw new UsageError(id ? `no sandbox for "${id}"; there is one for: ${names} (${usage})` : `which ledger? one of: ${names} (${usage})`);
}
