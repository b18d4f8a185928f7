import { z } from 'zod';
import type { LedgerEntity, WebhookChange, WebhookResult } from '../shared/definition.ts';
import { signedJson, verifyHmacSha256 } from '../shared/signature.ts';
import type { QuickBooksConfig } from './config.ts';

/**
 * QuickBooks webhooks: `intuit-signature` is base64 HMAC-SHA256 of the RAW body under the app's verifier token,
 * checked (in constant time) before the body is even parsed. Two body shapes exist and both are read:
 * - legacy: `{eventNotifications: [{realmId, dataChangeEvent: {entities: [{name, id, operation, lastUpdated}]}}]}`,
 *   one notification per company;
 * - CloudEvents (mandatory during 2026): a JSON ARRAY of `{specversion, id, type: "qbo.invoice.updated.v1", time,
 *   intuitentityid, intuitaccountid}`, one event per change.
 * Either may span several companies. Events say what changed, not its new state: the sync reads it. An entry that
 * does not parse is rejected with its reason and the rest of the delivery goes on; `index` counts the entries in
 * order (CloudEvents: the array's; legacy: every entity of every notification, a notification that cannot be read at
 * all counting as one).
 */

const instant = z.string().transform((text, ctx) => {
  // Intuit's legacy example writes the offset without a colon (`2015-10-05T14:42:19-0700`)
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a date-time` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});
const id = z.union([z.string().min(1), z.number()]).transform(String);

const cloudEvent = z.object({
  id: z.string().min(1),
  type: z.string().regex(/^qbo\.[a-z]+\.[a-z]+\.v\d+$/i, { error: 'type is not qbo.<entity>.<operation>.v<n>' }),
  time: instant,
  intuitentityid: id,
  intuitaccountid: id,
});

const legacyEntity = z.object({
  name: z.string().min(1),
  id,
  operation: z.string().min(1),
  lastUpdated: instant,
  /** A Merge names the record that merged away. */
  deletedId: id.nullish(),
});
const legacyNotification = z.object({
  realmId: id,
  dataChangeEvent: z.object({ entities: z.array(z.unknown()) }),
});
const legacyBody = z.object({ eventNotifications: z.array(z.unknown()) });

/** QuickBooks' entities in relance's words; any other (Item, Account…) syncs the tenant. */
const ENTITIES = new Map<string, LedgerEntity>([
  ['invoice', 'invoice'],
  ['payment', 'payment'],
  ['creditmemo', 'creditNote'],
  ['customer', 'contact'],
]);
const entityOf = (name: string): LedgerEntity | 'tenant' => ENTITIES.get(name.toLowerCase()) ?? 'tenant';

const reasonOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ');

/** Redeliveries carry the same event id (CloudEvents) or the same entity, operation and instant (legacy). */
export const cloudEventKey = (realmId: string, eventId: string) => `quickbooks:${realmId}:${eventId}`;
export const legacyKey = (realmId: string, name: string, entityId: string, operation: string, at: string) =>
  ['quickbooks', realmId, name, entityId, operation, at].join(':');

function fromCloudEvents(events: unknown[]): Extract<WebhookResult, { ok: true }> {
  const changes: WebhookChange[] = [];
  const rejected: { index: number; reason: string }[] = [];
  events.forEach((raw, index) => {
    const e = cloudEvent.safeParse(raw);
    if (!e.success) return rejected.push({ index, reason: reasonOf(e.error) });
    const [, name = '', operation = ''] = e.data.type.split('.');
    changes.push({
      tenantId: e.data.intuitaccountid,
      entity: entityOf(name),
      externalId: e.data.intuitentityid,
      operation,
      occurredAt: e.data.time,
      dedupeKey: cloudEventKey(e.data.intuitaccountid, e.data.id),
    });
  });
  return { ok: true, changes, rejected };
}

function fromLegacy(notifications: unknown[]): Extract<WebhookResult, { ok: true }> {
  const changes: WebhookChange[] = [];
  const rejected: { index: number; reason: string }[] = [];
  let index = 0;
  notifications.forEach((raw, n) => {
    const notification = legacyNotification.safeParse(raw);
    if (!notification.success) {
      rejected.push({ index: index++, reason: `eventNotifications[${n}]: ${reasonOf(notification.error)}` });
      return;
    }
    const realmId = notification.data.realmId;
    notification.data.dataChangeEvent.entities.forEach((rawEntity, i) => {
      const at = index++;
      const e = legacyEntity.safeParse(rawEntity);
      if (!e.success) return rejected.push({ index: at, reason: `eventNotifications[${n}].entities[${i}]: ${reasonOf(e.error)}` });
      const { name, operation, lastUpdated } = e.data;
      const change = (entityId: string, op: string) => ({
        tenantId: realmId,
        entity: entityOf(name),
        externalId: entityId,
        operation: op,
        occurredAt: lastUpdated,
        dedupeKey: legacyKey(realmId, name, entityId, op, lastUpdated),
      });
      changes.push(change(e.data.id, operation));
      if (e.data.deletedId) changes.push(change(e.data.deletedId, `${operation} (merged away)`));
    });
  });
  return { ok: true, changes, rejected };
}

export function verifyQuickBooksWebhook(rawBody: string | Uint8Array, signature: string | null, verifierToken: string): boolean {
  return verifyHmacSha256(rawBody, signature, verifierToken);
}

export function handleQuickBooksWebhook(
  config: QuickBooksConfig,
  rawBody: string | Uint8Array,
  headers: Headers,
  verifierToken: string,
): WebhookResult {
  const body = signedJson(rawBody, headers, config.webhook.signatureHeader, verifierToken);
  if (!body.ok) return body;
  const json = body.json;
  if (Array.isArray(json)) return fromCloudEvents(json);
  const legacy = legacyBody.safeParse(json);
  if (legacy.success) return fromLegacy(legacy.data.eventNotifications);
  return { ok: false, status: 400, reason: 'webhook body is neither a CloudEvents array nor an eventNotifications object' };
}
