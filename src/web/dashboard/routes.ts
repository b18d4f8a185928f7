import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { localDate } from '../../core/calendar.ts';
import { inPreview } from '../../core/organisation.ts';
import type { CurrencyReceivables } from '../../core/store.ts';
import type { OrgEnv } from '../guards.ts';
import { escapeHtml } from '../html.ts';
import { startPage } from '../start/page.ts';
import { orgKey, ReadCache, versionOf } from '../read-cache.ts';
import { type NeedsReminders, readReminders } from './load.ts';
import { dashboardView, noticeFor } from './model.ts';
import { dashboardPage, NOTICE_MARK, noticeOf } from './views.ts';

export type DashboardOptions = {
  /**
   * How long a rendered dashboard is served again to the organisation's other views (default 5 s; up to four times that
   * it is still served while a new read runs behind). A view following a form (`?done=`) always reads afresh, so the
   * owner sees what they just did.
   */
  freshMs?: number;
  /**
   * How long the reminders behind "needs you" and what is owed are kept (default 30 s): the heaviest reads, and the
   * slowest to change (a sync, a payment); a form of the organisation's forgets them at once.
   */
  remindersFreshMs?: number;
  /** Where the kept reads live: the app's, so a form's success forgets them (app.ts). Default: the dashboard's own. */
  reads?: ReadCache;
};

export const DEFAULT_REMINDERS_FRESH_MS = 30_000;

export const DEFAULT_FRESH_MS = 5_000;

/** Stands for the session's CSRF token in a kept page: each request puts its own in. */
const CSRF_MARK = `csrf-${randomUUID()}`;

/** The organisation's home page: the start page while in preview, the dashboard once sending is on. Behind requireOrg and csrf (app.ts). */
export function dashboardRoutes(options: DashboardOptions = {}): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const reads = options.reads ?? new ReadCache();
  const pages = reads.keep<string>(options.freshMs ?? DEFAULT_FRESH_MS);
  const reminders = reads.keep<NeedsReminders>(options.remindersFreshMs ?? DEFAULT_REMINDERS_FRESH_MS);
  const owed = reads.keep<CurrencyReceivables[]>(options.remindersFreshMs ?? DEFAULT_REMINDERS_FRESH_MS);
  app.get('/orgs/:id', async (c) => {
    const org = c.get('org');
    if (inPreview(org)) return c.html(String(await startPage(c)));
    const done = c.req.query('done') !== undefined;
    // read once for every view arriving together (the store's aggregates, the vault's expiry) and rendered once
    const kept = await pages.get(
      orgKey(org.id, versionOf(org)),
      async () => {
        const { deps } = c.get('ctx');
        const today = localDate(deps.clock.now(), org.timeZone);
        const kept = {
          reminders: () => reminders.get(orgKey(org.id), () => readReminders(deps, org), { refresh: done }),
          receivables: () => owed.get(orgKey(org.id, today), () => deps.store.receivables(org.id, today), { refresh: done }),
        };
        return String(dashboardPage({ ...(await dashboardView(c, kept)), notice: null, csrf: CSRF_MARK }));
      },
      { refresh: done },
    );
    const notice = done ? noticeFor(c) : null;
    return c.html(
      kept.replaceAll(CSRF_MARK, escapeHtml(c.get('session').csrf)).replace(NOTICE_MARK, notice ? String(noticeOf(notice)) : ''),
    );
  });
  return app;
}
