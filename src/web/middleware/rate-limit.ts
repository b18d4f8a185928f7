import type { Context } from 'hono';

/**
 * A fixed-window counter per key (a client address), in memory: enough to stop one address from filling the OAuth
 * state table or hammering the vendor's consent page. Per process (or per edge isolate): a ceiling, not an account.
 */
export type RateLimiter = { take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } };

export function fixedWindowLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    take(key, nowMs) {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= options.windowMs) {
        if (windows.size >= maxKeys) forgetExpired(windows, nowMs, options.windowMs);
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= options.limit)
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + options.windowMs - nowMs) / 1000)) };
      w.count++;
      return { ok: true };
    },
  };
}

function forgetExpired(windows: Map<string, { start: number }>, nowMs: number, windowMs: number): void {
  for (const [key, w] of windows) if (nowMs - w.start >= windowMs) windows.delete(key);
  // still full of live windows (a flood from many addresses): start over rather than grow without bound
  if (windows.size > 0 && [...windows.values()].every((w) => nowMs - w.start < windowMs)) windows.clear();
}

/**
 * The address of the client: Cloudflare's header on Workers, the socket's peer on Node. X-Forwarded-For is read only
 * when the deployment says a proxy it trusts sets it (its last entry: the one that proxy appended); otherwise anyone
 * could send a new one with each request.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  // only a request Cloudflare handed over (it carries `cf`) has a cf-connecting-ip nobody else could have set
  const onEdge = (c.req.raw as Request & { cf?: unknown }).cf !== undefined;
  const edge = onEdge ? c.req.header('cf-connecting-ip') : undefined;
  if (edge) return edge;
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (hops.length > 0) return hops[hops.length - 1]!;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
