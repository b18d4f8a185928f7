import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../../src/core/calendar.ts';
import { manualClock } from './clock.ts';
import { createLimiter } from './limits.ts';
import { createQuickBooksSandbox } from './sandbox.ts';
import { seedQuickBooks } from './seed/seed.ts';
import { accountingClient, connect } from './testing.ts';

describe('QuickBooks limits', () => {
  it('admits 500 calls a minute per realm, then refuses until the window moves', () => {
    const clock = manualClock('2026-03-15T18:00:00Z');
    const limiter = createLimiter(
      () => ({ perMinute: 500, concurrent: 10 }),
      () => clock.now().getTime(),
    );
    for (let i = 0; i < 500; i++) {
      const a = limiter.admit('1');
      expect(a.ok).toBe(true);
      if (a.ok) a.release();
    }
    expect(limiter.admit('1')).toMatchObject({ ok: false, problem: 'minute', retryAfterSeconds: 60 });
    expect(limiter.admit('2').ok).toBe(true);
    clock.advance(60_000);
    expect(limiter.admit('1').ok).toBe(true);
  });

  it('admits 10 in flight per realm', () => {
    const limiter = createLimiter(
      () => ({ perMinute: 500, concurrent: 10 }),
      () => 0,
    );
    const held = Array.from({ length: 10 }, () => limiter.admit('1'));
    expect(held.every((a) => a.ok)).toBe(true);
    expect(limiter.admit('1')).toMatchObject({ ok: false, problem: 'concurrent' });
    if (held[0]!.ok) held[0]!.release();
    expect(limiter.admit('1').ok).toBe(true);
  });

  it('answers 429 with a ThrottlingFault over HTTP', async () => {
    const clock = manualClock('2026-03-15T18:00:00Z');
    const sandbox = createQuickBooksSandbox({
      now: clock.now,
      limits: { perMinute: 3 },
      state: seedQuickBooks({ seed: 1, today: calendarDate('2026-03-15'), now: clock.now() }),
    });
    const session = await connect(sandbox);
    const api = accountingClient(sandbox, session.accessToken, session.realmId);
    for (let i = 0; i < 3; i++) expect((await api('GET', 'preferences')).status).toBe(200);
    const r = await api('GET', 'preferences');
    expect(r.status).toBe(429);
    expect(r.json.Fault).toMatchObject({ type: 'ThrottlingFault', Error: [{ code: '3001' }] });
  });
});
