import type { Context } from 'hono';
import { connectionExpiry } from '../../core/connection-expiry.ts';
import { vendorName } from '../connect/views.ts';
import { ownEntry, type OrgEnv } from '../guards.ts';
import { type LoadOptions, loadDashboard } from './load.ts';
import type { DashboardView } from './views.ts';
import { type DashboardWords, dashboardWords } from './words.ts';

/** The `?done=` notices the dashboard knows (what a form just did); anything else is ignored. */
const NOTICES = {
  approved: 'notice_approved',
  'approved-letter': 'notice_approved-letter',
  'approved-call': 'notice_approved-call',
  'approve-gone': 'notice_approve-gone',
  started: 'notice_started',
  preview: 'notice_preview',
} as const satisfies Record<string, keyof DashboardWords>;

/** The stored refresh-token expiry; a vault that cannot be read leaves the page up, without the notice, and logs why. */
async function expiryOf(c: Context<OrgEnv>): Promise<string | null> {
  const { connectionExpiry: read, deps } = c.get('ctx');
  const org = c.get('org');
  if (!read) return null;
  try {
    return await read(org.id);
  } catch (error) {
    deps.log.warn({ orgId: org.id, err: (error as Error).message }, 'could not read when the ledger connection expires');
    return null;
  }
}

/** What the form that led here did (`?done=`), in the page's language; null when it says nothing known. */
export function noticeFor(c: Context<OrgEnv>): string | null {
  // own entries only: ?done=constructor must not print Object's function
  const key = ownEntry<string>(NOTICES, c.req.query('done')) as keyof DashboardWords | undefined;
  return key ? String(dashboardWords(c.get('org').locale)[key]) : null;
}

/** Everything the dashboard shows, read from the store (never a plan). */
export async function dashboardView(c: Context<OrgEnv>, options: LoadOptions = {}): Promise<DashboardView> {
  const { deps, connectors } = c.get('ctx');
  const org = c.get('org');
  const [data, expiresAt] = await Promise.all([loadDashboard(deps, org, options), expiryOf(c)]);
  return {
    org,
    ledgerName: vendorName(org.vendor, connectors),
    csrf: c.get('session').csrf,
    notice: noticeFor(c),
    expiry: connectionExpiry(expiresAt, deps.clock.now(), org.timeZone),
    data,
  };
}
