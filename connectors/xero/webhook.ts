import { z } from 'zod';
import type { LedgerEntity, WebhookChange, WebhookResult } from '../shared/definition.ts';
import { signedJson, verifyHmacSha256 } from '../shared/signature.ts';
import type { XeroConfig } from './config.ts';

/**
 * Xero webhooks: `x-xero-signature` is base64 HMAC-SHA256 of the RAW body under the webhook key. The signature is
 * checked before the body is even parsed; Xero's "intent to receive" probes (empty event lists, some wrongly signed)
 * must get 200 or 401 accordingly. Events say what changed, not its new state.
 */
const event = z.object({
  resourceUrl: z.string(),
  resourceId: z.string().min(1),
  eventDateUtc: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'not a date-time' }),
  eventType: z.string().min(1),
  eventCategory: z.string().min(1),
  tenantId: z.string().min(1),
  tenantType: z.string(),
});

const payload = z.object({
  events: z.array(z.unknown()),
  firstEventSequence: z.number().int(),
  lastEventSequence: z.number().int(),
  entropy: z.string(),
});

/** Xero's event categories in relance's words; a category it adds later syncs the tenant. */
const ENTITIES = new Map<string, LedgerEntity>([
  ['INVOICE', 'invoice'],
  ['CONTACT', 'contact'],
  ['CREDITNOTE', 'creditNote'],
  ['PAYMENT', 'payment'],
]);

/** eventDateUtc is UTC even when written without a zone. */
const utc = (text: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`).toISOString();

/** Redeliveries of one event share this key (Xero sends no event id). */
export const dedupeKeyOf = (e: z.infer<typeof event>) =>
  ['xero', e.tenantId, e.eventCategory, e.resourceId, e.eventType, utc(e.eventDateUtc)].join(':');

export function verifyXeroWebhook(rawBody: string | Uint8Array, signature: string | null, webhookKey: string): boolean {
  return verifyHmacSha256(rawBody, signature, webhookKey);
}

export function handleXeroWebhook(config: XeroConfig, rawBody: string | Uint8Array, headers: Headers, webhookKey: string): WebhookResult {
  const body = signedJson(rawBody, headers, config.webhook.signatureHeader, webhookKey);
  if (!body.ok) return body;
  const json = body.json;
  const parsed = payload.safeParse(json);
  if (!parsed.success) return { ok: false, status: 400, reason: `webhook body is not a Xero event list: ${parsed.error.message}` };
  const changes: WebhookChange[] = [];
  const rejected: { index: number; reason: string }[] = [];
  parsed.data.events.forEach((raw, index) => {
    const e = event.safeParse(raw);
    if (!e.success) return rejected.push({ index, reason: e.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    changes.push({
      tenantId: e.data.tenantId,
      entity: ENTITIES.get(e.data.eventCategory.toUpperCase()) ?? 'tenant',
      externalId: e.data.resourceId,
      operation: e.data.eventType,
      occurredAt: utc(e.data.eventDateUtc),
      dedupeKey: dedupeKeyOf(e.data),
    });
  });
  return { ok: true, changes, rejected };
}
