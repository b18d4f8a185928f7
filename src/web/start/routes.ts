import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { inPreview } from '../../core/organisation.ts';
import { backToPreview, catchUpReview, startSending } from '../../services/index.ts';
import type { OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import { readChoices } from './choices.ts';
import { firstSyncDone, startPage } from './page.ts';
import { startWords } from './words.ts';

export type StartOptions = {
  /** How often the progress stream reads the store. */
  pollMs?: number;
  /** How long one progress stream stays open at most (the browser's EventSource reconnects after). */
  maxStreamMs?: number;
};

export const DEFAULT_POLL_MS = 500;
export const DEFAULT_MAX_STREAM_MS = 5 * 60_000;

/** Start safely: the first sync's progress, the catch-up review, and the switch that turns sending on. Mounted behind requireOrg and csrf (app.ts). */
export function startRoutes(options: StartOptions = {}): Hono<OrgEnv> {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const maxStreamMs = options.maxStreamMs ?? DEFAULT_MAX_STREAM_MS;
  const app = new Hono<OrgEnv>();

  /**
   * The running sync's progress as server-sent events: `progress` {entity, pages, records} as it moves, `waiting`
   * before any sync started, then `done` {lastSyncAt} once no sync runs and one has finished. Reads the store's
   * SyncState (what the sync records per page), never the ledger.
   */
  app.get('/orgs/:id/sync/progress', (c) => {
    const { deps } = c.get('ctx');
    const orgId = c.get('org').id;
    return streamSSE(c, async (stream) => {
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      const until = Date.now() + maxStreamMs;
      let last = '';
      let id = 0;
      while (open && Date.now() < until) {
        const sync = await deps.store.getSyncState(orgId);
        if (firstSyncDone(sync)) {
          await stream.writeSSE({ event: 'done', data: JSON.stringify({ lastSyncAt: sync.lastSyncAt }), id: String(++id) });
          return;
        }
        const r = sync.running;
        const [event, data] = r
          ? ['progress', JSON.stringify({ entity: r.entity, pages: r.pages, records: r.records })]
          : ['waiting', JSON.stringify({})];
        if (`${event}${data}` !== last) {
          await stream.writeSSE({ event, data, id: String(++id), retry: 2000 });
          last = `${event}${data}`;
        }
        await stream.sleep(pollMs);
      }
    });
  });

  app.post('/orgs/:id/start', async (c) => {
    const { deps } = c.get('ctx');
    const org = c.get('org');
    const w = startWords(org.locale);
    if (!inPreview(org)) return c.redirect(`/orgs/${org.id}`, 303);
    const body = await c.req.parseBody();
    // the review as it stands now: the choices are read against it, unlisted invoices take their default
    const review = await catchUpReview(deps, org);
    const read = readChoices(body, review, w);
    if (!read.ok) return c.html(String(await startPage(c, { picked: read.picked, errors: read.errors, problem: null }, review)), 400);
    const started = await startSending(deps, org, { gentle: read.gentle, leaveOut: read.leaveOut });
    if (!started.ok) {
      const errors = started.field ? { [started.field]: started.error } : {};
      return c.html(String(await startPage(c, { picked: new Map(), errors, problem: started.error }, review)), started.status);
    }
    return c.redirect(`/orgs/${org.id}?done=started`, 303);
  });

  app.post('/orgs/:id/preview', async (c) => {
    const org = c.get('org');
    const back = await backToPreview(c.get('ctx').deps, org);
    if (back.ok) return c.redirect(`/orgs/${org.id}?done=preview`, 303);
    return c.html(String(errorPage(startWords(org.locale).title, back.error)), back.status);
  });

  return app;
}
