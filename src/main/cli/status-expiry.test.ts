import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSet } from '../../core/connection.ts';
import { StoreTokenVault } from '../../store/token-vault.ts';
import { secretBox } from '../../store/secret-box.ts';
import { org as orgFixture } from '../../../test/fixtures/ledger.ts';
import { testDeps } from '../../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { type StatusRuntime, statusCommand } from './engine.ts';

const box = secretBox(Buffer.alloc(32, 3).toString('base64'));
const LEDGER = { id: 'test', displayName: 'Test Ledger' };
const tokens = (refreshExpiresAt?: string): TokenSet => ({
  accessToken: 'at',
  refreshToken: 'rt',
  expiresAt: '2026-03-04T10:00:00Z',
  ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
});

/** What status prints, with the runtime it is given. */
async function statusText(open: () => Promise<StatusRuntime>): Promise<string> {
  let text = '';
  const io = {
    stdout: (s: string) => {
      text += s;
    },
    stderr: () => {},
  };
  expect(await statusCommand([], io, open)).toBe(0);
  return text;
}

describe('relance status: when each ledger connection expires', () => {
  let opened: OpenedStore;
  let vault: StoreTokenVault;
  let open: () => Promise<StatusRuntime>;

  beforeAll(async () => {
    opened = await openPglite();
    vault = new StoreTokenVault(opened.database.db, box, async () => {});
    // Wednesday 4 March 2026, 10:00 in Paris
    const t = testDeps(opened.store, '2026-03-04T09:00:00Z');
    open = async () => ({ store: opened.store, deps: t.deps, vault, config: { ledgers: [LEDGER] }, close: async () => {} });
  });
  afterAll(() => opened.close());

  it('prints the expiry of a connection within 30 days, under its organisation, and nothing for one far off or without expiry', async () => {
    const soon = await opened.store.createOrganisation(orgFixture({ vendor: LEDGER.id, name: 'Soon SARL' }));
    await opened.store.createOrganisation(orgFixture({ vendor: LEDGER.id, name: 'Shared SARL', tokenKey: soon.id }));
    const far = await opened.store.createOrganisation(orgFixture({ vendor: LEDGER.id, name: 'Far SARL' }));
    const none = await opened.store.createOrganisation(orgFixture({ vendor: LEDGER.id, name: 'None SARL' }));
    const past = await opened.store.createOrganisation(orgFixture({ vendor: LEDGER.id, name: 'Past SARL' }));
    await vault.save(soon.id, tokens('2026-03-24T09:00:00.000Z'));
    await vault.save(far.id, tokens('2026-05-03T09:00:00.000Z'));
    await vault.save(none.id, tokens());
    await vault.save(past.id, tokens('2026-03-01T09:00:00.000Z'));

    const text = await statusText(open);
    const block = (name: string) => text.split(/\n(?=\S)/).find((b) => b.includes(`${name} (`)) ?? '';
    const expected =
      "  CONNECTION EXPIRES SOON: Your Test Ledger connection expires on 24 Mar 2026 (in 20 days). Reconnect before then to keep reminders going. Reconnect from the organisation's page (/connect/test).\n";
    expect(block('Soon SARL')).toContain(expected);
    expect(block('Shared SARL')).toContain(expected);
    expect(block('Past SARL')).toContain('  CONNECTION EXPIRED: Your Test Ledger connection expired on 1 Mar 2026. Reconnect now');
    expect(block('Far SARL')).not.toContain('CONNECTION');
    expect(block('None SARL')).not.toContain('CONNECTION');
  });

  it('says nothing of expiry without a vault to read (the runtimes other commands open)', async () => {
    const t = testDeps(opened.store, '2026-03-04T09:00:00Z');
    const text = await statusText(async () => ({
      store: opened.store,
      deps: t.deps,
      close: async () => {},
    }));
    expect(text).toContain('Soon SARL');
    expect(text).not.toContain('CONNECTION');
  });
});
