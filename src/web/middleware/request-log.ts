import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../services/deps.ts';

export type RequestLogOptions = {
  log: Logger;
  /** Query parameters whose values never reach a log: answer tokens, OAuth codes and states. */
  redact?: string[];
  now?: () => number;
};

export const SECRET_PARAMS = ['t', 'token', 'code', 'state', 'session_state', 'id_token', 'access_token', 'refresh_token'];

export function redactedPath(url: string, redact: readonly string[]): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) {
    if (redact.includes(key.toLowerCase())) u.searchParams.set(key, '[redacted]');
  }
  return u.search ? `${u.pathname}${u.search.replace(/%5Bredacted%5D/g, '[redacted]')}` : u.pathname;
}

/** One line per request; headers and bodies (cookies, signatures, form fields) are never logged. */
export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  const redact = options.redact ?? SECRET_PARAMS;
  const now = options.now ?? (() => performance.now());
  return async (c, next) => {
    const start = now();
    await next();
    const entry = { method: c.req.method, path: redactedPath(c.req.url, redact), status: c.res.status, ms: Math.round(now() - start) };
    if (c.res.status >= 500) options.log.error(entry, 'request failed');
    else options.log.info(entry, 'request');
  };
}
