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

/**
 * The start every signed webhook shares: the signature in `header` checked over the RAW bytes before anything is
 * parsed (401), then the body read as JSON (400). What the JSON means is the vendor's to say.
 */
export function signedJson(
  rawBody: string | Uint8Array,
  headers: Headers,
  header: string,
  key: string,
): { ok: true; json: unknown } | { ok: false; status: 401 | 400; reason: string } {
  if (!verifyHmacSha256(rawBody, headers.get(header), key)) return { ok: false, status: 401, reason: 'bad webhook signature' };
  const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, reason: 'webhook body is not JSON' };
  }
}
