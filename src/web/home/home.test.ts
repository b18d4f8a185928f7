import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOrganisation, signAnswerToken } from '../../services/index.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { webKit } from '../../../test/web/kit.ts';
import { ledgers } from '../../../connectors/index.ts';
import { org as orgFixture } from '../../../test/fixtures/ledger.ts';
import { manifestFrameAncestors } from '../../../manifest/index.ts';
import { CSS_PATH } from '../layout.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

describe('public responses and personal pages', () => {
  it('sets no session cookie on /health, on the publicly cached CSS or on a first visit that stores nothing', async () => {
    const k = webKit(opened.store);
    for (const path of ['/health', CSS_PATH, '/', '/no-such-page']) {
      const res = await k.app.request(path);
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    expect((await k.app.request(CSS_PATH)).headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('marks owner pages and answer pages Cache-Control: no-store', async () => {
    const k = webKit(opened.store);
    const { org, invoiceId } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    for (const path of [`/orgs/${org.id}`, `/orgs/${org.id}/settings`, `/orgs/${org.id}/invoices/${invoiceId}`]) {
      const res = await k.app.request(path, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    await planOrganisation(k.deps, org.id);
    const [planned] = await opened.store.remindersInState(org.id, ['planned']);
    const token = signAnswerToken(
      { orgId: org.id, invoiceIds: [invoiceId], contactId: planned!.contactId, reminderId: planned!.id, expiresAt: '2026-04-03T09:00:00Z' },
      k.deps.linkSecret,
    );
    const answer = await k.app.request(`/answer/promise?t=${token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('lets the marketplaces named in the manifests frame the pages by default, and FRAME_ANCESTORS replace them', async () => {
    const k = webKit(opened.store);
    const csp = (await k.app.request('/health')).headers.get('content-security-policy')!;
    const marketplaces = manifestFrameAncestors();
    expect(marketplaces.length).toBeGreaterThan(0); // at least one listing asks to frame relance (a marketplace)
    expect(csp).toContain(`frame-ancestors ${["'self'", ...marketplaces].join(' ')}`);
    const set = webKit(opened.store, '2026-03-04T09:00:00Z', { frameAncestors: ['https://embed.example.com'] });
    const res = await set.app.request('/health');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors https:\/\/embed\.example\.com$/);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('shows no notice, and no function source, for ?done=constructor on an owner page', async () => {
    const k = webKit(opened.store);
    const { org } = await k.seededOrg();
    const { cookie } = await k.signIn(org.id);
    for (const done of ['constructor', '__proto__', 'toString']) {
      const res = await k.app.request(`/orgs/${org.id}/settings?done=${done}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(await res.text()).not.toMatch(/native code|function Object/);
    }
  });
});

describe('the home page offers every ledger this install runs', () => {
  it('has a "Connect to …" button per registered ledger, by its display name, and names each organisation\'s ledger', async () => {
    const base = webKit(opened.store);
    const flow = base.flow;
    // every registered definition, as src/main would hand them over (one consent flow stands in for each)
    const connectors = Object.fromEntries(ledgers.map((d) => [d.id, { id: d.id, displayName: d.displayName, flow, webhook: null }]));
    const k = webKit(opened.store, '2026-03-04T09:00:00Z', { connectors });
    const org = await opened.store.createOrganisation(orgFixture({ vendor: ledgers.at(-1)!.id, name: 'Harbour Print' }));
    const { cookie } = await k.signIn(org.id);
    const page = await (await k.app.request('/', { headers: { cookie } })).text();
    for (const d of ledgers) expect(page).toContain(`<a class="button" href="/connect/${d.id}">Connect to ${d.displayName}</a>`);
    expect(page).toContain(`Harbour Print</a> <span class="muted">${ledgers.find((d) => d.id === org.vendor)!.displayName} · connected`);
    // which ledgers the demo and npm start offer is pinned by test/architecture/registry.test.ts
    expect(ledgers.length).toBeGreaterThan(1);
  });
});
