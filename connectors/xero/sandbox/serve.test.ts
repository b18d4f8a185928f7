import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveXeroSandbox } from './serve.ts';

// Server mode: every Xero host on one origin, so discovery must name that origin (an OpenID client checks the issuer).
let served: Awaited<ReturnType<typeof serveXeroSandbox>>;
beforeAll(async () => {
  served = await serveXeroSandbox({ port: 0 });
});
afterAll(() => served.close());

describe('serveXeroSandbox', () => {
  it("serves discovery, the consent page and the API from one origin, with Xero's paths", async () => {
    const discovery = (await (await fetch(served.urls.discovery)).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(served.origin);
    expect(discovery.token_endpoint).toBe(`${served.origin}/connect/token`);
    expect(discovery.authorization_endpoint).toBe(`${served.origin}/identity/connect/authorize`);
    const tokens = await served.sandbox.control.connect();
    const res = await fetch(`${served.urls.accounting}/Organisation`, {
      headers: { authorization: `Bearer ${tokens.access_token}`, 'xero-tenant-id': served.sandbox.control.tenants()[0]?.tenantId ?? '' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Organisations: { Name: string }[] }).Organisations[0]?.Name).toBe('Atelier Dupont SARL');
    expect(res.headers.get('x-minlimit-remaining')).toBe('59');
  });
});
