import { type Context, Hono } from 'hono';
import { isCalendarDate, localDate } from '../../core/calendar.ts';
import { recordCallOutcome, tasksDue } from '../../services/index.ts';
import { type FormState, formValues } from '../customers/fields.ts';
import { day } from '../customers/list.ts';
import type { OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import { readOutcome, refusalErrors } from './form.ts';
import { tasksPage } from './views.ts';
import { taskWords } from './words.ts';

/** What the page says after a saved outcome (`?done=`); own entries only. */
function doneNotice(c: Context<OrgEnv>): string | null {
  const locale = c.get('org').locale;
  const w = taskWords(locale);
  const on = c.req.query('on');
  switch (c.req.query('done')) {
    case 'promise':
      return w.savedPromise;
    case 'dispute':
      return w.savedDispute;
    case 'no-answer':
      return on && isCalendarDate(on) ? w.savedNoAnswer(day(on, locale)) : null;
    case 'wrong-number':
      return w.savedWrongNumber;
    case 'done':
      return w.savedDone;
    case 'posted':
      return w.savedPosted;
    default:
      return null;
  }
}

async function render(
  c: Context<OrgEnv>,
  status: 200 | 400 | 409,
  options: { form?: FormState | null; notice?: { text: string; bad?: boolean } | null } = {},
) {
  const { deps } = c.get('ctx');
  const org = c.get('org');
  const today = localDate(deps.clock.now(), org.timeZone);
  const list = await tasksDue(deps, org, today);
  const notice = options.notice === undefined ? (doneNotice(c) ? { text: doneNotice(c)! } : null) : options.notice;
  return c.html(String(tasksPage({ org, csrf: c.get('session').csrf, today, list, notice, form: options.form ?? null })), status);
}

/** Tasks: the calls to make today and the letters and approvals waiting. Mounted behind requireOrg and csrf (app.ts). */
export function taskRoutes(): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();

  app.get('/orgs/:id/tasks', (c) => render(c, 200));

  app.post('/orgs/:id/tasks/:reminderId/outcome', async (c) => {
    const { deps } = c.get('ctx');
    const org = c.get('org');
    const reminderId = c.req.param('reminderId');
    const values = formValues(await c.req.parseBody());
    const read = readOutcome(values, org.locale);
    if (!read.ok) return render(c, 400, { form: { form: reminderId, values, errors: read.errors }, notice: null });
    const done = await recordCallOutcome(deps, org, reminderId, read.outcome);
    if (!done.ok) {
      const w = taskWords(org.locale);
      if (done.status === 404) return c.html(String(errorPage(w.title, w.notFound)), 404);
      if (done.status === 409) return render(c, 409, { notice: { text: w.errGone, bad: true } });
      return render(c, 400, { form: { form: reminderId, values, errors: refusalErrors(done, org.locale) }, notice: null });
    }
    const kind = read.outcome.kind;
    const [task] = await deps.store.getReminders(org.id, [reminderId]);
    const query =
      kind === 'no-answer'
        ? `done=no-answer&on=${task?.taskDueOn ?? ''}`
        : `done=${kind === 'done' && task?.channel === 'letter' ? 'posted' : kind}`;
    return c.redirect(`/orgs/${org.id}/tasks?${query}`, 303);
  });

  return app;
}
