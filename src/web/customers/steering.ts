import type { Context, Hono } from 'hono';
import { type CalendarDate, isCalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import type { SteerOutcome } from '../../services/steer.ts';
import type { OrgEnv } from '../guards.ts';
import { errorPage } from '../layout.ts';
import { type FormState, formValues } from './fields.ts';

/** A form read: the service call to make, or the errors to put beside the fields (nothing is called, nothing saved). */
export type Parsed =
  | { ok: true; run: (deps: ServiceDeps, org: Organisation, id: string) => Promise<SteerOutcome> }
  | { ok: false; errors: Record<string, string> };

export type SteerAction = {
  /** The form's name on the page (which form the errors belong to). */
  form: string;
  /** The path's last segment: POST <base>/<segment>. */
  segment: string;
  /** The notice key the page shows after the redirect. */
  done: string;
  /** The form's fields, each known to the service by the same name unless said here (service field → form field). */
  fields: readonly string[];
  rename?: Record<string, string>;
  parse: (values: Record<string, string>, org: Organisation) => Parsed;
};

/** `''` → null (until resumed); a real calendar date → it; anything else: the error to show. */
export function optionalDate(
  text: string | undefined,
  error: string,
): { ok: true; date: CalendarDate | null } | { ok: false; error: string } {
  const value = (text ?? '').trim();
  if (value === '') return { ok: true, date: null };
  return isCalendarDate(value) ? { ok: true, date: value } : { ok: false, error };
}

/**
 * One steering POST: read the form (400 with the errors beside the fields), call the service, then 303 back with a
 * notice, or the page again with the service's refusal beside its field (404 for an id this organisation does not have).
 */
export function steerRoute(
  app: Hono<OrgEnv>,
  base: string,
  idParam: string,
  action: SteerAction,
  render: (c: Context<OrgEnv>, status: 400 | 409, form: FormState) => Promise<Response>,
  notFound: (org: Organisation) => string,
): void {
  app.post(`${base}/${action.segment}`, async (c) => {
    const org = c.get('org');
    const id = c.req.param(idParam) ?? '';
    const values = formValues(await c.req.parseBody());
    const parsed = action.parse(values, org);
    if (!parsed.ok) return render(c, 400, { form: action.form, values, errors: parsed.errors });
    const outcome = await parsed.run(c.get('ctx').deps, org, id);
    if (outcome.ok) return c.redirect(`${c.req.path.slice(0, -(action.segment.length + 1))}?done=${action.done}`, 303);
    if (outcome.status === 404) return c.html(String(errorPage('Not found', notFound(org))), 404);
    const named = outcome.field ? (action.rename?.[outcome.field] ?? outcome.field) : null;
    const key = named && action.fields.includes(named) ? named : '_form';
    return render(c, outcome.status, { form: action.form, values, errors: { [key]: outcome.error } });
  });
}

/** Pause (until a date, or until resumed) and resume: the same two forms for a customer and for an invoice. */
export function pauseActions(
  pause: (deps: ServiceDeps, org: Organisation, id: string, until: CalendarDate | null) => Promise<SteerOutcome>,
  resume: (deps: ServiceDeps, org: Organisation, id: string) => Promise<SteerOutcome>,
  badDate: (locale: string) => string,
): SteerAction[] {
  return [
    {
      form: 'pause',
      segment: 'pause',
      done: 'paused',
      fields: ['until'],
      parse: (v, org): Parsed => {
        const until = optionalDate(v.until, badDate(org.locale));
        if (!until.ok) return { ok: false, errors: { until: until.error } };
        return { ok: true, run: (deps, o, id) => pause(deps, o, id, until.date) };
      },
    },
    { form: 'pause', segment: 'resume', done: 'resumed', fields: [], parse: () => ({ ok: true, run: resume }) },
  ];
}
