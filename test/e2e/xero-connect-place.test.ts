import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent, SEED_TENANTS } from '../../connectors/xero/sandbox/index.ts';
import { xeroSandboxHandlers } from '../../connectors/xero/sandbox/msw.ts';
import type { Organisation } from '../../src/core/organisation.ts';
import { type World, xeroWorld } from './xero-world.ts';

/**
 * Issue 9: an organisation's place comes from its ledger. Both seeded Xero tenants are connected the way an owner does
 * it, through the web app's /connect/xero and the sandbox's consent page; each takes the time zone, language and
 * country its `GET /Organisation` gives, and its customers are written to in that language.
 */
let w: World;
const server = setupServer();

beforeAll(async () => {
  // 09:00 in London, 10:00 in Paris: inside both send windows
  w = await xeroWorld({ start: new Date('2026-03-04T09:00:00Z'), invoices: 60 });
  server.use(...xeroSandboxHandlers(w.sandbox));
  server.listen({ onUnhandledFrame: 'error' });
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.endsWith('/Organisation')) organisationReads++;
  });
});
/** Calls to Xero's GET /Organisation: the place's reads. */
let organisationReads = 0;
afterAll(async () => {
  server.close();
  await w?.close();
});

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

async function connectThroughTheWebApp(): Promise<Organisation[]> {
  const start = await w.app.request('/connect/xero');
  expect(start.status).toBe(302);
  const callback = new URL(await approveConsent(start.headers.get('location')!));
  const done = await w.app.request(`${callback.pathname}${callback.search}`, { headers: { cookie: cookieOf(start) } });
  expect(done.status).toBe(302);
  return Promise.all(
    [SEED_TENANTS.fr.id, SEED_TENANTS.uk.id].map(async (id) => {
      const org = (await w.store.findOrganisation('xero', id)) as Organisation;
      // a new connection starts in preview: the owner turns sending on right away (the queued plan then sends)
      await w.store.setSendingOnSince(org.id, w.clock.now().toISOString());
      return org;
    }),
  );
}

describe('connect: the organisation is where its ledger says', () => {
  let fr: Organisation;
  let uk: Organisation;

  beforeAll(async () => {
    [fr, uk] = (await connectThroughTheWebApp()) as [Organisation, Organisation];
  });

  it('places the French tenant in Paris, in French, under French law', () => {
    expect(fr).toMatchObject({
      name: 'Atelier Dupont SARL',
      timeZone: 'Europe/Paris',
      locale: 'fr',
      countryCode: 'FR',
      ledgerPlace: { countryCode: 'FR', baseCurrency: 'EUR', timeZone: 'Europe/Paris', language: 'fr' },
    });
  });

  it('places the British tenant in London, in English, under UK law', () => {
    expect(uk).toMatchObject({
      name: 'Hartley & Sons Ltd',
      timeZone: 'Europe/London',
      locale: 'en',
      countryCode: 'GB',
      ledgerPlace: {
        legalName: 'Hartley & Sons Limited',
        countryCode: 'GB',
        baseCurrency: 'GBP',
        timeZone: 'Europe/London',
        language: 'en',
      },
    });
  });

  it("writes to the British tenant's customers in English, and to the French tenant's in French", async () => {
    // the first sync and plan the connect queued, then the sends and notes they cause
    const readAtConnect = organisationReads;
    expect(readAtConnect).toBeGreaterThan(0);
    await w.drain();
    // the first sync trusts the place the connect just read
    expect(organisationReads).toBe(readAtConnect);
    const from = (org: Organisation) => w.mailer.sent.filter((m) => m.from.name === org.sender.name);
    expect(from(uk).length).toBeGreaterThan(0);
    expect(from(fr).length).toBeGreaterThan(0);
    for (const m of from(uk)) {
      expect(m.text).toMatch(/^Hello /m);
      expect(m.text).not.toMatch(/Bonjour|Madame, Monsieur/);
    }
    for (const m of from(fr)) expect(m.text).toMatch(/^(Bonjour |Madame, Monsieur)/m);
  });
});
