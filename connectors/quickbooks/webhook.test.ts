import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/core/calendar.ts';
import { quickbooksConfig } from './config.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT, manualClock, seedQuickBooks, signWebhook, type WebhookFormat } from './sandbox/index.ts';
import type { Json } from './sandbox/state.ts';
import type { WebhookRequest } from './sandbox/webhooks.ts';
import { connect } from './sandbox/testing.ts';
import { handleQuickBooksWebhook } from './webhook.ts';

const VERIFIER = 'relance-test-verifier-token';
const config = quickbooksConfig();

/** Both seeded companies connected; in each a customer pays an invoice and the owner deletes another. */
async function deliveredBy(format: WebhookFormat) {
  const clock = manualClock('2026-03-15T18:00:00Z');
  const captured: WebhookRequest[] = [];
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 2, today: calendarDate('2026-03-15'), now: clock.now() }),
    webhooks: {
      subscriptions: [
        { clientId: DEFAULT_CLIENT.clientId, url: 'https://relance.example/webhooks/quickbooks', verifierToken: VERIFIER, format },
      ],
      transport: async (req) => {
        captured.push(req);
        return 200;
      },
    },
  });
  const done: { realmId: string; paymentId: string; paid: string; deleted: string }[] = [];
  for (const realmId of sandbox.state.realms.keys()) {
    await connect(sandbox, realmId);
    const open = [...sandbox.state.realms.get(realmId)!.entities.Invoice.values()].filter((i) => (i.Balance as number) > 0);
    const [paid, deleted] = [open[0]!, open.find((i) => (i.CustomerRef as Json).value !== (open[0]!.CustomerRef as Json).value)!];
    const payment = sandbox.control.pay(realmId, [{ invoiceId: paid.Id as string, amount: paid.Balance as number }]);
    sandbox.control.deleteInvoice(realmId, deleted.Id as string);
    done.push({ realmId, paymentId: payment.Id as string, paid: paid.Id as string, deleted: deleted.Id as string });
  }
  await sandbox.control.deliverWebhooks();
  expect(captured).toHaveLength(1);
  const request = captured[0]!;
  return { body: request.body, headers: new Headers(request.headers), done };
}

const handle = (body: string | Uint8Array, headers: Headers) => handleQuickBooksWebhook(config, body, headers, VERIFIER);
const signed = (body: string) => new Headers({ 'intuit-signature': signWebhook(body, VERIFIER) });

describe.each(['legacy', 'cloudevents'] as const)('a %s delivery from QuickBooks', (format) => {
  it('reads every change of every company in it', async () => {
    const { body, headers, done } = await deliveredBy(format);
    const result = handle(new TextEncoder().encode(body), headers);
    if (!result.ok) throw new Error(result.reason);
    expect(result.rejected).toEqual([]);
    const seen = result.changes.map((c) => [c.tenantId, c.entity, c.externalId]);
    for (const d of done) {
      expect(seen).toContainEqual([d.realmId, 'payment', d.paymentId]);
      expect(seen).toContainEqual([d.realmId, 'invoice', d.paid]);
      expect(seen).toContainEqual([d.realmId, 'invoice', d.deleted]);
    }
    expect(new Set(result.changes.map((c) => c.tenantId))).toEqual(new Set(done.map((d) => d.realmId)));
    expect(result.changes.every((c) => c.occurredAt === '2026-03-15T18:00:00.000Z')).toBe(true);
  });

  it('the same delivery again gives the same dedupe keys; every change its own', async () => {
    const { body, headers } = await deliveredBy(format);
    const once = handle(body, headers);
    const again = handle(body, headers);
    if (!once.ok || !again.ok) throw new Error('refused');
    expect(again.changes.map((c) => c.dedupeKey)).toEqual(once.changes.map((c) => c.dedupeKey));
    expect(new Set(once.changes.map((c) => c.dedupeKey)).size).toBe(once.changes.length);
  });

  it('is refused (401) with a wrong key, without a signature, or with one byte changed', async () => {
    const { body, headers } = await deliveredBy(format);
    expect(handleQuickBooksWebhook(config, body, headers, 'another-token')).toEqual({
      ok: false,
      status: 401,
      reason: 'bad webhook signature',
    });
    expect(handle(body, new Headers())).toMatchObject({ ok: false, status: 401 });
    const bytes = new TextEncoder().encode(body);
    bytes[bytes.length - 2] = (bytes[bytes.length - 2]! + 1) % 256;
    expect(handle(bytes, headers)).toMatchObject({ ok: false, status: 401 });
  });
});

describe('QuickBooks webhook bodies', () => {
  it('skips malformed entries with a reason and keeps the others (CloudEvents)', () => {
    const good = {
      specversion: '1.0',
      id: 'e-1',
      source: 'intuit.x',
      type: 'qbo.customer.merged.v1',
      time: '2026-05-31T21:31:25.179Z',
      intuitentityid: '95',
      intuitaccountid: '310687',
      data: {},
    };
    const body = JSON.stringify([
      good,
      { ...good, id: 'e-2', type: 'invoice-updated' },
      { ...good, id: 'e-3', time: 'yesterday' },
      { ...good, id: 'e-4', type: 'qbo.item.updated.v1' },
    ]);
    const result = handle(body, signed(body));
    if (!result.ok) throw new Error(result.reason);
    expect(result.changes).toEqual([
      {
        tenantId: '310687',
        entity: 'contact',
        externalId: '95',
        operation: 'merged',
        occurredAt: '2026-05-31T21:31:25.179Z',
        dedupeKey: 'quickbooks:310687:e-1',
      },
      expect.objectContaining({ entity: 'tenant', externalId: '95', operation: 'updated' }),
    ]);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(result.rejected[0]?.reason).toMatch(/^type: type is not qbo/);
    expect(result.rejected[1]?.reason).toMatch(/"yesterday" is not a date-time/);
  });

  it('skips malformed entries with a reason and keeps the others (legacy), reading a merge and a credit memo', () => {
    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: '123',
          dataChangeEvent: {
            entities: [
              { name: 'CreditMemo', id: '7', operation: 'Create', lastUpdated: '2015-10-05T14:42:19-0700' },
              { name: 'Invoice', operation: 'Update', lastUpdated: '2015-10-05T14:42:19-0700' },
              { name: 'Customer', id: '4', operation: 'Merge', lastUpdated: '2015-10-05T14:42:19.000Z', deletedId: '5' },
            ],
          },
        },
        { dataChangeEvent: { entities: [] } },
      ],
    });
    const result = handle(body, signed(body));
    if (!result.ok) throw new Error(result.reason);
    expect(result.changes.map((c) => [c.entity, c.externalId, c.operation, c.occurredAt])).toEqual([
      ['creditNote', '7', 'Create', '2015-10-05T21:42:19.000Z'],
      ['contact', '4', 'Merge', '2015-10-05T14:42:19.000Z'],
      ['contact', '5', 'Merge (merged away)', '2015-10-05T14:42:19.000Z'],
    ]);
    expect(result.changes[0]?.dedupeKey).toBe('quickbooks:123:CreditMemo:7:Create:2015-10-05T21:42:19.000Z');
    expect(result.rejected).toEqual([
      { index: 1, reason: 'eventNotifications[0].entities[1]: id: Invalid input' },
      { index: 3, reason: expect.stringMatching(/^eventNotifications\[1\]: realmId/) },
    ]);
  });

  it('a signed body that is not JSON or not a QuickBooks shape is a 400', () => {
    expect(handle('not json', signed('not json'))).toEqual({ ok: false, status: 400, reason: 'webhook body is not JSON' });
    expect(handle('{"events":[]}', signed('{"events":[]}'))).toMatchObject({ ok: false, status: 400 });
    expect(handle('[]', signed('[]'))).toEqual({ ok: true, changes: [], rejected: [] });
  });
});
