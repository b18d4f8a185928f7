import type { Purged, RetentionCutoffs, Store } from '../core/store.ts';

const DAY_MS = 86_400_000;

/**
 * How long each growing table keeps its rows, in days. Receipts: vendors redeliver a webhook for a day or two, a
 * week covers it with room to spare. OAuth states: a consent takes minutes. Organisation events: the
 * overview shows the recent syncs; three months answer "what happened last quarter". Closed invoices: two years
 * after the ledger last changed them, their reminders, history and answers go (disputes and a year-end audit are
 * over by then); the ledger keeps the invoices themselves.
 */
export const RETENTION_DAYS = { receipts: 7, oauthStates: 1, orgEvents: 90, closedInvoices: 730 } as const;

export function retentionCutoffs(now: Date, days: Record<keyof RetentionCutoffs, number> = RETENTION_DAYS): RetentionCutoffs {
  const before = (d: number) => new Date(now.getTime() - d * DAY_MS).toISOString();
  return {
    receipts: before(days.receipts),
    oauthStates: before(days.oauthStates),
    orgEvents: before(days.orgEvents),
    closedInvoices: before(days.closedInvoices),
  };
}

export type MaintenanceReport = Purged & { receiptsPurged: number };

/** The worker's housekeeping: every table that would otherwise only grow. Returns what it removed, for the log. */
export async function maintain(store: Pick<Store, 'purgeExpired'>, now: Date): Promise<MaintenanceReport> {
  const purged = await store.purgeExpired(retentionCutoffs(now));
  return { ...purged, receiptsPurged: purged.receipts };
}

/** True when the maintenance removed anything worth a log line. */
export const removedAny = (report: Purged): boolean => Object.values(report).some((n) => n > 0);
