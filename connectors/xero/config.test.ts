import { describe, expect, it } from 'vitest';
import { MemoryTokenVault } from '../shared/memory-vault.ts';
import { xeroConfig, xeroDefinition } from './index.ts';

describe("Xero's limits and write capabilities, as data (shared/reference/ledgers.md)", () => {
  it('declares 60 calls a minute and 5,000 a day per tenant, 5 at once, and 250-character notes', () => {
    const config = xeroConfig();
    expect(config.limits.calls).toEqual([
      { max: 60, windowMs: 60_000 },
      { max: 5_000, windowMs: 86_400_000 },
    ]);
    expect(config.limits.concurrency).toBe(5);
    expect(config.limits.idsPerRead).toBe(50);
    expect(config.write.noteMaxLength).toBe(250);
  });

  it('the connector hands the services exactly what the config declares, overrides included', () => {
    const config = xeroConfig({ overrides: { limits: { idsPerRead: 7, calls: [{ max: 3, windowMs: 1_000 }] } } });
    const connector = xeroDefinition(config).create({
      vault: new MemoryTokenVault(),
      credentials: { clientId: 'id', clientSecret: 'secret' },
    });
    expect(connector.limits).toEqual({ calls: [{ max: 3, windowMs: 1_000 }], concurrency: 5, idsPerRead: 7 });
    expect(connector.writes).toEqual({ noteMaxLength: 250, note: 'history', chargesAsLine: true, chargesBookedTo: 'account' });
  });
});
