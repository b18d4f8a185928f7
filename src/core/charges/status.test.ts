import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../calendar.ts';
import { rateStatus } from './status.ts';

describe('rateStatus', () => {
  it('gives the rate in force with its source, and says when the table has run out', () => {
    expect(rateStatus('FR', '2025-03-31' as CalendarDate)).toMatchObject({ ratePercent: 13.15, stale: false, from: '2025-01-01' });
    expect(rateStatus('UK', '2025-09-01' as CalendarDate)).toMatchObject({ ratePercent: 12.25, stale: false });
    const later = rateStatus('DE', '2027-03-01' as CalendarDate)!;
    expect(later).toMatchObject({ ratePercent: 10.27, stale: true, to: '2026-06-30' });
    expect(later.source.length).toBeGreaterThan(10);
    expect(rateStatus('custom', '2026-01-01' as CalendarDate)).toBeNull();
    expect(rateStatus('none', '2026-01-01' as CalendarDate)).toBeNull();
  });
});
