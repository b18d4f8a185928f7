import { type Kysely, sql } from 'kysely';
import type { TokenSet, TokenVault } from '../core/connection.ts';
import type { Organisation } from '../core/organisation.ts';
import type { Store } from '../core/store.ts';
import type { SecretBox } from './secret-box.ts';
import type { Database } from './schema.ts';

/**
 * OAuth tokens, encrypted, with one refresh per tenant at a time across every process that shares the database:
 * the refresh runs inside a transaction holding a PostgreSQL advisory lock on the tenant, reads the tokens as stored
 * after taking it (so a process that waited sees the rotated token and does not refresh again), and stores the new
 * pair before the lock is released. Refresh tokens may rotate at every refresh: losing that race
 * loses the connection.
 */
export class StoreTokenVault implements TokenVault {
  readonly #db: Kysely<Database>;
  readonly #box: SecretBox;
  readonly #onNeedsReconnect: (orgId: string, reason: string) => Promise<void>;

  constructor(db: Kysely<Database>, box: SecretBox, onNeedsReconnect: (orgId: string, reason: string) => Promise<void>) {
    this.#db = db;
    this.#box = box;
    this.#onNeedsReconnect = onNeedsReconnect;
  }

  async save(orgId: string, tokens: TokenSet): Promise<void> {
    const sealed = this.#box.seal(JSON.stringify(tokens), orgId);
    await this.#db
      .insertInto('tokens')
      .values({ org_id: orgId, sealed, updated_at: sql`now()` })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ sealed, updated_at: sql`now()` }))
      .execute();
  }

  async read(orgId: string): Promise<TokenSet | null> {
    const row = await this.#db.selectFrom('tokens').select('sealed').where('org_id', '=', orgId).executeTakeFirst();
    return row ? (JSON.parse(this.#box.open(row.sealed, orgId)) as TokenSet) : null;
  }

  refreshExclusive(orgId: string, refresh: (current: TokenSet) => Promise<TokenSet>): Promise<TokenSet> {
    return this.#db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`relance-tokens:${orgId}`}))`.execute(tx);
      const row = await tx.selectFrom('tokens').select('sealed').where('org_id', '=', orgId).executeTakeFirst();
      if (!row) throw new Error(`no tokens stored for organisation ${orgId}: connect it again`);
      const next = await refresh(JSON.parse(this.#box.open(row.sealed, orgId)) as TokenSet);
      await tx
        .updateTable('tokens')
        .set({ sealed: this.#box.seal(JSON.stringify(next), orgId), updated_at: sql`now()` })
        .where('org_id', '=', orgId)
        .execute();
      return next;
    });
  }

  async markNeedsReconnect(orgId: string, reason: string): Promise<void> {
    await this.#onNeedsReconnect(orgId, reason);
  }
}

/**
 * When an organisation's connection dies unless the owner reconnects (TokenSet.refreshExpiresAt), read from its sealed
 * tokens: those stored under Organisation.tokenKey when one consent covers several organisations. Null when the ledger
 * gives no such expiry, or nothing is stored.
 */
export async function storedRefreshExpiry(
  vault: Pick<TokenVault, 'read'>,
  org: Pick<Organisation, 'id' | 'tokenKey'>,
): Promise<string | null> {
  return (await vault.read(org.tokenKey ?? org.id))?.refreshExpiresAt ?? null;
}

/** The web app's `connectionExpiry`: by organisation id, null for an unknown one. */
export function connectionExpiryReader(store: Pick<Store, 'getOrganisation'>, vault: Pick<TokenVault, 'read'>) {
  return async (orgId: string): Promise<string | null> => {
    const org = await store.getOrganisation(orgId);
    return org ? storedRefreshExpiry(vault, org) : null;
  };
}
