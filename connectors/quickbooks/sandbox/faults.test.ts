import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../../src/core/calendar.ts';
import { manualClock } from './clock.ts';
import { createQuickBooksSandbox } from './sandbox.ts';
import { seedQuickBooks } from './seed/seed.ts';
import { accountingClient, connect, tokenRequest } from './testing.ts';

function fresh() {
  const clock = manualClock('2026-03-15T18:00:00Z');
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 1, today: calendarDate('2026-03-15'), now: clock.now() }),
  });
  return { clock, sandbox };
}

describe('QuickBooks sandbox faults', () => {
  it('answers a seeded share of calls 429 ThrottlingFault or 503 SystemFault, the same share for the same seed', async () => {
    const { sandbox } = fresh();
    const session = await connect(sandbox);
    const api = accountingClient(sandbox, session.accessToken, session.realmId);
    const run = async () => {
      sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 42 });
      const answers = [];
      for (let i = 0; i < 40; i++) answers.push(await api('GET', 'preferences'));
      return answers;
    };
    const first = await run();
    const statuses = first.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200).length).toBeGreaterThan(3);
    expect(new Set(statuses)).toEqual(new Set([200, 429, 503]));
    expect((await run()).map((a) => a.status)).toEqual(statuses);
    const throttled = first.find((a) => a.status === 429)!;
    expect(throttled.json.Fault).toMatchObject({ type: 'ThrottlingFault', Error: [{ code: '3001' }] });
    const unavailable = first.find((a) => a.status === 503)!;
    expect(unavailable.json.Fault).toMatchObject({ type: 'SystemFault', Error: [{ code: '10000' }] });
    expect(unavailable.json.time).toMatch(/^2026-03-15T11:00:00\.000-07:00$/);

    sandbox.control.faults(null);
    sandbox.control.failNext(2, 503);
    expect((await api('GET', 'preferences')).status).toBe(503);
    expect((await api('GET', 'preferences')).status).toBe(503);
    expect((await api('GET', 'preferences')).status).toBe(200);
  });

  it('does not inject a fault before the token is checked', async () => {
    const { sandbox } = fresh();
    const session = await connect(sandbox);
    sandbox.control.failNext(1, 429);
    expect((await accountingClient(sandbox, 'not-a-token', session.realmId)('GET', 'preferences')).status).toBe(401);
    expect((await accountingClient(sandbox, session.accessToken, session.realmId)('GET', 'preferences')).status).toBe(429);
  });

  it('kills the access token mid-sync: 401 until the client refreshes, then on with the new one', async () => {
    const { sandbox } = fresh();
    const session = await connect(sandbox);
    const api = accountingClient(sandbox, session.accessToken, session.realmId);
    expect((await api('GET', 'query?query=select * from Invoice STARTPOSITION 1 MAXRESULTS 5')).status).toBe(200);
    expect(sandbox.control.killAccessTokens(session.realmId)).toBe(1);
    const dead = await api('GET', 'query?query=select * from Invoice STARTPOSITION 6 MAXRESULTS 5');
    expect(dead.status).toBe(401);
    expect(dead.json.fault.error[0].code).toBe('3200');
    const refreshed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const again = accountingClient(sandbox, refreshed.json.access_token, session.realmId);
    expect((await again('GET', 'query?query=select * from Invoice STARTPOSITION 6 MAXRESULTS 5')).status).toBe(200);
    expect(sandbox.control.killAccessTokens('999')).toBe(0);
  });

  it('kills the token after n calls, so a sync dies in the middle', async () => {
    const { sandbox } = fresh();
    const session = await connect(sandbox);
    const api = accountingClient(sandbox, session.accessToken, session.realmId);
    sandbox.control.killTokenAfter(2);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api('GET', 'preferences')).status);
    expect(statuses).toEqual([200, 200, 401, 401]);
    const refreshed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    expect((await accountingClient(sandbox, refreshed.json.access_token, session.realmId)('GET', 'preferences')).status).toBe(200);
  });
});
