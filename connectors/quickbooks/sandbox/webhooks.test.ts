import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../../src/core/calendar.ts';
import { manualClock } from './clock.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT } from './sandbox.ts';
import { seedQuickBooks } from './seed/seed.ts';
import type { Json } from './state.ts';
import { accountingClient, connect } from './testing.ts';
import type { CloudEvent, LegacyPayload, WebhookFormat, WebhookRequest } from './webhooks.ts';

const RECEIVER = 'https://relance.example/webhooks/quickbooks';
const VERIFIER = 'relance-test-verifier-token';

/** What relance must do: HMAC-SHA256 over the raw bytes as received, keyed with the verifier token, base64. */
function verifies(raw: Uint8Array, signature: string): boolean {
  const expected = createHmac('sha256', VERIFIER).update(raw).digest();
  const got = Buffer.from(signature, 'base64');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

function setup(format: WebhookFormat) {
  const clock = manualClock('2026-03-15T18:00:00Z');
  const captured: WebhookRequest[] = [];
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 2, today: calendarDate('2026-03-15'), now: clock.now() }),
    webhooks: {
      subscriptions: [{ clientId: DEFAULT_CLIENT.clientId, url: RECEIVER, verifierToken: VERIFIER, format }],
      transport: async (req) => {
        captured.push(req);
        return 200;
      },
    },
  });
  const realmIds = [...sandbox.state.realms.keys()];
  return { clock, sandbox, captured, realmIds };
}

/** A customer with two open invoices in the company, and a third open invoice of anyone else. */
function openInvoices(sandbox: ReturnType<typeof setup>['sandbox'], realmId: string) {
  const open = [...sandbox.state.realms.get(realmId)!.entities.Invoice.values()].filter((i) => (i.Balance as number) > 0);
  const byCustomer = new Map<string, Json[]>();
  for (const i of open) {
    const c = (i.CustomerRef as Json).value as string;
    byCustomer.set(c, [...(byCustomer.get(c) ?? []), i]);
  }
  const pair = [...byCustomer.values()].find((l) => l.length >= 2)!.slice(0, 2);
  const other = open.find((i) => !pair.includes(i))!;
  return { pair, other };
}

/** A payment over two invoices, then the owner deletes a third. */
function payAndDelete(sandbox: ReturnType<typeof setup>['sandbox'], realmId: string) {
  const { pair, other } = openInvoices(sandbox, realmId);
  const payment = sandbox.control.pay(
    realmId,
    pair.map((i) => ({ invoiceId: i.Id as string, amount: i.Balance as number })),
  );
  sandbox.control.deleteInvoice(realmId, other.Id as string);
  return { paymentId: payment.Id as string, paid: pair.map((i) => i.Id as string), deleted: other.Id as string };
}

describe('QuickBooks sandbox webhooks', () => {
  it('signs the raw bytes: the signature verifies with node:crypto and fails after a one-byte change', async () => {
    const { sandbox, captured, realmIds } = setup('legacy');
    await connect(sandbox, realmIds[0]);
    payAndDelete(sandbox, realmIds[0]!);
    await sandbox.control.deliverWebhooks();
    expect(captured).toHaveLength(1);
    const { body, headers } = captured[0]!;
    const raw = new TextEncoder().encode(body);
    expect(verifies(raw, headers['intuit-signature']!)).toBe(true);
    const tampered = Uint8Array.from(raw);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3]! + 1) % 256;
    expect(verifies(tampered, headers['intuit-signature']!)).toBe(false);
    expect(createHmac('sha256', 'another-token').update(raw).digest('base64')).not.toBe(headers['intuit-signature']);
  });

  it('legacy format: a payment over two invoices and a delete, per company, with Pacific lastUpdated', async () => {
    const { sandbox, captured, realmIds, clock } = setup('legacy');
    const realmId = realmIds[0]!;
    await connect(sandbox, realmId);
    clock.advance(60_000);
    const { paymentId, paid, deleted } = payAndDelete(sandbox, realmId);
    expect(sandbox.control.pendingWebhookEvents()).toBe(4);
    const [delivery] = await sandbox.control.deliverWebhooks();
    expect(delivery).toMatchObject({ status: 200, events: 4, realms: [realmId], attempt: 1, format: 'legacy' });
    const payload = JSON.parse(captured[0]!.body) as LegacyPayload;
    expect(payload.eventNotifications).toHaveLength(1);
    expect(payload.eventNotifications[0]!.realmId).toBe(realmId);
    const lastUpdated = '2026-03-15T11:01:00-0700';
    expect(payload.eventNotifications[0]!.dataChangeEvent.entities).toEqual([
      { name: 'Payment', id: paymentId, operation: 'Create', lastUpdated },
      { name: 'Invoice', id: paid[0], operation: 'Update', lastUpdated },
      { name: 'Invoice', id: paid[1], operation: 'Update', lastUpdated },
      { name: 'Invoice', id: deleted, operation: 'Delete', lastUpdated },
    ]);
    expect(sandbox.control.pendingWebhookEvents()).toBe(0);
    expect(await sandbox.control.deliverWebhooks()).toEqual([]);
  });

  it('CloudEvents format: a JSON array, one event per change, typed qbo.<entity>.<past tense>.v1', async () => {
    const { sandbox, captured, realmIds } = setup('cloudevents');
    const realmId = realmIds[0]!;
    await connect(sandbox, realmId);
    const { paymentId, paid, deleted } = payAndDelete(sandbox, realmId);
    await sandbox.control.deliverWebhooks();
    const events = JSON.parse(captured[0]!.body) as CloudEvent[];
    expect(Array.isArray(events)).toBe(true);
    expect(events.map((e) => [e.type, e.intuitentityid])).toEqual([
      ['qbo.payment.created.v1', paymentId],
      ['qbo.invoice.updated.v1', paid[0]],
      ['qbo.invoice.updated.v1', paid[1]],
      ['qbo.invoice.deleted.v1', deleted],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', intuitaccountid: realmId, data: {} });
      expect(e.source).toMatch(/^intuit\./);
      expect(e.time).toBe('2026-03-15T18:00:00.000Z');
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(verifies(new TextEncoder().encode(captured[0]!.body), captured[0]!.headers['intuit-signature']!)).toBe(true);
  });

  it('one delivery may carry several companies; a company the app is not connected to is not reported', async () => {
    const { sandbox, captured, realmIds } = setup('legacy');
    const [a, b] = realmIds as [string, string];
    await connect(sandbox, a);
    payAndDelete(sandbox, b);
    await sandbox.control.deliverWebhooks();
    expect(captured).toHaveLength(0);
    await connect(sandbox, b);
    payAndDelete(sandbox, a);
    payAndDelete(sandbox, b);
    const [delivery] = await sandbox.control.deliverWebhooks();
    expect(delivery!.realms).toEqual([a, b]);
    const payload = JSON.parse(captured[0]!.body) as LegacyPayload;
    expect(payload.eventNotifications.map((n) => n.realmId)).toEqual([a, b]);
  });

  it('reports writes made through the API (sparse update, a note, void, delete)', async () => {
    const { sandbox, captured, realmIds } = setup('cloudevents');
    const session = await connect(sandbox, realmIds[0]);
    const api = accountingClient(sandbox, session.accessToken, session.realmId);
    const { other } = openInvoices(sandbox, session.realmId);
    const updated = await api('POST', 'invoice', {
      body: { Id: other.Id, SyncToken: other.SyncToken, sparse: true, PrivateNote: 'relance: reminder 1 sent' },
    });
    expect(updated.status).toBe(200);
    await api('POST', 'attachable', {
      body: { AttachableRef: [{ EntityRef: { type: 'Invoice', value: other.Id } }], Note: 'reminder sent' },
    });
    const voided = await api('POST', 'invoice?operation=void', { body: { Id: other.Id, SyncToken: updated.json.Invoice.SyncToken } });
    await api('POST', 'invoice?operation=delete', { body: { Id: other.Id, SyncToken: voided.json.Invoice.SyncToken } });
    await sandbox.control.deliverWebhooks();
    const events = JSON.parse(captured[0]!.body) as CloudEvent[];
    expect(events.map((e) => e.type)).toEqual([
      'qbo.invoice.updated.v1',
      'qbo.attachable.created.v1',
      'qbo.invoice.voided.v1',
      'qbo.invoice.deleted.v1',
    ]);
  });

  it('redelivers the same bytes and signature, and releases held deliveries in another order', async () => {
    const { sandbox, captured, realmIds } = setup('legacy');
    const realmId = realmIds[0]!;
    await connect(sandbox, realmId);
    const { pair, other } = openInvoices(sandbox, realmId);
    sandbox.control.holdWebhooks();
    sandbox.control.pay(realmId, [{ invoiceId: pair[0]!.Id as string, amount: 1 }]);
    expect(await sandbox.control.deliverWebhooks()).toEqual([]);
    sandbox.control.deleteInvoice(realmId, other.Id as string);
    await sandbox.control.deliverWebhooks();
    expect(captured).toHaveLength(0);
    const released = await sandbox.control.releaseWebhooks('reverse');
    expect(released.map((d) => d.seq)).toEqual([2, 1]);
    const ops = captured.map((r) =>
      (JSON.parse(r.body) as LegacyPayload).eventNotifications[0]!.dataChangeEvent.entities.map((e) => e.operation),
    );
    expect(ops).toEqual([['Delete'], ['Create', 'Update']]);

    const again = await sandbox.control.redeliverWebhook(released[0]!);
    expect(again).toMatchObject({ seq: 2, attempt: 2, status: 200 });
    expect(captured[2]).toEqual(captured[0]);
    expect(sandbox.control.webhookLog().map((d) => [d.seq, d.attempt])).toEqual([
      [2, 1],
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('QuickBooks sandbox webhook retries', () => {
  it('retries a delivery not answered 2xx on Intuit schedule (0 s, then 10 s), same bytes, until acknowledged', async () => {
    const clock = manualClock('2026-03-15T18:00:00Z');
    const answers = [500, 503, 200];
    const captured: WebhookRequest[] = [];
    const sandbox = createQuickBooksSandbox({
      now: clock.now,
      state: seedQuickBooks({ seed: 2, today: calendarDate('2026-03-15'), now: clock.now() }),
      webhooks: {
        subscriptions: [{ clientId: DEFAULT_CLIENT.clientId, url: RECEIVER, verifierToken: VERIFIER, format: 'legacy' }],
        transport: async (req) => {
          captured.push(req);
          return answers.shift() ?? 200;
        },
      },
    });
    const realmId = [...sandbox.state.realms.keys()][0]!;
    await connect(sandbox, realmId);
    const start = clock.now().getTime();
    sandbox.control.deleteInvoice(realmId, openInvoices(sandbox, realmId).other.Id as string);
    expect((await sandbox.control.deliverWebhooks()).map((d) => [d.attempt, d.status])).toEqual([[1, 500]]);
    expect(sandbox.control.nextWebhookRetryAt()).toBe(start);
    expect((await sandbox.control.deliverWebhooks()).map((d) => [d.attempt, d.status])).toEqual([[2, 503]]);
    expect(sandbox.control.nextWebhookRetryAt()).toBe(start + 10_000);
    clock.advance(9_000);
    expect(await sandbox.control.deliverWebhooks()).toEqual([]);
    clock.advance(1_000);
    expect((await sandbox.control.deliverWebhooks()).map((d) => [d.attempt, d.status])).toEqual([[3, 200]]);
    expect(sandbox.control.nextWebhookRetryAt()).toBeNull();
    expect(new Set(captured.map((r) => r.body)).size).toBe(1);
    expect(new Set(captured.map((r) => r.headers['intuit-signature'])).size).toBe(1);
  });
});

describe('QuickBooks sandbox webhooks over HTTP', () => {
  const received: { raw: Uint8Array; signature: string }[] = [];
  const server = setupServer(
    http.post(RECEIVER, async ({ request }) => {
      const raw = new Uint8Array(await request.arrayBuffer());
      const signature = request.headers.get('intuit-signature') ?? '';
      received.push({ raw, signature });
      return new HttpResponse(null, { status: verifies(raw, signature) ? 200 : 401 });
    }),
    http.post('https://nowhere.example/hook', () => HttpResponse.error()),
  );
  beforeAll(() => server.listen());
  afterAll(() => server.close());

  it('POSTs with global fetch by default; a receiver unreachable is logged, not thrown', async () => {
    const { sandbox, realmIds } = setup('cloudevents');
    sandbox.control.webhookTransport(null);
    await connect(sandbox, realmIds[0]);
    payAndDelete(sandbox, realmIds[0]!);
    const [delivery] = await sandbox.control.deliverWebhooks();
    expect(delivery!.status).toBe(200);
    expect(received).toHaveLength(1);
    sandbox.control.subscribe({
      clientId: DEFAULT_CLIENT.clientId,
      url: 'https://nowhere.example/hook',
      verifierToken: VERIFIER,
      format: 'legacy',
    });
    await connect(sandbox, realmIds[1]);
    payAndDelete(sandbox, realmIds[1]!);
    const [failed] = await sandbox.control.deliverWebhooks();
    expect(failed!.status).toBeNull();
    expect(failed!.error).not.toBeNull();
  });
});
