import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { org as orgFixture } from '../../test/fixtures/ledger.ts';
import { testDeps } from '../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import type { LedgerPlace } from '../core/place.ts';
import { LedgerError } from '../core/ports.ts';
import { adoptConsent } from './connect.ts';
import { syncOrganisation } from './sync.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

const paris: LedgerPlace = {
  legalName: 'Atelier Dupont SARL',
  countryCode: 'FR',
  baseCurrency: 'EUR',
  timeZone: 'Europe/Paris',
  language: 'fr',
};
const london: LedgerPlace = {
  legalName: 'Atelier Dupont Ltd',
  countryCode: 'GB',
  baseCurrency: 'GBP',
  timeZone: 'Europe/London',
  language: 'en',
};

/** A ledger whose organisation is where `now` says, or whose Organisation read fails. */
function setup() {
  const t = testDeps(opened.store, '2026-03-04T09:00:00Z');
  const warnings: { obj: object; msg?: string }[] = [];
  t.deps.log = { info() {}, warn: (obj, msg) => warnings.push({ obj, msg }), error() {} };
  const ledger = t.ledger as typeof t.ledger & { place?: () => Promise<LedgerPlace> };
  const where: { now: LedgerPlace | Error; reads: number } = { now: paris, reads: 0 };
  ledger.place = async () => {
    where.reads++;
    if (where.now instanceof Error) throw where.now;
    return where.now;
  };
  return { ...t, where, warnings };
}

describe('sync: the organisation follows its ledger', () => {
  it('an organisation connected while the ledger did not answer is placed at its first sync', async () => {
    const { deps, where } = setup();
    where.now = london;
    const org = await opened.store.createOrganisation(orgFixture({ timeZone: 'UTC', locale: 'en', countryCode: 'ZZ', ledgerPlace: null }));
    await syncOrganisation(deps, org.id);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({
      timeZone: 'Europe/London',
      locale: 'en',
      countryCode: 'GB',
      ledgerPlace: london,
    });
  });

  it('a change in the ledger is followed, except for what the owner changed', async () => {
    const { deps, where } = setup();
    const org = await opened.store.createOrganisation(orgFixture({ ledgerPlace: paris }));
    await opened.store.updateOrganisation(org.id, { locale: 'en' });
    where.now = { ...paris, countryCode: 'BE', timeZone: 'Europe/Brussels', baseCurrency: 'EUR' };
    await syncOrganisation(deps, org.id);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({
      timeZone: 'Europe/Brussels',
      countryCode: 'BE',
      locale: 'en',
      ledgerPlace: where.now,
    });
  });

  it('a failed Organisation read changes nothing, is logged, and the sync goes on', async () => {
    const { deps, where, warnings, ledger } = setup();
    where.now = new LedgerError('auth', 'read organisation: 403 AuthorizationUnsuccessful');
    const org = await opened.store.createOrganisation(orgFixture({ ledgerPlace: paris }));
    const calls = ledger.calls.changes;
    await syncOrganisation(deps, org.id);
    expect(ledger.calls.changes).toBe(calls + 1);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({
      timeZone: 'Europe/Paris',
      countryCode: 'FR',
      connectionStatus: 'connected',
    });
    expect(warnings).toEqual([
      { obj: expect.objectContaining({ orgId: org.id, err: expect.stringMatching(/403/) }), msg: expect.any(String) },
    ]);
  });

  it("a webhook's few invoices do not re-read the organisation", async () => {
    const { deps, where } = setup();
    where.now = london;
    const org = await opened.store.createOrganisation(orgFixture({ ledgerPlace: paris }));
    await syncOrganisation(deps, org.id, ['inv-unknown']);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({ timeZone: 'Europe/Paris', ledgerPlace: paris });
  });
});

describe('sync: the place is re-read at most once a day', () => {
  it('two syncs within a day read the place once; a sync a day later reads it again and follows it', async () => {
    const { deps, where, clock, ledger } = setup();
    const org = await opened.store.createOrganisation(orgFixture({ ledgerPlace: paris }));
    const changes = ledger.calls.changes;
    await syncOrganisation(deps, org.id);
    clock.set('2026-03-05T08:59:59Z');
    where.now = london;
    await syncOrganisation(deps, org.id);
    expect(where.reads).toBe(1);
    // the invoices are still read at every sync
    expect(ledger.calls.changes).toBe(changes + 2);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({
      timeZone: 'Europe/Paris',
      ledgerPlace: paris,
      ledgerPlaceReadAt: '2026-03-04T09:00:00.000Z',
    });

    clock.set('2026-03-05T09:00:00Z');
    await syncOrganisation(deps, org.id);
    expect(where.reads).toBe(2);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({
      timeZone: 'Europe/London',
      ledgerPlace: london,
      ledgerPlaceReadAt: '2026-03-05T09:00:00.000Z',
    });
  });

  it('the first sync after connect does not read again the place the connect just read', async () => {
    const { deps, where, clock } = setup();
    const [org] = await adoptConsent(
      deps,
      {
        vendor: 'test',
        tenants: [{ externalId: 'tenant-place-once', name: 'Atelier Dupont SARL', place: paris }],
        tokens: {},
        identityEmail: null,
      },
      { saveTokens: async () => {}, consentId: 'consent-1' },
    );
    expect(org).toMatchObject({ timeZone: 'Europe/Paris', ledgerPlaceReadAt: '2026-03-04T09:00:00.000Z' });
    clock.set('2026-03-04T09:01:00Z');
    await syncOrganisation(deps, org!.id);
    expect(where.reads).toBe(0);
  });

  it('a failed read is retried at the next sync, not a day later', async () => {
    const { deps, where } = setup();
    where.now = new LedgerError('unavailable', 'read organisation: 503 Service Unavailable');
    const org = await opened.store.createOrganisation(orgFixture({ ledgerPlace: paris }));
    await syncOrganisation(deps, org.id);
    where.now = london;
    await syncOrganisation(deps, org.id);
    expect(where.reads).toBe(2);
    expect(await opened.store.getOrganisation(org.id)).toMatchObject({ timeZone: 'Europe/London', ledgerPlace: london });
  });
});
