import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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

/**
 * The claims as signed: [orgId, invoiceIds, contactId, reminderId, expiresAt]. A token that decodes to anything else
 * (even one signed with the secret, by an older or a buggy signer) is not a link: it never reaches a page or a store.
 */
const id = z.string().min(1);
const claimsSchema = z.tuple([id, z.array(id).min(1), id, id, z.iso.datetime({ offset: true })]);

export type TokenCheck = { ok: true; claims: AnswerClaims } | { ok: false; reason: 'tampered' | 'expired'; claims?: AnswerClaims };

export function verifyAnswerToken(token: string, secret: string, now: Date): TokenCheck {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return { ok: false, reason: 'tampered' };
  const expected = Buffer.from(signature(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  const parsed = claimsSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'tampered' };
  const [orgId, invoiceIds, contactId, reminderId, expiresAt] = parsed.data;
  const claims: AnswerClaims = { orgId, invoiceIds, contactId, reminderId, expiresAt };
  if (new Date(expiresAt).getTime() < now.getTime()) return { ok: false, reason: 'expired', claims };
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
