/**
 * QuickBooks writes timestamps with the Pacific offset of the moment (`2026-11-30T08:15:00-08:00`) and the envelope's
 * `time` with milliseconds. Guessed from Intuit's published examples: every company answers in Pacific time whatever
 * its own zone.
 */
const ZONE = 'America/Los_Angeles';

function offsetMinutes(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(new Date(ms));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

export function qbTime(ms: number, withMillis = false): string {
  const off = offsetMinutes(ms);
  const local = new Date(ms + off * 60_000).toISOString();
  const body = withMillis ? local.slice(0, 23) : local.slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Money as QuickBooks serves it: a number with at most two decimals. */
export const money = (x: number): number => Math.round(x * 100) / 100;
