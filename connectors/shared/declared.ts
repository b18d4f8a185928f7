import type { LedgerConnector } from '../../src/core/ports.ts';
import type { ConnectorConfig } from './definition.ts';

/**
 * What a connector tells the services about itself, read off its config: its id, its limits (without the paging sizes
 * only it uses) and its write capabilities (without the idempotency details only it uses). Every connector spreads
 * this, so the figures live in one place, its config.
 */
export function declared(config: ConnectorConfig): Pick<LedgerConnector, 'vendor' | 'limits' | 'writes'> {
  const { calls, concurrency, idsPerRead } = config.limits;
  const { noteMaxLength, note, chargesAsLine, chargesBookedTo } = config.write;
  return {
    vendor: config.id,
    limits: { calls, concurrency, idsPerRead },
    writes: { noteMaxLength, note, chargesAsLine, chargesBookedTo },
  };
}
