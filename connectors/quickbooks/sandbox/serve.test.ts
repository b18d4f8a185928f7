import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../../src/core/calendar.ts';
import { manualClock } from './clock.ts';
import { approveConsent } from './consent.ts';
import { quickbooksSandboxHandlers } from './msw.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT } from './sandbox.ts';
import { serveQuickBooksSandbox } from './serve.ts';
import { seedQuickBooks } from './seed/seed.ts';
import { connect } from './testing.ts';
import { quickbooksUrls } from './urls.ts';

const clock = manualClock('2026-03-15T18:00:00Z');
const state = () => seedQuickBooks({ seed: 1, today: calendarDate('2026-03-15'), now: clock.now() });

describe('serveQuickBooksSandbox', () => {
  let served: Awaited<ReturnType<typeof serveQuickBooksSandbox>>;
  beforeAll(async () => {
    served = await serveQuickBooksSandbox({ port: 0, now: clock.now, state: state() });
  });
  afterAll(() => served.close());

  it("serves discovery, the consent page, the token endpoint and the API from one origin, with Intuit's paths", async () => {
    const discovery = (await (await fetch(served.urls.discovery)).json()) as Record<string, string>;
    expect(discovery.token_endpoint).toBe(`${served.origin}/oauth2/v1/tokens/bearer`);
    const authorize = new URL(discovery.authorization_endpoint!);
    for (const [k, v] of Object.entries({
      client_id: DEFAULT_CLIENT.clientId,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: 'http://localhost/cb',
      state: 'x',
    }))
      authorize.searchParams.set(k, v);
    const back = new URL(await approveConsent(authorize.toString()));
    const tokens = (await (
      await fetch(discovery.token_endpoint!, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: back.searchParams.get('code')!,
          redirect_uri: 'http://localhost/cb',
        }),
      })
    ).json()) as { access_token: string };
    const res = await fetch(
      `${served.urls.api}/${back.searchParams.get('realmId')}/companyinfo/${back.searchParams.get('realmId')}?minorversion=75`,
      {
        headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' },
      },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { CompanyInfo: { CompanyName: string } }).CompanyInfo.CompanyName).toBe('Sunrise Plumbing');
  });
});

describe('quickbooksSandboxHandlers', () => {
  const sandbox = createQuickBooksSandbox({ now: clock.now, state: state() });
  const server = setupServer(...quickbooksSandboxHandlers(sandbox));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  it("answers Intuit's own URLs through fetch", async () => {
    const session = await connect(sandbox);
    const res = await fetch(
      `${quickbooksUrls().api}/${session.realmId}/query?query=${encodeURIComponent('select count(*) from Customer')}&minorversion=75`,
      {
        headers: { authorization: `Bearer ${session.accessToken}` },
      },
    );
    expect(((await res.json()) as { QueryResponse: { totalCount: number } }).QueryResponse.totalCount).toBeGreaterThan(0);
    const doc = await (await fetch('https://developer.api.intuit.com/.well-known/openid_configuration')).json();
    expect((doc as { issuer: string }).issuer).toBe('https://oauth.platform.intuit.com/op/v1');
  });
});
