import { calendarDate } from '../../../src/core/calendar.ts';
import { manualClock } from './clock.ts';
import { approveConsent } from './consent.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT, type QuickBooksSandbox } from './sandbox.ts';
import { seedQuickBooks } from './seed/seed.ts';
import { quickbooksUrls } from './urls.ts';

const urls = quickbooksUrls();

export type Answer = { status: number; headers: Headers; json: any; text: string };

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A thin caller for tests: Accounting API requests straight into the app, for one company with one token. */
export function accountingClient(sandbox: QuickBooksSandbox, accessToken: string, realmId: string) {
  return async (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const res = await sandbox.app.fetch(
      new Request(`${urls.api}/${realmId}/${path.replace(/^\//, '')}`, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      }),
    );
    return read(res);
  };
}

/** POST to the token endpoint with the default client's Basic credentials. */
export async function tokenRequest(
  sandbox: QuickBooksSandbox,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const basic = Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64');
  const res = await sandbox.app.fetch(
    new Request(urls.token, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...headers,
      },
      body: new URLSearchParams(form),
    }),
  );
  return read(res);
}

/** The whole code flow in-process (consent approved, PKCE S256): the tokens and the company the user picked. */
export async function connect(
  sandbox: QuickBooksSandbox,
  realmId?: string,
): Promise<{ accessToken: string; refreshToken: string; realmId: string }> {
  const verifier = 'relance-test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const challenge = Buffer.from(digest).toString('base64url');
  const redirectUri = 'https://relance.example/connect/quickbooks/callback';
  const authorize = new URL(urls.authorize);
  for (const [k, v] of Object.entries({
    client_id: DEFAULT_CLIENT.clientId,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    redirect_uri: redirectUri,
    state: 'st4te',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(k, v);
  const back = new URL(await approveConsent(authorize.toString(), (r) => Promise.resolve(sandbox.app.fetch(r)), realmId));
  const answer = await tokenRequest(sandbox, {
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  if (answer.status !== 200) throw new Error(`token exchange failed: ${answer.text}`);
  return {
    accessToken: answer.json.access_token,
    refreshToken: answer.json.refresh_token,
    realmId: back.searchParams.get('realmId') ?? '',
  };
}

/** A seeded sandbox on a movable clock, one company connected: what most accounting tests start from. */
export async function connectedSandbox(options: { at?: string; seed?: number } = {}) {
  const at = options.at ?? '2026-03-15T18:00:00Z';
  const clock = manualClock(at);
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: options.seed ?? 5, today: calendarDate(at.slice(0, 10)), now: clock.now() }),
  });
  const session = await connect(sandbox);
  return { clock, sandbox, realmId: session.realmId, api: accountingClient(sandbox, session.accessToken, session.realmId) };
}
