import { createHmac } from 'node:crypto';
import type { EventCategory } from './context.ts';
import { utcStamp } from './format.ts';

/**
 * Xero's webhook feed: events say what changed (not the new state), batched per POST, signed with the webhook key
 * (`x-xero-signature` = base64 HMAC-SHA256 of the raw body). Posting goes through global fetch, so msw can route an
 * in-process receiver.
 */

export type WebhookEvent = {
  resourceUrl: string;
  resourceId: string;
  tenantId: string;
  tenantType: 'ORGANISATION';
  eventCategory: EventCategory;
  eventType: 'CREATE' | 'UPDATE';
  eventDateUtc: string;
  data?: Record<string, string>;
};

export type WebhookPayload = { events: WebhookEvent[]; firstEventSequence: number; lastEventSequence: number; entropy: string };

export type Delivery = { at: number; status: number | null; error: string | null; events: number; payload: WebhookPayload };

export function signWebhook(rawBody: string, key: string): string {
  return createHmac('sha256', key).update(rawBody, 'utf8').digest('base64');
}

const ENTROPY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const entropy = (): string => Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => ENTROPY[b % 26]).join('');

const RESOURCE: Record<EventCategory, string> = { INVOICE: 'Invoices', CONTACT: 'Contacts', CREDITNOTE: 'CreditNotes' };

export function createWebhooks(opts: { url: () => string | null; key: () => string; now: () => number; accountingBase: () => string }) {
  let sequence = 0;
  let queue: WebhookEvent[] = [];
  const log: Delivery[] = [];
  const inFlight = new Set<Promise<unknown>>();

  async function post(payload: unknown, key: string): Promise<{ status: number | null; error: string | null }> {
    const url = opts.url();
    if (!url) return { status: null, error: 'no webhook URL configured' };
    const body = JSON.stringify(payload);
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-xero-signature': signWebhook(body, key) },
        signal: AbortSignal.timeout(5_000),
      });
      await res.body?.cancel();
      return { status: res.status, error: null };
    } catch (e) {
      return { status: null, error: e instanceof Error ? e.message : String(e) };
    }
  }

  return {
    /** Queue an event; nothing is posted until `flush`. Without a URL nothing is kept. */
    enqueue(tenantId: string, category: EventCategory, resourceId: string, type: 'CREATE' | 'UPDATE', data?: Record<string, string>): void {
      if (!opts.url()) return;
      queue.push({
        resourceUrl: `${opts.accountingBase()}/${RESOURCE[category]}/${resourceId}`,
        resourceId,
        tenantId,
        tenantType: 'ORGANISATION',
        eventCategory: category,
        eventType: type,
        eventDateUtc: utcStamp(opts.now()),
        ...(data ? { data } : {}),
      });
    },
    /** Post what is queued as one signed batch; resolves when the receiver has answered. */
    async flush(): Promise<Delivery | null> {
      if (queue.length === 0) return null;
      const events = queue;
      queue = [];
      const payload: WebhookPayload = {
        events,
        firstEventSequence: sequence + 1,
        lastEventSequence: sequence + events.length,
        entropy: entropy(),
      };
      sequence += events.length;
      const p = post(payload, opts.key());
      inFlight.add(p);
      const { status, error } = await p.finally(() => inFlight.delete(p));
      const delivery = { at: opts.now(), status, error, events: events.length, payload };
      log.push(delivery);
      return delivery;
    },
    /** Xero's "intent to receive" check: the receiver must answer 200 to a good signature and 401 to a bad one. */
    async intentToReceive(): Promise<{ ok: boolean; correctlySigned: number | null; wronglySigned: number | null }> {
      const empty = (): WebhookPayload => ({
        events: [],
        firstEventSequence: sequence + 1,
        lastEventSequence: sequence + 1,
        entropy: entropy(),
      });
      const good = await post(empty(), opts.key());
      const bad = await post(empty(), `${opts.key()}-wrong`);
      return { ok: good.status === 200 && bad.status === 401, correctlySigned: good.status, wronglySigned: bad.status };
    },
    /** Resend a payload as is (Xero retries failed deliveries). */
    async redeliver(payload: WebhookPayload): Promise<number | null> {
      return (await post(payload, opts.key())).status;
    },
    log: (): readonly Delivery[] => log,
    settled: async (): Promise<void> => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    pending: () => queue.length,
  };
}
