export type * from './definition.ts';
export { createKeyedLimiter, createKeyedMutex, type KeyedLimiter } from './limiter.ts';
export { createTokenKeeper, OAuthFailure, type TokenKeeper, type TokenKeeperOptions, type TokenSet, type TokenVault } from './tokens.ts';
export { MemoryTokenVault } from './memory-vault.ts';
export { createOAuthClient, type OAuthClient } from './oauth.ts';
export { retryAfterMs, toLedgerError, VendorHttpError, type VendorFailure } from './http-errors.ts';
export { withRetries, type RetryOptions } from './retry.ts';
export { signHmacSha256, verifyHmacSha256 } from './signature.ts';
export { fitText, writeKey } from './writes.ts';
