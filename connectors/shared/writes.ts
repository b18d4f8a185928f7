import { createHash } from 'node:crypto';

/**
 * The idempotency key sent with one vendor write, derived from the caller's key and what the write is for (one use
 * case may write twice: a charges invoice, then a note). Same inputs, same key; never longer than `max`.
 */
export function writeKey(callerKey: string, purpose: string, max: number): string {
  if (!callerKey) throw new RangeError('an idempotency key is required for every ledger write');
  const plain = `${purpose}:${callerKey}`;
  if (plain.length <= max && /^[\x21-\x7e]+$/.test(plain)) return plain;
  const digest = createHash('sha256').update(callerKey).digest('base64url');
  return `${purpose}:${digest}`.slice(0, max);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text cut to at most `max` UTF-16 units (how ledgers count) on a grapheme boundary, so no emoji or accent is split;
 * an ellipsis marks the cut. Line breaks and runs of spaces become one space.
 */
export function fitText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let out = '';
  for (const { segment } of graphemes.segment(flat)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}
