import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { createXeroSandbox, type XeroSandbox } from './sandbox.ts';
import { SEED_TENANTS } from './seed/tenants.ts';
import { seedLedger } from './seed/seed.ts';
import { accountingClient } from './testing.ts';
import type { WebhookPayload } from './webhooks.ts';

const RECEIVER = 'https://relance.example/webhooks/xero';
const KEY = 'test-webhook-key';
const FR = SEED_TENANTS.fr.id;
const clock = manualClock('2026-03-15T10:00:00Z');
const received: { body: WebhookPayload; valid: boolean }[] = [];
let strict = true;

// A receiver that checks the signature the way relance must: HMAC-SHA256 of the raw body, base64.
const server = setupServer(
  http.post(RECEIVER, async ({ request }) => {
    const raw = await request.text();
    const expected = createHmac('sha256', KEY).update(raw).digest('base64');
    const valid = request.headers.get('x-xero-signature') === expected;
    received.push({ body: JSON.parse(raw) as WebhookPayload, valid });
    return new HttpResponse(null, { status: valid || !strict ? 200 : 401 });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

let sandbox: XeroSandbox;
beforeEach(() => {
  received.length = 0;
  strict = true;
  clock.set('2026-03-15T10:00:00Z');
  sandbox = createXeroSandbox({
    now: clock.now,
    webhook: { url: RECEIVER, key: KEY },
    state: seedLedger({ seed: 5, today: '2026-03-15', invoices: 120, now: clock.now() }),
  });
});

const openInvoice = (): string => {
  const inv = [...(sandbox.state.tenants.get(FR)?.invoices.values() ?? [])].find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED');
  if (!inv) throw new Error('seed has no open invoice');
  return inv.id;
};

describe('webhooks', () => {
  it('posts a correctly signed INVOICE UPDATE event when an invoice is paid', async () => {
    const id = openInvoice();
    await sandbox.control.payInvoice(FR, id);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.valid).toBe(true);
    expect(delivery?.body.events).toEqual([
      {
        resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${id}`,
        resourceId: id,
        tenantId: FR,
        tenantType: 'ORGANISATION',
        eventCategory: 'INVOICE',
        eventType: 'UPDATE',
        eventDateUtc: '2026-03-15T10:00:00.000',
      },
    ]);
    expect(delivery?.body.firstEventSequence).toBe(1);
    expect(delivery?.body.entropy).toMatch(/^[A-Z]{20}$/);
    expect(sandbox.control.webhookLog()[0]?.status).toBe(200);
  });

  it('numbers events in sequence across deliveries and fires on void, credit and new invoices', async () => {
    const id = openInvoice();
    await sandbox.control.creditInvoice(FR, id, { amountMinor: 100 });
    const { invoiceId } = await sandbox.control.addInvoice(FR, { dueDate: '2026-04-15' });
    await sandbox.control.voidInvoice(FR, invoiceId);
    const events = received.flatMap((r) => r.body.events);
    expect(events.map((e) => `${e.eventCategory} ${e.eventType}`)).toEqual([
      'CREDITNOTE CREATE',
      'INVOICE UPDATE',
      'INVOICE CREATE',
      'INVOICE UPDATE',
    ]);
    expect(received.map((r) => [r.body.firstEventSequence, r.body.lastEventSequence])).toEqual([
      [1, 2],
      [3, 3],
      [4, 4],
    ]);
  });

  it('fires after changes made through the API too, once settled', async () => {
    const call = accountingClient(sandbox, (await sandbox.control.connect()).access_token, FR);
    await call('PUT', '/Payments', { body: { Payments: [{ Invoice: { InvoiceID: openInvoice() }, Amount: 1, Date: '2026-03-15' }] } });
    await sandbox.control.settled();
    expect(received.flatMap((r) => r.body.events).map((e) => e.eventCategory)).toEqual(['INVOICE']);
  });

  it('runs the intent-to-receive check: ok only when the receiver tells good from bad signatures', async () => {
    expect(await sandbox.control.intentToReceive()).toEqual({ ok: true, correctlySigned: 200, wronglySigned: 401 });
    expect(received.map((r) => r.body.events)).toEqual([[], []]);
    strict = false;
    expect((await sandbox.control.intentToReceive()).ok).toBe(false);
  });

  it('pays what the customers would pay on a simulated day, in one batch per tenant', async () => {
    const plans = [...sandbox.state.tenants.values()].flatMap((t) => t.plans);
    const day = plans[0]?.date as string;
    const { payments } = await sandbox.control.simulateDay(day);
    expect(payments).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(2);
    expect(received.flatMap((r) => r.body.events).every((e) => e.eventCategory === 'INVOICE')).toBe(true);
    expect([...sandbox.state.tenants.values()].flatMap((t) => t.plans).every((p) => p.date > day)).toBe(true);
  });
});
