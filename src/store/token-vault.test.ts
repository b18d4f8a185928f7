import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { secretBox } from './secret-box.ts';
import { connectionExpiryReader, StoreTokenVault } from './token-vault.ts';
import { org } from '../../test/fixtures/ledger.ts';
import { type OpenedStore, openPostgres, storeVariants } from '../../test/support/stores.ts';
import type { TokenSet } from '../core/connection.ts';

const box = secretBox(randomBytes(32).toString('base64'));
const tokens = (n: number): TokenSet => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresAt: '2026-03-04T10:00:00.000Z' });

describe('secret box', () => {
  it('opens what it sealed only in the same context, and never stores the plain text', () => {
    const sealed = box.seal('refresh-token-xyz', 'org-1');
    expect(sealed).not.toContain('refresh-token-xyz');
    expect(box.open(sealed, 'org-1')).toBe('refresh-token-xyz');
    expect(() => box.open(sealed, 'org-2')).toThrow();
    expect(() => secretBox('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});

for (const variant of storeVariants) {
  describe.runIf(variant.available)(`token vault on ${variant.name}`, () => {
    let opened: OpenedStore;
    beforeAll(async () => {
      opened = await variant.open();
    });
    afterAll(() => opened?.close());

    it('stores tokens encrypted and refreshes them one caller at a time', async () => {
      const o = await opened.store.createOrganisation(org());
      const vault = new StoreTokenVault(opened.database.db, box, async () => {});
      await vault.save(o.id, tokens(0));
      const raw = await opened.database.db.selectFrom('tokens').select('sealed').where('org_id', '=', o.id).executeTakeFirstOrThrow();
      expect(raw.sealed).not.toMatch(/refreshToken|accessToken/);
      let inside = 0;
      let maxInside = 0;
      const seen: string[] = [];
      await Promise.all(
        Array.from({ length: 5 }, () =>
          vault.refreshExclusive(o.id, async (current) => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            seen.push(current.refreshToken);
            await new Promise((r) => setTimeout(r, 10));
            inside--;
            return tokens(Number(current.refreshToken.slice(1)) + 1);
          }),
        ),
      );
      expect(maxInside).toBe(1);
      // every caller saw the token its predecessor stored: none refreshed with a rotated-away token
      expect(seen).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
      expect((await vault.read(o.id))?.refreshToken).toBe('r5');
    });

    it('keeps the refresh token’s hard expiry sealed with the tokens, through a refresh, and reads it for every organisation of one consent', async () => {
      const first = await opened.store.createOrganisation(org());
      const second = await opened.store.createOrganisation(org({ tokenKey: first.id }));
      const vault = new StoreTokenVault(opened.database.db, box, async () => {});
      const expiryOf = connectionExpiryReader(opened.store, vault);
      expect(await expiryOf(first.id)).toBeNull();

      await vault.save(first.id, { ...tokens(0), refreshExpiresAt: '2026-06-12T09:00:00.000Z' });
      const raw = await opened.database.db.selectFrom('tokens').select('sealed').where('org_id', '=', first.id).executeTakeFirstOrThrow();
      expect(raw.sealed).not.toContain('2026-06-12');
      expect(await vault.read(first.id)).toEqual({ ...tokens(0), refreshExpiresAt: '2026-06-12T09:00:00.000Z' });
      expect(await expiryOf(second.id)).toBe('2026-06-12T09:00:00.000Z');

      // a refresh moves the rolling expiry: the new one is what is read back
      await vault.refreshExclusive(first.id, async (current) => ({ ...current, refreshExpiresAt: '2026-06-13T09:00:00.000Z' }));
      expect(await expiryOf(first.id)).toBe('2026-06-13T09:00:00.000Z');
      expect(await expiryOf(second.id)).toBe('2026-06-13T09:00:00.000Z');
      // a ledger that gives no expiry (and an unknown organisation) reads as none
      await vault.save(first.id, tokens(1));
      expect(await expiryOf(second.id)).toBeNull();
      expect(await expiryOf('00000000-0000-0000-0000-000000000000')).toBeNull();
    });
  });
}

describe.runIf(storeVariants[1]!.available)('token vault across processes (two pools on one PostgreSQL)', () => {
  it('two independent connections never refresh the same tenant at once', async () => {
    const a = await openPostgres();
    try {
      const o = await a.store.createOrganisation(org());
      const vaultA = new StoreTokenVault(a.database.db, box, async () => {});
      await vaultA.save(o.id, tokens(0));
      // a second vault over the same database through a separate pool stands for a second worker process
      const { openDatabase } = await import('./database.ts');
      const dbName = (await a.database.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow())
        .name;
      const second = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${dbName}`, migrate: false });
      const vaultB = new StoreTokenVault(second.db, box, async () => {});
      let inside = 0;
      let maxInside = 0;
      const step = (v: StoreTokenVault) =>
        v.refreshExclusive(o.id, async (current) => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 20));
          inside--;
          return tokens(Number(current.refreshToken.slice(1)) + 1);
        });
      await Promise.all([step(vaultA), step(vaultB), step(vaultA), step(vaultB)]);
      expect(maxInside).toBe(1);
      expect((await vaultB.read(o.id))?.refreshToken).toBe('r4');
      await second.close();
    } finally {
      await a.close();
    }
  });
});
