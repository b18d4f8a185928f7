import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring links for the customer's answers. The token names the organisation, the invoices and the expiry;
 * anyone can read it, nobody can forge or widen it without the secret.
 */
export type AnswerKind = 'promise' | 'paid' | 'dispute';
export type AnswerClaims = { orgId: string; invoiceIds: string[]; contactId: string; reminderId: string; expiresAt: string };

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function signature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signAnswerToken(claims: AnswerClaims, secret: string): string {
  const payload = b64(JSON.stringify([claims.orgId, claims.invoiceIds, claims.contactId, claims.reminderId, claims.expiresAt]));
  return `${payload}.${signature(payload, secret)}`;
}

export type TokenCheck = { ok: true; claims: AnswerClaims } | { ok: false; reason: 'tampered' | 'expired'; claims?: AnswerClaims };

export function verifyAnswerToken(token: string, secret: string, now: Date): TokenCheck {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return { ok: false, reason: 'tampered' };
  const expected = Buffer.from(signature(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  let claims: AnswerClaims;
  try {
    const [orgId, invoiceIds, contactId, reminderId, expiresAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims = { orgId, invoiceIds, contactId, reminderId, expiresAt };
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  if (new Date(claims.expiresAt) < now) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export function answerUrls(publicUrl: string, token: string): Record<AnswerKind, string> {
  const base = publicUrl.replace(/\/$/, '');
  return {
    promise: `${base}/answer/promise?t=${token}`,
    paid: `${base}/answer/paid?t=${token}`,
    dispute: `${base}/answer/dispute?t=${token}`,
  };
}
