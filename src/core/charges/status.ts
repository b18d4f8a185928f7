import type { CalendarDate } from '../calendar.ts';
import { rateOn } from './rates.ts';
import { STATUTORY } from './regimes.ts';
import type { Regime } from './types.ts';

export type RateStatus = {
  regime: Regime;
  ratePercent: number;
  reference: string;
  law: string;
  from: CalendarDate;
  to: CalendarDate;
  source: string;
  stale: boolean;
};

/**
 * The business rate a statutory regime applies today, with its source, and whether the table has run out (the latest
 * known row is then used, and the owner is told so). Null for custom terms or no regime.
 */
export function rateStatus(regime: Regime | 'none', today: CalendarDate): RateStatus | null {
  if (regime === 'none' || regime === 'custom') return null;
  const rule = STATUTORY[regime].business;
  const { row, stale } = rateOn(rule.table, today);
  return {
    regime,
    ratePercent: Math.round((row.ratePercent + rule.marginPoints) * 100) / 100,
    reference: rule.reference,
    law: rule.law,
    from: row.from,
    to: row.to,
    source: row.source,
    stale,
  };
}
