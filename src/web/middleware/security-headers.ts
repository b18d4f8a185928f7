import type { MiddlewareHandler } from 'hono';
import { manifestFrameAncestors } from '../../../manifest/index.ts';

/** Unless FRAME_ANCESTORS says otherwise: this origin, and the marketplaces the listings name (they embed the pages). */
export const DEFAULT_FRAME_ANCESTORS: readonly string[] = ["'self'", ...manifestFrameAncestors()];

export type SecurityHeadersOptions = {
  /** Origins allowed to frame the pages (a marketplace embedding the settings page). */
  frameAncestors?: string[];
  /** Strict-Transport-Security: only over HTTPS. */
  hsts?: boolean;
};

/**
 * Scripts, styles, live updates (server-sent events), frames and forms from this origin only: no inline script or
 * style anywhere, images from anywhere over HTTPS (the owner's logo).
 * No Referer leaves the pages: answer links carry their token in the URL. A response that says nothing about caching
 * is not stored anywhere: owner pages show a tenant's data and answer pages a customer's invoices, and neither may
 * come back from a browser's or a proxy's cache; what may be cached (the CSS) says so itself.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const ancestors = options.frameAncestors?.length ? options.frameAncestors : ["'self'"];
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "img-src 'self' https: data:",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
  const onlySelf = ancestors.length === 1 && ancestors[0] === "'self'";
  return async (c, next) => {
    await next();
    // a route that renders foreign HTML (an email's preview, inline styles and all) sets a stricter policy of its own
    if (!c.res.headers.has('content-security-policy')) c.header('Content-Security-Policy', csp);
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    // X-Frame-Options cannot name other origins: sent only when frame-ancestors does not need to
    if (onlySelf) c.header('X-Frame-Options', 'SAMEORIGIN');
    if (options.hsts) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
