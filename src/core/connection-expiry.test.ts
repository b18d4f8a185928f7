import { describe, expect, it } from 'vitest';
import { connectionExpiry, expirySentence } from './connection-expiry.ts';

// Wednesday 4 March 2026, 10:00 in Paris
const NOW = new Date('2026-03-04T09:00:00Z');
const at = (iso: string) => connectionExpiry(iso, NOW, 'Europe/Paris');

describe('when a connection’s hard expiry is worth telling the owner', () => {
  it('from 30 days ahead (counted in the organisation’s days), urgent from 7, and once past', () => {
    expect(at('2026-04-04T09:00:00Z')).toBeNull();
    expect(at('2026-04-03T20:00:00Z')).toEqual({ level: 'soon', on: '2026-04-03', daysLeft: 30 });
    expect(at('2026-03-12T09:00:00Z')).toEqual({ level: 'soon', on: '2026-03-12', daysLeft: 8 });
    // 23:30 UTC on the 11th is already the 12th in Paris: eight days away there
    expect(at('2026-03-11T23:30:00Z')).toEqual({ level: 'soon', on: '2026-03-12', daysLeft: 8 });
    expect(at('2026-03-11T09:00:00Z')).toEqual({ level: 'urgent', on: '2026-03-11', daysLeft: 7 });
    expect(at('2026-03-04T18:00:00Z')).toEqual({ level: 'urgent', on: '2026-03-04', daysLeft: 0 });
    expect(at('2026-03-04T09:00:00Z')).toEqual({ level: 'expired', on: '2026-03-04', daysLeft: 0 });
    expect(at('2025-12-01T09:00:00Z')).toEqual({ level: 'expired', on: '2025-12-01', daysLeft: -93 });
  });

  it('says nothing without an expiry, or with one it cannot read', () => {
    expect(connectionExpiry(null, NOW, 'Europe/Paris')).toBeNull();
    expect(connectionExpiry(undefined, NOW, 'Europe/Paris')).toBeNull();
    expect(at('next spring')).toBeNull();
  });

  it('writes the day so that day and month cannot be swapped', () => {
    expect(expirySentence({ level: 'soon', on: '2026-04-03' as never, daysLeft: 30 }, 'Ledger')).toBe(
      'Your Ledger connection expires on 3 Apr 2026 (in 30 days). Reconnect before then to keep reminders going.',
    );
    expect(expirySentence({ level: 'urgent', on: '2026-03-04' as never, daysLeft: 0 }, 'Ledger')).toContain('on 4 Mar 2026 (today)');
    expect(expirySentence({ level: 'expired', on: '2026-03-01' as never, daysLeft: -3 }, 'Ledger')).toBe(
      'Your Ledger connection expired on 1 Mar 2026. Reconnect now: until then relance cannot read your ledger or send reminders.',
    );
  });
});
