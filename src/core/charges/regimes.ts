import type { CalendarDate } from '../calendar.ts';
import { type RateTable, basiszins, boe, ecb, frLegal, rateChangeDays, rateOn } from './rates.ts';
import type { RateTimeline } from './interest.ts';
import type { Regime } from './types.ts';

/** A fixed compensation by debt size: the first band whose upper bound (inclusive) fits the unpaid amount. */
export type CompensationBand = { atMostMinor: number | null; feeMinor: number };

export type RateRule = {
  table: RateTable;
  /** Points added to the reference rate. */
  marginPoints: number;
  /** What the table's rate is, for the rate source shown to people. */
  reference: string;
  law: string;
  /** UK: the rate of the half-year in which the debt became late applies for the life of the debt. */
  fixedAtLateness?: boolean;
};

export type StatutoryRegime = {
  code: Exclude<Regime, 'custom'>;
  /** The currency the law's fixed amounts are set in. */
  currency: string;
  business: RateRule;
  /** Null: the law does not cover consumers at all. */
  consumer: RateRule | null;
  compensation: readonly CompensationBand[];
  /** France: a contract rate must be at least `multiple` × the legal rate of the half-year. */
  contractFloor?: { table: RateTable; multiple: number };
};

const flat40: readonly CompensationBand[] = [{ atMostMinor: null, feeMinor: 4000 }];

export const STATUTORY: Record<StatutoryRegime['code'], StatutoryRegime> = {
  FR: {
    code: 'FR',
    currency: 'EUR',
    business: { table: ecb, marginPoints: 10, reference: 'ECB main refinancing rate', law: 'Code de commerce L441-10' },
    consumer: { table: frLegal, marginPoints: 0, reference: 'French legal interest rate', law: 'Code civil 1344-1' },
    compensation: flat40,
    contractFloor: { table: frLegal, multiple: 3 },
  },
  UK: {
    code: 'UK',
    currency: 'GBP',
    business: {
      table: boe,
      marginPoints: 8,
      reference: 'Bank of England base rate',
      fixedAtLateness: true,
      law: 'Late Payment of Commercial Debts (Interest) Act 1998, fixed for the life of the debt',
    },
    consumer: null,
    // s. 5A: £40 where the debt is "less than £1,000", £70 "£1,000 or more, but less than £10,000", £100 "£10,000 or more".
    compensation: [
      { atMostMinor: 99_999, feeMinor: 4000 },
      { atMostMinor: 999_999, feeMinor: 7000 },
      { atMostMinor: null, feeMinor: 10_000 },
    ],
  },
  DE: {
    code: 'DE',
    currency: 'EUR',
    business: { table: basiszins, marginPoints: 9, reference: 'Basiszinssatz', law: 'BGB §288(2)' },
    consumer: { table: basiszins, marginPoints: 5, reference: 'Basiszinssatz', law: 'BGB §288(1)' },
    compensation: flat40,
  },
  IE: {
    code: 'IE',
    currency: 'EUR',
    business: {
      table: ecb,
      marginPoints: 8,
      reference: 'ECB main refinancing rate',
      law: 'Late Payment in Commercial Transactions Regulations 2012',
    },
    consumer: null,
    // The Schedule of S.I. 580/2012: €40 "not exceeding €1,000", €70 "exceeding €1,000 but not exceeding €10,000",
    // €100 "exceeding €10,000". Unlike the UK's "less than", exactly €1,000 is still in the €40 band.
    compensation: [
      { atMostMinor: 100_000, feeMinor: 4000 },
      { atMostMinor: 1_000_000, feeMinor: 7000 },
      { atMostMinor: null, feeMinor: 10_000 },
    ],
  },
  EU: {
    code: 'EU',
    currency: 'EUR',
    business: { table: ecb, marginPoints: 8, reference: 'ECB main refinancing rate', law: 'Directive 2011/7/EU' },
    consumer: null,
    compensation: flat40,
  },
};

export function compensationFor(regime: StatutoryRegime, unpaidMinor: number): number {
  const band = regime.compensation.find((b) => b.atMostMinor === null || unpaidMinor <= b.atMostMinor);
  return band?.feeMinor ?? 0;
}

function describe(rule: RateRule, rate: number, source: string, stale: boolean): string {
  const margin = rule.marginPoints ? ` + ${rule.marginPoints} points` : '';
  const warning = stale ? ' [stale: no row for this period yet, latest known rate used]' : '';
  return `${rule.reference} ${rate.toFixed(2)}%${margin} (${rule.law}); ${source}${warning}`;
}

/** The rate for each day late under `rule`; `lateFrom` is the first day late (it picks the UK's fixed rate). */
export function statutoryTimeline(rule: RateRule, lateFrom: CalendarDate): RateTimeline {
  const at = (day: CalendarDate) => {
    const r = rateOn(rule.table, day);
    return { rate: r.rate.plus(rule.marginPoints), source: describe(rule, r.row.ratePercent, r.row.source, r.stale), stale: r.stale };
  };
  if (rule.fixedAtLateness) {
    const fixed = at(lateFrom);
    return { changes: [], on: () => fixed };
  }
  return { changes: rateChangeDays(rule.table), on: at };
}

const EU_MEMBERS = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'EL',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

/**
 * The regime for an organisation's country and a customer. 'none' where relance knows no law that applies: outside
 * the EU and the UK, and for consumers where the late-payment law covers only business debts (UK, IE, EU directive).
 */
export function regimeFor(countryCode: string, isConsumer: boolean): Regime | 'none' {
  const cc = countryCode.trim().toUpperCase();
  const code = cc === 'GB' ? 'UK' : cc;
  if (code === 'FR' || code === 'DE') return code;
  if (isConsumer) return 'none';
  if (code === 'UK' || code === 'IE') return code;
  return EU_MEMBERS.has(code) ? 'EU' : 'none';
}
