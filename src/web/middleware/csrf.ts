import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from '../context.ts';
import { errorPage } from '../layout.ts';

export type CsrfOptions = { field?: string; header?: string };

export const CSRF_FIELD = '_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Equal-length strings compared without an early exit. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Double-submit: every unsafe request echoes the token held in the signed session cookie, in a form field or a
 * header. A page on another site can make the browser send the cookie, never read the token.
 */
export function csrf(options: CsrfOptions = {}): MiddlewareHandler<WebEnv> {
  const field = options.field ?? CSRF_FIELD;
  const header = options.header ?? 'x-csrf-token';
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    let given = c.req.header(header) ?? '';
    if (!given) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const value = (await c.req.parseBody())[field];
        given = typeof value === 'string' ? value : '';
      }
    }
    if (!sameToken(given, c.get('session').csrf)) {
      return c.html(
        String(errorPage('This form has expired', 'Reload the page and try again. (The security token was missing or did not match.)')),
        403,
      );
    }
    return next();
  };
}
