import { OAuthFailure, type TokenSet, type TokenVault } from '../../src/core/connection.ts';
import { LedgerError } from '../../src/core/ports.ts';

export { OAuthFailure, type TokenSet, type TokenVault } from '../../src/core/connection.ts';

export type TokenKeeperOptions = {
  vault: TokenVault;
  /** Exchanges a refresh token at the vendor (see oauth.ts). */
  refresh: (refreshToken: string) => Promise<TokenSet>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  skewMs: number;
  /** A refresh whose answer was lost is retried with the same refresh token while this grace lasts. */
  graceMs: number;
  /** Pause between two tries of a refresh whose answer was lost. */
  retryDelayMs?: number;
};

export type TokenKeeper = {
  /** A working access token; `rejected` is one the vendor just refused (401), so it is not handed out again. */
  accessToken(orgId: string, options?: { rejected?: string }): Promise<string>;
};

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createTokenKeeper(options: TokenKeeperOptions): TokenKeeper {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  // concurrent callers in this process share one refresh; the vault's lock covers other processes
  const inflight = new Map<string, Promise<TokenSet>>();

  const usable = (t: TokenSet, rejected: string | undefined) =>
    t.accessToken !== rejected && Date.parse(t.expiresAt) - options.skewMs > now();

  async function refreshWithGrace(current: TokenSet): Promise<TokenSet> {
    const started = now();
    for (;;) {
      try {
        return await options.refresh(current.refreshToken);
      } catch (error) {
        const lost = error instanceof OAuthFailure ? error.kind === 'transient' : error instanceof TypeError;
        if (!lost || now() - started >= options.graceMs) throw error;
        await sleep(options.retryDelayMs ?? 1_000);
      }
    }
  }

  async function refreshOnce(orgId: string, rejected: string | undefined): Promise<TokenSet> {
    try {
      return await options.vault.refreshExclusive(orgId, async (current) =>
        // another worker may have refreshed while we waited for the lock: use its tokens
        usable(current, rejected) ? current : refreshWithGrace(current),
      );
    } catch (error) {
      if (error instanceof OAuthFailure && error.kind === 'invalid-grant') {
        await options.vault.markNeedsReconnect(orgId, error.message);
        throw new LedgerError('auth', `the ledger refused our refresh token (${error.message}): reconnect needed`);
      }
      if (error instanceof OAuthFailure || error instanceof TypeError) {
        throw new LedgerError('unavailable', `token refresh failed: ${error.message}`);
      }
      throw error;
    }
  }

  return {
    async accessToken(orgId, opts = {}) {
      const stored = await options.vault.read(orgId);
      if (!stored) throw new LedgerError('auth', `no tokens for organisation ${orgId}: connect it first`);
      if (usable(stored, opts.rejected)) return stored.accessToken;
      let pending = inflight.get(orgId);
      if (!pending) {
        pending = refreshOnce(orgId, opts.rejected).finally(() => inflight.delete(orgId));
        inflight.set(orgId, pending);
      }
      return (await pending).accessToken;
    },
  };
}
