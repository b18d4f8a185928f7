import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type OpenedStore } from '../test/support/stores.ts';
import type { LedgerApp } from '../src/core/connection.ts';
import { quickbooks } from '../connectors/quickbooks/index.ts';
import { xero } from '../connectors/xero/index.ts';
import { FakeFlow, WEBHOOK_KEY, webKit } from '../test/web/kit.ts';
import { manifests } from './index.ts';

/** The web app with every listed ledger on: a fake consent flow, each ledger's real webhook check. */
const listed = [xero, quickbooks];
const connectors = (): Record<string, LedgerApp> =>
  Object.fromEntries(
    listed.map((d) => [
      d.id,
      {
        id: d.id,
        displayName: d.displayName,
        flow: new FakeFlow(),
        webhook: (raw: Uint8Array, headers: Headers) => d.webhook(raw, headers, WEBHOOK_KEY),
      },
    ]),
  );

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** A marketplace reviewer clicks every link of a listing: each must answer, none may be a 404 or a server error. */
describe('every URL of every marketplace listing is served', () => {
  it('every listing is a ledger the app is built with', () => {
    expect(manifests.map((m) => m.vendor).sort()).toEqual(listed.map((d) => d.id).sort());
  });

  for (const manifest of manifests) {
    for (const [name, path] of Object.entries(manifest.urls)) {
      it(`${manifest.vendor} ${name}: ${path}`, async () => {
        const k = webKit(opened.store, undefined, { connectors: connectors() });
        // the webhook is POSTed by the vendor: unsigned, it must be refused as unsigned, not as unknown
        const res = await k.app.request(path, name === 'webhook' ? { method: 'POST', body: '{}' } : {});
        expect(res.status, `${path} answered ${res.status}`).not.toBe(404);
        expect(res.status, `${path} answered ${res.status}`).toBeLessThan(500);
      });
    }
  }

  it('serves the privacy and terms pages from the Markdown in docs/legal, naming the listing’s support address', async () => {
    const k = webKit(opened.store, undefined, { connectors: connectors() });
    for (const manifest of manifests) {
      const support = (manifest as { support?: { email?: string } }).support?.email;
      for (const path of [manifest.urls.privacy, manifest.urls.terms]) {
        const res = await k.app.request(path!);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('set-cookie'), path).toBeNull();
        const body = await res.text();
        expect(body).toMatch(/<h1>(Privacy|Terms of use)<\/h1>/);
        if (support) expect(body).toContain(`href="mailto:${support}"`);
      }
    }
  });
});
