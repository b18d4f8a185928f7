import { createKeyedMutex } from './limiter.ts';
import type { TokenSet, TokenVault } from './tokens.ts';

/** A TokenVault in memory, for tests and the demo: a per-organisation mutex stands in for the advisory lock. */
export class MemoryTokenVault implements TokenVault {
  readonly #tokens = new Map<string, TokenSet>();
  readonly #mutex = createKeyedMutex();
  readonly needsReconnect = new Map<string, string>();

  async save(orgId: string, tokens: TokenSet): Promise<void> {
    await this.#mutex.run(orgId, async () => {
      this.#tokens.set(orgId, tokens);
      this.needsReconnect.delete(orgId);
    });
  }

  async read(orgId: string): Promise<TokenSet | null> {
    return this.#tokens.get(orgId) ?? null;
  }

  refreshExclusive(orgId: string, refresh: (current: TokenSet) => Promise<TokenSet>): Promise<TokenSet> {
    return this.#mutex.run(orgId, async () => {
      const current = this.#tokens.get(orgId);
      if (!current) throw new Error(`no tokens stored for organisation ${orgId}`);
      const next = await refresh(current);
      this.#tokens.set(orgId, next);
      return next;
    });
  }

  async markNeedsReconnect(orgId: string, reason: string): Promise<void> {
    this.needsReconnect.set(orgId, reason);
  }
}
