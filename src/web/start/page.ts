import type { Context } from 'hono';
import type { CatchUpReview } from '../../services/index.ts';
import { catchUpReview } from '../../services/index.ts';
import { dashboardView } from '../dashboard/model.ts';
import type { OrgEnv } from '../guards.ts';
import type { Html } from '../html.ts';
import { firstSyncDone } from './sync-state.ts';
import { type StartForm, startPageView } from './views.ts';

export { firstSyncDone };

/**
 * The start page of an organisation in preview. The catch-up review is the engine's dry run: it runs here only, while
 * in preview and once the first sync is done (the dashboard itself never plans).
 */
export async function startPage(c: Context<OrgEnv>, form: StartForm | null = null, review?: CatchUpReview | null): Promise<Html> {
  const dashboard = await dashboardView(c);
  const shown =
    review !== undefined ? review : firstSyncDone(dashboard.data.sync) ? await catchUpReview(c.get('ctx').deps, c.get('org')) : null;
  return startPageView({ dashboard, review: shown, form });
}
