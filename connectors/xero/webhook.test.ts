import { describe, expect, it } from 'vitest';
import { signHmacSha256, verifyHmacSha256 } from '../shared/signature.ts';
import { xero } from './index.ts';

const KEY = 'webhook-key-from-the-developer-portal';
const deliver = (body: string, signature: string | null) =>
  xero.webhook(body, new Headers(signature === null ? {} : { 'x-xero-signature': signature }), KEY);

const event = (over: Record<string, unknown> = {}) => ({
  resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/0d5b1f0a-0000-4000-8000-000000000001',
  resourceId: '0d5b1f0a-0000-4000-8000-000000000001',
  tenantId: '11111111-1111-4111-8111-111111111111',
  tenantType: 'ORGANISATION',
  eventCategory: 'INVOICE',
  eventType: 'UPDATE',
  eventDateUtc: '2026-03-01T10:00:00.123',
  ...over,
});
const body = (events: unknown[]) =>
  JSON.stringify({ events, firstEventSequence: 1, lastEventSequence: events.length || 1, entropy: 'XYZ' });

describe('Xero webhook', () => {
  it('accepts a correctly signed delivery and gives each event a stable dedupe key', () => {
    const raw = body([event(), event({ eventCategory: 'CONTACT', resourceId: 'c-1' })]);
    const result = deliver(raw, signHmacSha256(raw, KEY));
    expect(result).toMatchObject({ ok: true, rejected: [] });
    if (result.ok !== true) return;
    expect(result.changes.map((e) => [e.entity, e.externalId])).toEqual([
      ['invoice', expect.any(String)],
      ['contact', 'c-1'],
    ]);
    const again = deliver(raw, signHmacSha256(raw, KEY));
    expect(again.ok && again.changes[0]?.dedupeKey).toBe(result.changes[0]!.dedupeKey);
    expect(result.changes[0]!.occurredAt).toBe('2026-03-01T10:00:00.123Z');
  });

  it('answers the intent-to-receive probes: 200 for the signed empty list, 401 for the other', () => {
    const raw = body([]);
    expect(deliver(raw, signHmacSha256(raw, KEY))).toEqual({ ok: true, changes: [], rejected: [] });
    expect(deliver(raw, signHmacSha256(raw, 'not-the-key'))).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a signature of the wrong length, a missing one, and a body changed by one byte', () => {
    const raw = body([event()]);
    const good = signHmacSha256(raw, KEY);
    expect(deliver(raw, good.slice(0, 20))).toMatchObject({ ok: false, status: 401 });
    expect(deliver(raw, '')).toMatchObject({ ok: false, status: 401 });
    expect(deliver(raw, null)).toMatchObject({ ok: false, status: 401 });
    expect(deliver(raw.replace('UPDATE', 'CREATE'), good)).toMatchObject({ ok: false, status: 401 });
    expect(verifyHmacSha256(raw, good, '')).toBe(false);
  });

  it('checks the signature over the raw bytes, before parsing: a re-serialised body fails', () => {
    const raw = body([event()]).replace('{"events"', '{ "events"');
    const sig = signHmacSha256(raw, KEY);
    expect(deliver(raw, sig).ok).toBe(true);
    expect(deliver(JSON.stringify(JSON.parse(raw)), sig)).toMatchObject({ ok: false, status: 401 });
  });

  it('keeps the good events of a delivery and says which were malformed', () => {
    const raw = body([event(), { eventCategory: 'INVOICE' }]);
    const result = deliver(raw, signHmacSha256(raw, KEY));
    expect(result).toMatchObject({ ok: true, rejected: [{ index: 1, reason: expect.stringContaining('resourceId') }] });
    expect(result.ok && result.changes).toHaveLength(1);
    const notJson = 'hello';
    expect(deliver(notJson, signHmacSha256(notJson, KEY))).toMatchObject({ ok: false, status: 400 });
  });
});
