import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `signature` is the base64 HMAC-SHA256 of the raw body under `key`. Compared in constant time on
 * equal-length buffers; a missing or wrong-length signature is simply false.
 */
export function verifyHmacSha256(rawBody: string | Uint8Array, signature: string | null | undefined, key: string): boolean {
  if (!signature || !key) return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

export function signHmacSha256(rawBody: string | Uint8Array, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}
