import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { createXeroSandbox, type XeroSandbox } from './sandbox.ts';
import { SEED_TENANTS } from './seed/tenants.ts';
import { accountingClient } from './testing.ts';

const clock = manualClock('2026-03-15T10:00:00Z');
let sandbox: XeroSandbox;
let token: string;

beforeEach(async () => {
  clock.set('2026-03-15T10:00:00Z');
  sandbox = createXeroSandbox({ now: clock.now });
  token = (await sandbox.control.connect()).access_token;
});

describe('rate limits', () => {
  it('answers the 61st call in a minute with 429, Retry-After and X-Rate-Limit-Problem: minute', async () => {
    const call = accountingClient(sandbox, token, SEED_TENANTS.fr.id);
    for (let i = 0; i < 60; i++) {
      const res = await call('GET', '/Contacts');
      expect(res.status).toBe(200);
      expect(res.headers.get('X-MinLimit-Remaining')).toBe(String(59 - i));
      clock.advance(500);
    }
    const refused = await call('GET', '/Contacts');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('X-Rate-Limit-Problem')).toBe('minute');
    // The first call leaves the window 60 s after it was made: 30 s from now.
    expect(refused.headers.get('Retry-After')).toBe('30');
    expect((await accountingClient(sandbox, token, SEED_TENANTS.uk.id)('GET', '/Contacts')).status).toBe(200);
    clock.advance(30_000);
    expect((await call('GET', '/Contacts')).status).toBe(200);
  });

  it('refuses a sixth concurrent call for one tenant', async () => {
    sandbox.control.setLatency(30);
    const call = accountingClient(sandbox, token, SEED_TENANTS.fr.id);
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('GET', '/Items')));
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.headers.get('X-Rate-Limit-Problem')).toBe('concurrent');
    expect(refused[0]?.headers.get('Retry-After')).toBe('1');
  });

  it('counts the day limit and reports what is left on every answer', async () => {
    sandbox.control.setLimits({ perDay: 3, perMinute: 1000 });
    const call = accountingClient(sandbox, token, SEED_TENANTS.fr.id);
    const remaining = [];
    for (let i = 0; i < 3; i++) remaining.push((await call('GET', '/Accounts')).headers.get('X-DayLimit-Remaining'));
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await call('GET', '/Accounts');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('X-Rate-Limit-Problem')).toBe('day');
    expect(refused.headers.get('X-AppMinLimit-Remaining')).not.toBeNull();
  });

  it('injects faults reproducibly from a seed and counts calls per endpoint', async () => {
    const call = accountingClient(sandbox, token, SEED_TENANTS.fr.id);
    const run = async () => {
      sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 42 });
      sandbox.control.resetLimits();
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await call('GET', '/Invoices')).status);
      return statuses;
    };
    const first = await run();
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(3);
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
    expect(await run()).toEqual(first);
    expect(sandbox.control.calls()['GET /api.xro/2.0/Invoices']).toBe(80);
    sandbox.control.faults(null);
    sandbox.control.failNext(1, 503);
    expect((await call('GET', '/Items')).status).toBe(503);
    expect((await call('GET', '/Items')).status).toBe(200);
  });
});
