import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSet } from '../../core/connection.ts';
import { connectionExpiryReader, StoreTokenVault } from '../../store/token-vault.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import { KIT_LEDGER, SECRET_BOX, webKit } from '../../../test/web/kit.ts';

// the kit's clock: Wednesday 4 March 2026, 10:00 in Paris
const NOW = '2026-03-04T09:00:00Z';
const tokens = (refreshExpiresAt?: string): TokenSet => ({
  accessToken: 'at',
  refreshToken: 'rt',
  expiresAt: '2026-03-04T10:00:00Z',
  ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
});

let opened: OpenedStore;
let vault: StoreTokenVault;
beforeAll(async () => {
  opened = await openPglite();
  vault = new StoreTokenVault(opened.database.db, SECRET_BOX, async () => {});
});
afterAll(() => opened?.close());

/** The web app reading expiries from the real vault, as src/main/web.ts wires it; one organisation with stored tokens. */
async function overviewWith(stored: TokenSet | null, orgOverrides: Parameters<ReturnType<typeof webKit>['seededOrg']>[0] = {}) {
  const k = webKit(opened.store, NOW, { connectionExpiry: connectionExpiryReader(opened.store, vault) });
  const { org } = await k.seededOrg({ locale: 'en', ...orgOverrides });
  if (stored) await vault.save(org.id, stored);
  const { cookie } = await k.signIn(org.id);
  const res = await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return { k, org, cookie, html: await res.text() };
}

const reconnectLink = `<a class="button secondary" href="/connect/${KIT_LEDGER.id}">Reconnect ${KIT_LEDGER.displayName}</a>`;

describe('dashboard: the ledger connection’s hard expiry, before it bites (English)', () => {
  it('20 days ahead: says on which day the connection expires and links to reconnect', async () => {
    const { html } = await overviewWith(tokens('2026-03-24T09:00:00.000Z'));
    expect(html).toContain(
      `<p class="notice warn expiry">Your ${KIT_LEDGER.displayName} connection expires on 24 Mar 2026 (in 20 days). Reconnect before then to keep reminders going. ${reconnectLink}</p>`,
    );
    expect(html).not.toContain('role="alert"');
  });

  it('reads the day on the organisation’s wall clock', async () => {
    // 23:30 UTC on the 24th is already the 25th in Paris, still the 24th in New York
    const paris = await overviewWith(tokens('2026-03-24T23:30:00.000Z'));
    expect(paris.html).toContain('connection expires on 25 Mar 2026 (in 21 days)');
    const newYork = await overviewWith(tokens('2026-03-24T23:30:00.000Z'), { timeZone: 'America/New_York' });
    expect(newYork.html).toContain('connection expires on 24 Mar 2026 (in 20 days)');
  });

  it('within a week, and once past, the notice is an alert', async () => {
    const soon = await overviewWith(tokens('2026-03-09T08:00:00.000Z'));
    expect(soon.html).toContain(
      `<p class="notice bad expiry" role="alert"><strong>Your ${KIT_LEDGER.displayName} connection expires on 9 Mar 2026 (in 5 days). Reconnect before then to keep reminders going.</strong> ${reconnectLink}</p>`,
    );
    const tomorrow = await overviewWith(tokens('2026-03-05T08:00:00.000Z'));
    expect(tomorrow.html).toContain('connection expires on 5 Mar 2026 (tomorrow)');
    const past = await overviewWith(tokens('2026-03-03T08:00:00.000Z'));
    expect(past.html).toContain(
      `<p class="notice bad expiry" role="alert"><strong>Your ${KIT_LEDGER.displayName} connection expired on 3 Mar 2026. Reconnect now: until then relance cannot read your ledger or send reminders.</strong> ${reconnectLink}</p>`,
    );
  });

  it('says nothing when the expiry is 60 days away, when the ledger gives none, or when no tokens are stored', async () => {
    for (const stored of [tokens('2026-05-03T09:00:00.000Z'), tokens(), null]) {
      const { html } = await overviewWith(stored);
      expect(html, JSON.stringify(stored)).not.toMatch(/connection expire|class="notice[^"]*expiry/);
      // the connection card is as before: connected, with its Disconnect button and no Reconnect link
      expect(html).toContain(`Disconnect ${KIT_LEDGER.displayName}`);
      expect(html).not.toContain(`href="/connect/${KIT_LEDGER.id}"`);
    }
  });

  it('an organisation sharing another’s consent shows that consent’s expiry', async () => {
    const k = webKit(opened.store, NOW, { connectionExpiry: connectionExpiryReader(opened.store, vault) });
    const first = await k.seededOrg({ name: 'Holding', locale: 'en' });
    await vault.save(first.org.id, tokens('2026-03-24T09:00:00.000Z'));
    const second = await k.seededOrg({ name: 'Subsidiary', tokenKey: first.org.id, locale: 'en' });
    const { cookie } = await k.signIn(second.org.id);
    const html = await (await k.app.request(`/orgs/${second.org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('connection expires on 24 Mar 2026 (in 20 days)');
  });

  it('a connection that already needs reconnecting, or was disconnected, is not warned about twice', async () => {
    for (const status of ['needs-reconnect', 'disconnected'] as const) {
      const k = webKit(opened.store, NOW, { connectionExpiry: connectionExpiryReader(opened.store, vault) });
      const { org } = await k.seededOrg({ locale: 'en' });
      await vault.save(org.id, tokens('2026-03-09T08:00:00.000Z'));
      await opened.store.setConnectionStatus(org.id, status, 'test');
      const { cookie } = await k.signIn(org.id);
      const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
      expect(html, status).not.toContain('connection expires');
      // the card's own Reconnect link is still there
      expect(html, status).toContain(`<a class="button" href="/connect/${KIT_LEDGER.id}">Reconnect ${KIT_LEDGER.displayName}</a>`);
    }
  });

  it('tokens that cannot be opened leave the page up, without a notice, and the log says why', async () => {
    const k = webKit(opened.store, NOW, {
      connectionExpiry: async () => {
        throw new Error('unsupported state or unable to authenticate data');
      },
    });
    const { org } = await k.seededOrg({ locale: 'en' });
    const { cookie } = await k.signIn(org.id);
    const res = await k.app.request(`/orgs/${org.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('connection expire');
    expect(k.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'could not read when the ledger connection expires' }));
  });

  it('one tenant never sees another’s expiry (promise 7)', async () => {
    const k = webKit(opened.store, NOW, { connectionExpiry: connectionExpiryReader(opened.store, vault) });
    const a = await k.seededOrg({ name: 'Org A', locale: 'en' });
    const b = await k.seededOrg({ name: 'Org B' });
    await vault.save(a.org.id, tokens());
    await vault.save(b.org.id, tokens('2026-03-24T09:00:00.000Z'));
    const { cookie } = await k.signIn(a.org.id);
    const own = await (await k.app.request(`/orgs/${a.org.id}`, { headers: { cookie } })).text();
    expect(own).not.toContain('connection expire');
    const other = await k.app.request(`/orgs/${b.org.id}`, { headers: { cookie } });
    expect(other.status).toBe(404);
    const text = await other.text();
    expect(text).not.toContain('Org B');
    expect(text).not.toContain('24 Mar 2026');
  });
});

describe('dashboard: the expiry and the sync, in French', () => {
  it('says when the connection expires in the organisation’s language', async () => {
    const k = webKit(opened.store, NOW, { connectionExpiry: connectionExpiryReader(opened.store, vault) });
    const { org } = await k.seededOrg();
    await vault.save(org.id, tokens('2026-03-24T09:00:00.000Z'));
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain(
      `<p class="notice warn expiry">Votre connexion à ${KIT_LEDGER.displayName} expire le 24 mars 2026 (dans 20 jours). Reconnectez-la d’ici là pour que les relances continuent. <a class="button secondary" href="/connect/${KIT_LEDGER.id}">Reconnecter ${KIT_LEDGER.displayName}</a></p>`,
    );
  });

  it('shows a first sync under way as a bar, and the last sync in the organisation’s zone', async () => {
    const k = webKit(opened.store, NOW);
    const { org } = await k.seededOrg();
    await opened.store.applyChanges(
      org.id,
      {
        entity: 'invoices',
        contacts: [],
        invoices: [],
        payments: [],
        creditNotes: [],
        rejected: [],
        cursor: 'c2',
        progress: { done: 40, total: 120 },
      },
      NOW,
    );
    const { cookie } = await k.signIn(org.id);
    const html = await (await k.app.request(`/orgs/${org.id}`, { headers: { cookie } })).text();
    expect(html).toContain('Première synchronisation : 40 enregistrements lus sur 120');
    expect(html).toContain('<progress max="120" value="40"');
    expect(html).toContain('Dernière synchronisation le 2026-03-04 10:00 (Europe/Paris)');
  });
});
