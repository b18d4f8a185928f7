import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgers } from '../../../connectors/index.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { KIT_LEDGER, KIT_WEBHOOK, webKit } from '../../../test/web/kit.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

const event = (tenantId: string, resourceId: string, entity: 'invoice' | 'contact' = 'invoice') => ({ tenantId, resourceId, entity });
const body = KIT_WEBHOOK.body;

function deliver(app: ReturnType<typeof webKit>['app'], raw: string, signature = KIT_WEBHOOK.sign(raw)) {
  return app.request(KIT_WEBHOOK.path, {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', [KIT_WEBHOOK.signatureHeader]: signature },
  });
}

describe('POST /webhooks/:vendor', () => {
  it('answers an intent-to-receive probe (an empty event list): 200 with an empty body when signed, 401 when not', async () => {
    const k = webKit(opened.store);
    const raw = body([]);
    const good = await deliver(k.app, raw);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('');
    const bad = await deliver(k.app, raw, KIT_WEBHOOK.sign(raw, 'another-key'));
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('');
    expect((await deliver(k.app, raw, '')).status).toBe(401);
  });

  it('refuses a body changed after signing, and reads nothing from it', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const raw = body([event(org.externalId, 'inv-1')]);
    const res = await deliver(k.app, raw.replace('inv-1', 'inv-2'), KIT_WEBHOOK.sign(raw));
    expect(res.status).toBe(401);
    expect(k.queue.jobs).toEqual([]);
  });

  it('queues one sync per organisation naming the changed invoices', async () => {
    const k = webKit(opened.store);
    const a = (await k.seededOrg()).org;
    const b = (await k.seededOrg()).org;
    const raw = body([
      event(a.externalId, 'inv-1'),
      event(a.externalId, 'inv-2'),
      event(b.externalId, 'inv-9'),
      event(a.externalId, 'contact-1', 'contact'),
    ]);
    expect((await deliver(k.app, raw)).status).toBe(200);
    const syncs = k.queue.take('sync');
    expect(syncs).toHaveLength(2);
    expect(syncs).toContainEqual({ type: 'sync', orgId: a.id, reason: 'webhook', invoiceExternalIds: ['inv-1', 'inv-2'] });
    expect(syncs).toContainEqual({ type: 'sync', orgId: b.id, reason: 'webhook', invoiceExternalIds: ['inv-9'] });
  });

  it('enqueues a redelivered event once (promise 1)', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const raw = body([event(org.externalId, 'inv-1'), event(org.externalId, 'inv-1')]);
    expect((await deliver(k.app, raw)).status).toBe(200);
    expect(k.queue.take('sync')).toEqual([{ type: 'sync', orgId: org.id, reason: 'webhook', invoiceExternalIds: ['inv-1'] }]);
    // the first job has run and left the queue: only the store remembers the events
    expect((await deliver(k.app, raw)).status).toBe(200);
    expect(k.queue.take('sync')).toEqual([]);
  });

  it('drops events of tenants it does not know and still answers 200', async () => {
    const k = webKit(opened.store);
    const res = await deliver(k.app, body([event('tenant-nobody-knows', 'inv-1')]));
    expect(res.status).toBe(200);
    expect(k.queue.jobs).toEqual([]);
  });

  it('answers 400 to a signed body that is not an event list, 404 to a vendor without webhooks', async () => {
    const k = webKit(opened.store);
    expect((await deliver(k.app, '{"nope":true}')).status).toBe(400);
    // a registered ledger this app was not handed, and a name nobody registered
    const unwired = ledgers.find((d) => d.id !== KIT_LEDGER.id)?.id ?? 'not-wired';
    for (const vendor of [unwired, 'no-such-ledger']) {
      const res = await k.app.request(`/webhooks/${vendor}`, { method: 'POST', body: '{}' });
      expect(res.status, vendor).toBe(404);
    }
  });
});

describe('webhook durability and size', () => {
  it('counts no event as received until its sync is queued: a failed enqueue answers 503 and the redelivery is processed', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const raw = body([event(org.externalId, 'inv-lost')]);
    const enqueue = k.queue.enqueue.bind(k.queue);
    k.queue.enqueue = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    };
    const refused = await deliver(k.app, raw);
    expect(refused.status).toBe(503);
    expect(await refused.text()).toMatch(/redeliver/);
    // the queue is back; the vendor redelivers the same events
    k.queue.enqueue = enqueue;
    expect((await deliver(k.app, raw)).status).toBe(200);
    expect(k.queue.take('sync')).toEqual([{ type: 'sync', orgId: org.id, reason: 'webhook', invoiceExternalIds: ['inv-lost'] }]);
    // and once queued, it is a duplicate
    expect((await deliver(k.app, raw)).status).toBe(200);
    expect(k.queue.take('sync')).toEqual([]);
  });

  it('refuses an oversized webhook with 413 before verifying it, without reading the whole stream', async () => {
    const k = webKit(opened.store);
    let verified = 0;
    const connector = k.ctx.connectors[KIT_LEDGER.id]!;
    const webhook = connector.webhook!;
    k.ctx.connectors[KIT_LEDGER.id] = {
      ...connector,
      webhook: (raw, headers) => {
        verified++;
        return webhook(raw, headers);
      },
    };
    // 50 MB streamed with no declared length, produced on demand: what was pulled is what the server read
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await k.app.request(KIT_WEBHOOK.path, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'content-type': 'application/json', [KIT_WEBHOOK.signatureHeader]: 'whatever' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/too large/);
    expect(pulled).toBeLessThan(1024 * 1024);
    expect(verified).toBe(0);

    // a declared length over the limit is refused unread
    const declared = await k.app.request(KIT_WEBHOOK.path, {
      method: 'POST',
      body: 'x',
      headers: { 'content-length': String(50 * 1024 * 1024), [KIT_WEBHOOK.signatureHeader]: 'whatever' },
    });
    expect(declared.status).toBe(413);
    expect(verified).toBe(0);
  });

  it('still takes a signed delivery under the limit', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const events = Array.from({ length: 100 }, (_, i) => event(org.externalId, `inv-${i}`));
    expect((await deliver(k.app, body(events))).status).toBe(200);
    expect(k.queue.take('sync')).toHaveLength(1);
  });
});
