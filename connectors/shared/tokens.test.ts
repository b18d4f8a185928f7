import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/core/ports.ts';
import { xeroConfig } from '../xero/config.ts';
import { TOKEN_URL, tokenEndpoint, vaultWith } from '../xero/testkit.ts';
import { createOAuthClient } from './oauth.ts';
import { createTokenKeeper } from './tokens.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const config = xeroConfig().oauth;
const oauth = createOAuthClient(config, { clientId: 'client', clientSecret: 'secret' });
const keeper = (vault: Awaited<ReturnType<typeof vaultWith>>, sleeps: number[] = []) =>
  createTokenKeeper({
    vault,
    refresh: (rt) => oauth.refresh(rt),
    skewMs: config.accessTokenSkewMs,
    graceMs: config.refreshGraceMs,
    sleep: async (ms) => void sleeps.push(ms),
  });

describe('accessToken', () => {
  it('hands out a stored token that is still fresh without calling Xero', async () => {
    const vault = await vaultWith(20 * 60_000);
    expect(await keeper(vault).accessToken('org-1')).toBe('at-0');
  });

  it('refreshes ONCE for 50 concurrent callers, across two workers sharing the vault', async () => {
    const refreshes: string[] = [];
    server.use(tokenEndpoint((rt) => void refreshes.push(rt)));
    const vault = await vaultWith(-1);
    const [a, b] = [keeper(vault), keeper(vault)];
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).accessToken('org-1')));
    expect(refreshes).toEqual(['rt-0']);
    expect(new Set(tokens).size).toBe(1);
    expect((await vault.read('org-1'))?.refreshToken).toBe(tokens[0]!.replace('at-', 'rt-'));
  });

  it('sends HTTP Basic client auth and the refresh token as a form', async () => {
    let seen: { auth: string | null; body: string } | null = null;
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        seen = { auth: request.headers.get('authorization'), body: await request.text() };
        return HttpResponse.json({ access_token: 'at-x', refresh_token: 'rt-x', expires_in: 1800, token_type: 'Bearer' });
      }),
    );
    await keeper(await vaultWith(-1)).accessToken('org-1');
    expect(seen!.auth).toBe(`Basic ${Buffer.from('client:secret').toString('base64')}`);
    expect(new URLSearchParams(seen!.body).get('refresh_token')).toBe('rt-0');
    expect(new URLSearchParams(seen!.body).get('grant_type')).toBe('refresh_token');
  });

  it('retries a refresh whose answer was lost with the same refresh token, and keeps the rotated pair', async () => {
    const tried: string[] = [];
    server.use(
      tokenEndpoint((rt) => {
        tried.push(rt);
        // Xero rotated the token but the answer never arrived
        if (tried.length === 1) return HttpResponse.error();
        return HttpResponse.json({ access_token: 'at-new', refresh_token: 'rt-new', expires_in: 1800, token_type: 'Bearer' });
      }),
    );
    const vault = await vaultWith(-1);
    const sleeps: number[] = [];
    expect(await keeper(vault, sleeps).accessToken('org-1')).toBe('at-new');
    expect(tried).toEqual(['rt-0', 'rt-0']);
    expect(sleeps).toHaveLength(1);
    expect(await vault.read('org-1')).toMatchObject({ accessToken: 'at-new', refreshToken: 'rt-new' });
  });

  it('gives up retrying a lost refresh once the grace is over', async () => {
    server.use(tokenEndpoint(() => new HttpResponse('down', { status: 503 })));
    let clock = Date.now();
    const vault = await vaultWith(-1);
    const k = createTokenKeeper({
      vault,
      refresh: (rt) => oauth.refresh(rt),
      now: () => clock,
      skewMs: 0,
      graceMs: 30 * 60_000,
      sleep: async (ms) => {
        clock += ms * 600;
      },
    });
    await expect(k.accessToken('org-1')).rejects.toMatchObject({ kind: 'unavailable' });
    expect(vault.needsReconnect.size).toBe(0);
  });

  it('maps invalid_grant to "needs reconnect" and an auth LedgerError, without storing anything', async () => {
    server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })));
    const vault = await vaultWith(-1);
    const error = await keeper(vault)
      .accessToken('org-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ kind: 'auth' });
    expect(vault.needsReconnect.get('org-1')).toMatch(/invalid_grant/);
    expect((await vault.read('org-1'))?.refreshToken).toBe('rt-0');
  });

  it('refreshes a token the vendor just rejected even if it looks fresh', async () => {
    server.use(tokenEndpoint());
    const vault = await vaultWith(20 * 60_000);
    const token = await keeper(vault).accessToken('org-1', { rejected: 'at-0' });
    expect(token).not.toBe('at-0');
  });

  it('says so when an organisation has no tokens', async () => {
    const vault = await vaultWith(1000, 'other');
    await expect(keeper(vault).accessToken('org-1')).rejects.toMatchObject({ kind: 'auth', message: /connect it first/ });
  });
});
