import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Session, WebEnv } from '../context.ts';
import { openJson, randomToken, sealJson } from '../crypto.ts';

export type SessionOptions = {
  secret: string;
  secure: boolean;
  cookieName?: string;
  maxAgeSeconds?: number;
  now?: () => number;
};

export const SESSION_COOKIE = 'relance_session';
const WEEK = 7 * 24 * 3600;

export function newSession(nowSeconds: number, maxAgeSeconds = WEEK): Session {
  return { orgIds: [], csrf: randomToken(), oauthState: null, exp: nowSeconds + maxAgeSeconds };
}

function isSession(value: unknown): value is Session {
  const s = value as Partial<Session> | null;
  return (
    !!s &&
    Array.isArray(s.orgIds) &&
    s.orgIds.every((id) => typeof id === 'string') &&
    typeof s.csrf === 'string' &&
    typeof s.exp === 'number'
  );
}

/** The cookie's value for a session: also how tests and the CLI hand someone a session. */
export const sealSession = (secret: string, session: Session): Promise<string> => sealJson(secret, session);

export async function openSession(secret: string, cookie: string | undefined, nowSeconds: number): Promise<Session | null> {
  if (!cookie) return null;
  const value = await openJson(secret, cookie);
  if (!isSession(value) || value.exp < nowSeconds) return null;
  return { ...value, oauthState: value.oauthState ?? null };
}

/**
 * A signed (not encrypted: it holds ids and random tokens only) session cookie. Handlers change it with
 * `c.set('session', …)`; the cookie is written back when it changed or was new.
 */
export function session(options: SessionOptions): MiddlewareHandler<WebEnv> {
  const name = options.cookieName ?? SESSION_COOKIE;
  const maxAge = options.maxAgeSeconds ?? WEEK;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return async (c, next) => {
    const existing = await openSession(options.secret, getCookie(c, name), now());
    const current = existing ?? newSession(now(), maxAge);
    c.set('session', current);
    await next();
    const after = c.get('session');
    // nothing to remember (a new visitor on /health, the CSS, the home page): no cookie, so every such response is the
    // same for everyone; and a response a shared cache may keep must never carry one
    if (JSON.stringify(after) === JSON.stringify(existing ?? current)) return;
    if (/\bpublic\b/i.test(c.res.headers.get('cache-control') ?? '')) return;
    setCookie(c, name, await sealSession(options.secret, after), {
      // over https the marketplace embeds the settings page in its own frame: a cross-site frame only gets the cookie
      // with SameSite=None; forms stay protected by the CSRF token. Plain http (the demo) keeps Lax.
      httpOnly: true,
      sameSite: options.secure ? 'None' : 'Lax',
      secure: options.secure,
      path: '/',
      maxAge,
    });
  };
}

export function grantOrg(c: Context<WebEnv>, orgId: string): void {
  const s = c.get('session');
  if (!s.orgIds.includes(orgId)) c.set('session', { ...s, orgIds: [...s.orgIds, orgId] });
}
