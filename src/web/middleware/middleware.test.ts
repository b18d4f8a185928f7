import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { WebEnv } from '../context.ts';
import { csrf } from './csrf.ts';
import { requestLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';
import { newSession, openSession, sealSession, session, SESSION_COOKIE } from './session.ts';

const SECRET = 'middleware-secret';

describe('session', () => {
  const app = new Hono<WebEnv>();
  app.use('*', session({ secret: SECRET, secure: true }));
  app.get('/who', (c) => c.json(c.get('session').orgIds));
  app.get('/grant', (c) => {
    c.set('session', { ...c.get('session'), orgIds: ['org-1'] });
    return c.text('ok');
  });

  it('writes a signed HttpOnly, Secure, SameSite=None cookie (embeddable over https) and reads it back', async () => {
    const res = await app.request('/grant');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/Secure/);
    expect(set).toMatch(/SameSite=None/);
    const cookie = set.split(';')[0]!;
    expect(await (await app.request('/who', { headers: { cookie } })).json()).toEqual(['org-1']);
    // an unchanged session is not written again
    expect((await app.request('/who', { headers: { cookie } })).headers.get('set-cookie')).toBeNull();
  });

  it('treats a cookie signed with another secret, or expired, as no session', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = await sealSession('another-secret', { ...newSession(now), orgIds: ['org-1'] });
    expect(await (await app.request('/who', { headers: { cookie: `${SESSION_COOKIE}=${other}` } })).json()).toEqual([]);
    const expired = await sealSession(SECRET, { ...newSession(now - 10, 5), orgIds: ['org-1'] });
    expect(await openSession(SECRET, expired, now)).toBeNull();
    expect(await openSession(SECRET, 'garbage.more.parts', now)).toBeNull();
  });
});

describe('csrf', () => {
  const app = new Hono<WebEnv>();
  app.use('*', async (c, next) => {
    c.set('session', { ...newSession(0), csrf: 'the-token' });
    await next();
  });
  app.use('*', csrf());
  app.post('/form', async (c) => c.text(String((await c.req.parseBody()).name)));

  it('lets a form through with the token in a field or header; the handler still reads the body', async () => {
    const ok = await app.request('/form', { method: 'POST', body: new URLSearchParams({ _csrf: 'the-token', name: 'Dupont' }) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('Dupont');
    expect(
      (await app.request('/form', { method: 'POST', body: new URLSearchParams({ name: 'x' }), headers: { 'x-csrf-token': 'the-token' } }))
        .status,
    ).toBe(200);
  });

  it('answers 403 when the token is missing or wrong', async () => {
    expect((await app.request('/form', { method: 'POST', body: new URLSearchParams({ name: 'x' }) })).status).toBe(403);
    expect((await app.request('/form', { method: 'POST', body: new URLSearchParams({ _csrf: 'the-tokeN', name: 'x' }) })).status).toBe(403);
    expect(
      (
        await app.request('/form', {
          method: 'POST',
          body: JSON.stringify({ _csrf: 'the-token' }),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('security headers', () => {
  it('allows scripts and styles from this origin only, never inline, and forbids framing by default; lets the configured marketplaces frame the pages', async () => {
    const plain = new Hono().use(securityHeaders()).get('/', (c) => c.text('x'));
    const res = await plain.request('/');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');

    const embedded = new Hono()
      .use(securityHeaders({ frameAncestors: ["'self'", 'https://apps.ledger.example'] }))
      .get('/', (c) => c.text('x'));
    const e = await embedded.request('/');
    expect(e.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://apps.ledger.example");
    expect(e.headers.get('x-frame-options')).toBeNull();
  });
});

describe('request log', () => {
  it('logs method, path and status with answer tokens and OAuth codes redacted', async () => {
    const lines: object[] = [];
    const log = { info: (o: object) => lines.push(o), warn: () => {}, error: (o: object) => lines.push(o) };
    const app = new Hono().use(requestLog({ log })).get('*', (c) => c.text('x'));
    await app.request('/connect/acme/callback?code=SECRET-CODE&state=SECRET-STATE&scope=openid', {
      headers: { cookie: 'relance_session=SECRET-COOKIE' },
    });
    await app.request('/answer/promise?t=SECRET-TOKEN');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/SECRET/);
    expect(lines[0]).toMatchObject({
      method: 'GET',
      path: '/connect/acme/callback?code=[redacted]&state=[redacted]&scope=openid',
      status: 200,
    });
  });
});
