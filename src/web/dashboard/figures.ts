import { AGE_BUCKETS, type CurrencyReceivables } from '../../core/store.ts';

/** What is owed, split: the base currency's figures, and every other currency apart (amounts are never summed across). */
export type OwedByCurrency = {
  /** The base currency's figures (zeros when nothing is owed in it); null when nothing is owed at all and no base is known. */
  base: CurrencyReceivables | null;
  /** True when the ledger named the base currency; false when it is only the currency most is owed in. */
  fromLedger: boolean;
  others: CurrencyReceivables[];
};

const nothingIn = (currency: string): CurrencyReceivables => ({
  currency,
  invoices: 0,
  openMinor: 0,
  overdueMinor: 0,
  buckets: Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as CurrencyReceivables['buckets'],
  promisedMinor: 0,
  disputedMinor: 0,
  billedLast90Minor: 0,
});

/** The ledger's base currency when it gave one, else the currency most is owed in. */
export function owedByCurrency(all: readonly CurrencyReceivables[], ledgerBase: string | null | undefined): OwedByCurrency {
  const byOwed = [...all].sort((a, b) => b.openMinor - a.openMinor || a.currency.localeCompare(b.currency));
  const baseCode = ledgerBase ?? byOwed[0]?.currency ?? null;
  if (!baseCode) return { base: null, fromLedger: false, others: [] };
  return {
    base: all.find((c) => c.currency === baseCode) ?? nothingIn(baseCode),
    fromLedger: !!ledgerBase,
    others: byOwed.filter((c) => c.currency !== baseCode && c.invoices > 0),
  };
}

/**
 * Days sales outstanding over 90 days: open receivables ÷ amount billed over the last 90 days × 90, rounded to a whole
 * day. Null when nothing was billed in those 90 days (the ratio says nothing then).
 */
export function daysSalesOutstanding(r: Pick<CurrencyReceivables, 'openMinor' | 'billedLast90Minor'>): number | null {
  if (r.billedLast90Minor <= 0) return null;
  return Math.round((r.openMinor / r.billedLast90Minor) * 90);
}
