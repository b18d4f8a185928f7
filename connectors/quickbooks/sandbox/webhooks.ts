import { createHmac } from 'node:crypto';
import { qbTime } from './format.ts';
import type { Change, EntityName, Operation } from './state.ts';

export type { Change, Operation };

/**
 * QuickBooks' webhooks. Each app registers one endpoint with a verifier token and a payload format; the sandbox queues
 * the changes that writes and `control` actions make, and `flush` delivers them in batches (production batches over
 * minutes; here the test or the demo decides when), one POST per subscribed app, possibly spanning several companies.
 * An app only hears about companies it holds a live consent for (Intuit: "only … companies that are connected and
 * authorized via OAuth 2.0"). `intuit-signature` = base64(HMAC-SHA256(verifier token, raw body bytes)).
 *
 * Deliveries go through a transport: by default a POST with global fetch (so msw or a real server can receive them);
 * tests can pass their own to capture deliveries in-process. `hold` keeps built deliveries back so a test can release
 * them in another order, and `redeliver` sends the very same bytes again (Intuit retries and may deliver twice).
 * A delivery the receiver does not answer 2xx is retried on Intuit's schedule, by the injected clock: each `flush`
 * first sends the retries that are due.
 */

export type WebhookFormat = 'legacy' | 'cloudevents';
export type Subscription = { clientId: string; url: string; verifierToken: string; format: WebhookFormat };

export type LegacyPayload = {
  eventNotifications: {
    realmId: string;
    dataChangeEvent: { entities: { name: EntityName; id: string; operation: Operation; lastUpdated: string }[] };
  }[];
};

export type CloudEvent = {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  datacontenttype: 'application/json';
  time: string;
  intuitentityid: string;
  intuitaccountid: string;
  data: Record<string, unknown>;
};

export type WebhookRequest = { url: string; headers: Record<string, string>; body: string };
/** Sends one delivery; answers the receiver's HTTP status, or throws when it could not be reached. */
export type Transport = (req: WebhookRequest) => Promise<number>;

export type Delivery = {
  /** Same number for a redelivery of the same payload. */
  seq: number;
  clientId: string;
  format: WebhookFormat;
  request: WebhookRequest;
  realms: string[];
  events: number;
  attempt: number;
  at: number | null;
  status: number | null;
  error: string | null;
};

/**
 * Intuit's retry schedule for a delivery not answered 2xx (reference, checked 2026-12): at 0 s, 10 s, 20 s, 30 s,
 * 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h. Guessed: when it gives up (here after 20 retries) and that a retry
 * sends the same bytes (same event ids and signature).
 */
const RETRY_AFTER_MS = [0, 10_000, 20_000, 30_000, 300_000, 1_200_000, 7_200_000, 14_400_000, 21_600_000];
const MAX_RETRIES = 20;

export function signWebhook(rawBody: string | Uint8Array, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(rawBody).digest('base64');
}

/**
 * `lastUpdated` as Intuit's published legacy example writes it (`2015-10-05T14:42:19-0700`: Pacific time, offset
 * without a colon). Guessed from that one example; relance must parse any ISO offset.
 */
export const legacyTime = (ms: number): string => qbTime(ms).replace(/([+-]\d{2}):(\d{2})$/, '$1$2');

/**
 * CloudEvents `type` is `qbo.<entity>.<operation in the past tense>.v1` (`qbo.invoice.updated.v1`; created, deleted and
 * voided are seen in published integrations). Guessed: `merged` and `emailed` for the two other operations.
 */
const PAST: Record<Operation, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Void: 'voided',
  Merge: 'merged',
  Emailed: 'emailed',
};
export const cloudEventType = (entity: EntityName, operation: Operation): string => `qbo.${entity.toLowerCase()}.${PAST[operation]}.v1`;

/**
 * Guessed: Intuit's `source` value is not in our reference (it starts with `intuit.`); relance must not depend on it.
 * `data` is sent empty: a notification says what changed, the client reads the entity (CDC or a read).
 */
export const CLOUD_EVENT_SOURCE = 'intuit.qbo.sandbox';

export function legacyPayload(changes: Change[]): LegacyPayload {
  const byRealm = new Map<string, Change[]>();
  for (const c of changes) byRealm.set(c.realmId, [...(byRealm.get(c.realmId) ?? []), c]);
  return {
    eventNotifications: [...byRealm].map(([realmId, cs]) => ({
      realmId,
      dataChangeEvent: {
        entities: cs.map((c) => ({ name: c.entity, id: c.id, operation: c.operation, lastUpdated: legacyTime(c.at) })),
      },
    })),
  };
}

export function cloudEvents(changes: Change[], eventId: () => string): CloudEvent[] {
  return changes.map((c) => ({
    specversion: '1.0',
    id: eventId(),
    source: CLOUD_EVENT_SOURCE,
    type: cloudEventType(c.entity, c.operation),
    datacontenttype: 'application/json',
    time: new Date(c.at).toISOString(),
    intuitentityid: c.id,
    intuitaccountid: c.realmId,
    data: {},
  }));
}

export const fetchTransport: Transport = async (req) => {
  const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(5_000) });
  await res.body?.cancel();
  return res.status;
};

export function createWebhooks(opts: {
  now: () => number;
  /** Whether the app holds a live consent for the company. */
  connected: (clientId: string, realmId: string) => boolean;
  subscriptions?: Subscription[];
  transport?: Transport;
}) {
  const subscriptions = new Map((opts.subscriptions ?? []).map((s) => [s.clientId, s]));
  let transport = opts.transport ?? fetchTransport;
  let queue: Change[] = [];
  let held: Delivery[] | null = null;
  let seq = 0;
  let eventCounter = 0;
  const log: Delivery[] = [];
  let retries: { delivery: Delivery; dueAt: number }[] = [];
  // Event ids are counters, not random: two runs of a test give the same payloads (and the same signatures).
  const eventId = () => `qbo-sandbox-event-${String(++eventCounter).padStart(8, '0')}`;

  async function send(d: Delivery, retry = true): Promise<Delivery> {
    const sent: Delivery = { ...d, at: opts.now(), status: null, error: null };
    try {
      sent.status = await transport(sent.request);
    } catch (e) {
      sent.error = e instanceof Error ? e.message : String(e);
    }
    log.push(sent);
    const failed = sent.status === null || sent.status < 200 || sent.status > 299;
    if (retry && failed && sent.attempt <= MAX_RETRIES) {
      const wait = RETRY_AFTER_MS[sent.attempt - 1] ?? RETRY_AFTER_MS[RETRY_AFTER_MS.length - 1]!;
      retries.push({ delivery: { ...sent, attempt: sent.attempt + 1 }, dueAt: (sent.at as number) + wait });
    }
    return sent;
  }

  /** Retries whose time has come, oldest first; the rest wait. */
  async function retryDue(): Promise<Delivery[]> {
    const t = opts.now();
    const due = retries.filter((r) => r.dueAt <= t).sort((a, b) => a.dueAt - b.dueAt);
    retries = retries.filter((r) => r.dueAt > t);
    const sent = [];
    for (const r of due) sent.push(await send(r.delivery));
    return sent;
  }

  function build(changes: Change[]): Delivery[] {
    const out: Delivery[] = [];
    for (const sub of subscriptions.values()) {
      const mine = changes.filter((c) => opts.connected(sub.clientId, c.realmId));
      if (mine.length === 0) continue;
      const body = JSON.stringify(sub.format === 'legacy' ? legacyPayload(mine) : cloudEvents(mine, eventId));
      out.push({
        seq: ++seq,
        clientId: sub.clientId,
        format: sub.format,
        request: {
          url: sub.url,
          headers: {
            // Guessed: plain JSON for both formats (CloudEvents' batch media type is not in our reference).
            'content-type': 'application/json',
            'intuit-signature': signWebhook(body, sub.verifierToken),
          },
          body,
        },
        realms: [...new Set(mine.map((c) => c.realmId))],
        events: mine.length,
        attempt: 1,
        at: null,
        status: null,
        error: null,
      });
    }
    return out;
  }

  return {
    /** Register (or replace) the app's endpoint. */
    subscribe(sub: Subscription): void {
      subscriptions.set(sub.clientId, sub);
    },
    unsubscribe(clientId: string): void {
      subscriptions.delete(clientId);
    },
    subscriptions: (): Subscription[] => [...subscriptions.values()],
    setTransport(t: Transport | null): void {
      transport = t ?? fetchTransport;
    },
    /** Record a change; nothing is sent until `flush`. Kept only while some app subscribes. */
    record(change: Change): void {
      if (subscriptions.size > 0) queue.push(change);
    },
    pending: (): number => queue.length,
    /** Deliver what is queued, one batch per subscribed app; while held, the batches wait for `release`. */
    /**
     * Deliver what is queued, one batch per subscribed app, after any retry whose time has come; while held, the new
     * batches wait for `release`.
     */
    async flush(): Promise<Delivery[]> {
      const sent = await retryDue();
      const changes = queue;
      queue = [];
      const built = build(changes);
      if (held) {
        held.push(...built);
        return sent;
      }
      for (const d of built) sent.push(await send(d));
      return sent;
    },
    /** Send the retries that are due now (a receiver that did not answer 2xx is retried on Intuit's schedule). */
    retryDue,
    /** When the next retry is due (null: none waiting). */
    nextRetryAt: (): number | null => (retries.length === 0 ? null : Math.min(...retries.map((r) => r.dueAt))),
    /** From now on, `flush` keeps its batches back until `release`. */
    hold(): void {
      held ??= [];
    },
    /** Send the held batches, in order, reversed, or in the order given (indexes into the held list), and stop holding. */
    async release(order: 'inOrder' | 'reverse' | number[] = 'inOrder'): Promise<Delivery[]> {
      const waiting = held ?? [];
      held = null;
      const ordered =
        order === 'inOrder'
          ? waiting
          : order === 'reverse'
            ? [...waiting].reverse()
            : order.map((i) => waiting[i]).filter((d) => d !== undefined);
      const sent = [];
      for (const d of ordered) sent.push(await send(d));
      return sent;
    },
    /** Send a delivery's exact bytes and signature again (as Intuit does when it retries). */
    redeliver: (d: Delivery): Promise<Delivery> => send({ ...d, attempt: d.attempt + 1 }, false),
    log: (): readonly Delivery[] => log,
  };
}
