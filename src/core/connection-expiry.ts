import { type CalendarDate, daysBetween, localDate } from './calendar.ts';
import { formatDay } from './schedule/index.ts';

/**
 * When a ledger connection stops working unless the owner reconnects: the refresh token's hard expiry
 * (TokenSet.refreshExpiresAt, when the ledger gives one). Shown on the overview page and by `relance status`
 * a month ahead, more loudly in the last week and once it has passed.
 */

/** Days ahead the owner is first told. */
export const EXPIRY_NOTICE_DAYS = 30;
/** Days ahead the notice turns urgent. */
export const EXPIRY_URGENT_DAYS = 7;

export type ConnectionExpiry = {
  /** `soon`: within 30 days; `urgent`: within 7; `expired`: the instant has passed. */
  level: 'soon' | 'urgent' | 'expired';
  /** The day it expires on the organisation's wall clock. */
  on: CalendarDate;
  /** Calendar days from today to that day, in the organisation's zone (0: today; negative once passed). */
  daysLeft: number;
};

/** Null when the ledger gave no expiry, it cannot be read, or it is further away than 30 days. */
export function connectionExpiry(refreshExpiresAt: string | null | undefined, now: Date, timeZone: string): ConnectionExpiry | null {
  if (!refreshExpiresAt) return null;
  const at = Date.parse(refreshExpiresAt);
  if (Number.isNaN(at)) return null;
  const on = localDate(new Date(at), timeZone);
  const daysLeft = daysBetween(localDate(now, timeZone), on);
  if (at <= now.getTime()) return { level: 'expired', on, daysLeft };
  if (daysLeft > EXPIRY_NOTICE_DAYS) return null;
  return { level: daysLeft <= EXPIRY_URGENT_DAYS ? 'urgent' : 'soon', on, daysLeft };
}

/**
 * "Your <ledger> connection expires on 23 Apr 2026. Reconnect before then to keep reminders going." The pages are
 * in English, so the date is written day, month in letters, year: no reader can swap day and month.
 */
export function expirySentence(expiry: ConnectionExpiry, ledgerName: string): string {
  const day = formatDay(expiry.on, 'en');
  if (expiry.level === 'expired')
    return `Your ${ledgerName} connection expired on ${day}. Reconnect now: until then relance cannot read your ledger or send reminders.`;
  const when = expiry.daysLeft === 0 ? 'today' : expiry.daysLeft === 1 ? 'tomorrow' : `in ${expiry.daysLeft} days`;
  return `Your ${ledgerName} connection expires on ${day} (${when}). Reconnect before then to keep reminders going.`;
}
