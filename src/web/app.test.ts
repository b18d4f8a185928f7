import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/store.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import { KIT_LEDGER, KIT_WEBHOOK, webKit } from '../../test/web/kit.ts';
import { createWebApp } from './app.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

describe('app', () => {
  it("lists the session's organisations, and only those, with a Connect button for its ledger", async () => {
    const k = webKit(opened.store);
    const mine = await k.seededOrg({ name: 'Mine & Co' });
    await k.seededOrg({ name: 'Not Mine Ltd' });
    const { cookie } = await k.signIn(mine.org.id);
    const html = await (await k.app.request('/', { headers: { cookie } })).text();
    expect(html).toContain('Mine &amp; Co');
    expect(html).not.toContain('Not Mine Ltd');
    expect(html).toContain(`<a class="button" href="/connect/${KIT_LEDGER.id}">Connect to ${KIT_LEDGER.displayName}</a>`);
  });

  it('answers /health with JSON and serves its stylesheet', async () => {
    const k = webKit(opened.store);
    const health = await k.app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const css = await k.app.request('/assets/app.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('shows a page, not a stack trace, when something breaks, and logs the details', async () => {
    const failing: Store = new Proxy(opened.store, {
      get: (target, prop, receiver) =>
        // the dashboard reads the receivables, the JSON API the reminders: both break
        prop === 'remindersInState' || prop === 'receivables'
          ? async () => {
              throw new Error('relation "reminders" does not exist at Parser.parseErrorMessage (/app/node_modules/pg/parser.js:285:98)');
            }
          : Reflect.get(target, prop, receiver),
    });
    const k = webKit(failing);
    const { org } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    const res = await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('parser.js');
    expect(k.logs.some((l) => l.level === 'error' && JSON.stringify(l.obj).includes('parser.js'))).toBe(true);
    const api = await k.app.request(`/api/orgs/${org.id}/reminders`, { headers: { cookie } });
    expect(await api.json()).toEqual({ error: 'something went wrong on our side; it has been logged' });
  });

  it('answers an unknown address with a 404 page', async () => {
    const k = webKit(opened.store);
    const res = await k.app.request('/wp-admin');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('There is nothing at this address.');
  });

  it('sets no session cookie on webhook answers', async () => {
    const k = webKit(opened.store);
    const res = await k.app.request(KIT_WEBHOOK.path, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('body limits', () => {
  it('refuses a form body over 64 KiB with 413 and a clear message, before CSRF or anything reads it', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    const res = await k.post(`/orgs/${org.id}/settings`, { csrf: 'wrong', note: 'x'.repeat(65 * 1024) }, cookie);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/too large: relance accepts at most 64 KiB/);
  });

  it('takes a smaller limit from its options', async () => {
    const k = webKit(opened.store);
    const app = createWebApp(k.ctx, { maxBodyBytes: 1024 });
    const res = await app.request(`/connect/${KIT_LEDGER.id}`, {
      method: 'POST',
      body: 'x'.repeat(2048),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(413);
  });
});
