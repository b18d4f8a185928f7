import { Hono } from 'hono';
import type { WebhookChange } from '../../core/connection.ts';
import type { Vendor } from '../../core/ledger.ts';
import type { WebContext, WebEnv } from '../context.ts';
import { ownEntry } from '../guards.ts';

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * New events only (promise 1: a redelivered event does nothing), grouped into ONE sync job per organisation naming the
 * invoices that changed. Events of tenants relance does not know are dropped: they may have disconnected.
 *
 * An event's receipt is recorded only once its job is queued. Were it recorded first, a failed enqueue (Redis down)
 * would answer 5xx, the vendor would redeliver, and the redelivery would be dropped as a duplicate: lost. A crash
 * between the two queues the job again at the redelivery, which is harmless (a sync is idempotent, at least once).
 */
async function queueSyncs(
  ctx: WebContext,
  vendor: Vendor,
  events: WebhookChange[],
): Promise<{ queued: number; duplicates: number; unknown: number }> {
  const { store, queue, clock } = ctx.deps;
  const at = clock.now().toISOString();
  const seen = await store.seenReceipts([...new Set(events.map((e) => e.dedupeKey))]);
  const perOrg = new Map<string, { ids: Set<string>; keys: string[] }>();
  const orgOfTenant = new Map<string, string | null>();
  const unknownKeys: string[] = [];
  let duplicates = 0;
  for (const event of events) {
    if (seen.has(event.dedupeKey)) {
      duplicates++;
      continue;
    }
    // the same event twice in one delivery counts once
    seen.add(event.dedupeKey);
    if (!orgOfTenant.has(event.tenantId))
      orgOfTenant.set(event.tenantId, (await store.findOrganisation(vendor, event.tenantId))?.id ?? null);
    const orgId = orgOfTenant.get(event.tenantId);
    if (!orgId) {
      unknownKeys.push(event.dedupeKey);
      continue;
    }
    const group = perOrg.get(orgId) ?? { ids: new Set<string>(), keys: [] };
    if (event.entity === 'invoice' && event.externalId) group.ids.add(event.externalId);
    group.keys.push(event.dedupeKey);
    perOrg.set(orgId, group);
  }
  for (const [orgId, { ids, keys }] of perOrg) {
    // a payment, contact or credit-note change names no invoice: an incremental sync picks up what it changed
    const invoiceExternalIds = [...ids].sort();
    await queue.enqueue(
      { type: 'sync', orgId, reason: 'webhook', ...(invoiceExternalIds.length ? { invoiceExternalIds } : {}) },
      // named by the events it carries: two deliveries in the same instant still make two jobs
      { jobId: `webhook-${orgId}-${await digest(keys.join('|'))}` },
    );
    await store.recordReceipts(keys, at);
  }
  await store.recordReceipts(unknownKeys, at);
  return { queued: perOrg.size, duplicates, unknown: unknownKeys.length };
}

export function webhookRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.post('/webhooks/:vendor', async (c) => {
    const ctx = c.get('ctx');
    const vendor = c.req.param('vendor');
    const connector = ownEntry(ctx.connectors, vendor);
    if (!connector?.webhook) return c.body(null, 404);
    // the signature covers the exact bytes sent: nothing may parse or re-encode the body before it is checked
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const result = connector.webhook(raw, c.req.raw.headers);
    if (!result.ok) {
      ctx.deps.log.warn({ vendor, status: result.status, reason: result.reason }, 'webhook refused');
      return c.body(null, result.status);
    }
    for (const r of result.rejected) ctx.deps.log.warn({ vendor, index: r.index, reason: r.reason }, 'webhook event skipped');
    let outcome: Awaited<ReturnType<typeof queueSyncs>>;
    try {
      outcome = await queueSyncs(ctx, connector.id, result.changes);
    } catch (error) {
      // nothing counts as received: the vendor redelivers and the events are queued then (see queueSyncs)
      ctx.deps.log.error(
        { vendor, events: result.changes.length, err: error instanceof Error ? error.message : String(error) },
        'webhook not queued',
      );
      return c.text('relance cannot queue this delivery right now; please redeliver it', 503);
    }
    if (result.changes.length > 0) ctx.deps.log.info({ vendor, events: result.changes.length, ...outcome }, 'webhook received');
    return c.body(null, 200);
  });

  return app;
}
