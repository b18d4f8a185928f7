import { Hono, type Context } from 'hono';
import { addDays, isCalendarDate, localDate, type CalendarDate } from '../../core/calendar.ts';
import type { Organisation } from '../../core/organisation.ts';
import { recordCustomerAnswer, verifyAnswerToken, type AnswerClaims, type AnswerKind } from '../../services/index.ts';
import type { WebEnv } from '../context.ts';
import { hmacSign, hmacVerify } from '../crypto.ts';
import { answerFormPage, expiredPage, formGonePage, tamperedPage, textFor, thanksPage, type AnswerText } from './views.ts';

const KINDS: readonly AnswerKind[] = ['promise', 'paid', 'dispute'];
/** A promise further out is a payment plan: the owner's call, not a link's. */
export const MAX_PROMISE_DAYS = 90;

type Opened = { ok: true; org: Organisation; claims: AnswerClaims } | { ok: false; response: Response };

/** The token names the organisation and invoices; nothing the customer types can widen it. */
async function openToken(c: Context<WebEnv>, token: string): Promise<Opened> {
  const { deps } = c.get('ctx');
  const check = verifyAnswerToken(token, deps.linkSecret, deps.clock.now());
  if (!check.ok && check.reason === 'tampered') return { ok: false, response: c.html(String(tamperedPage()), 400) };
  const org = check.claims ? await deps.store.getOrganisation(check.claims.orgId) : null;
  if (!check.ok) return { ok: false, response: c.html(String(expiredPage(org, textFor(org?.locale))), 410) };
  if (!org) return { ok: false, response: c.html(String(tamperedPage()), 400) };
  return { ok: true, org, claims: check.claims };
}

/** No session for customers: the form carries a MAC of (kind, token), so only a page this app served can post it. */
const formMacOf = (secret: string, kind: AnswerKind, token: string) => hmacSign(secret, `answer-form|${kind}|${token}`);

function promiseRange(c: Context<WebEnv>, org: Organisation): { min: CalendarDate; max: CalendarDate } {
  const today = localDate(c.get('ctx').deps.clock.now(), org.timeZone);
  return { min: today, max: addDays(today, MAX_PROMISE_DAYS) };
}

type Input = Parameters<typeof recordCustomerAnswer>[3];

function readInput(
  kind: AnswerKind,
  body: Record<string, string>,
  range: { min: CalendarDate; max: CalendarDate },
  t: AnswerText,
): { ok: true; input: Input } | { ok: false; error: string } {
  if (kind === 'promise') {
    const date = (body.promisedDate ?? '').trim();
    if (!isCalendarDate(date)) return { ok: false, error: t.badDate };
    if (date < range.min) return { ok: false, error: t.pastDate };
    if (date > range.max) return { ok: false, error: t.farDate };
    return { ok: true, input: { kind, promisedDate: date } };
  }
  if (kind === 'paid') return { ok: true, input: { kind, reference: (body.reference ?? '').trim().slice(0, 200) || null } };
  const reason = (body.reason ?? '').trim().slice(0, 2000);
  return reason ? { ok: true, input: { kind, reason } } : { ok: false, error: t.noReason };
}

export function answerRoutes(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.use('/answer/:kind', async (c, next) => {
    if (!KINDS.includes(c.req.param('kind') as AnswerKind)) return c.html(String(tamperedPage()), 404);
    return next();
  });

  app.get('/answer/:kind', async (c) => {
    const kind = c.req.param('kind') as AnswerKind;
    const token = c.req.query('t') ?? '';
    const opened = await openToken(c, token);
    if (!opened.ok) return opened.response;
    const { org, claims } = opened;
    const invoices = await c.get('ctx').deps.store.invoicesById(org.id, claims.invoiceIds);
    return c.html(
      String(
        answerFormPage({
          kind,
          org,
          invoices,
          token,
          formMac: await formMacOf(c.get('ctx').cookieSecret, kind, token),
          range: promiseRange(c, org),
          values: {},
          error: null,
        }),
      ),
    );
  });

  app.post('/answer/:kind', async (c) => {
    const kind = c.req.param('kind') as AnswerKind;
    const form = await c.req.parseBody();
    const body = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const token = body.t ?? '';
    const opened = await openToken(c, token);
    if (!opened.ok) return opened.response;
    const { org, claims } = opened;
    const { deps, cookieSecret } = c.get('ctx');
    const t = textFor(org.locale);
    if (!(await hmacVerify(cookieSecret, `answer-form|${kind}|${token}`, body._form ?? ''))) return c.html(String(formGonePage(t)), 403);

    const range = promiseRange(c, org);
    const read = readInput(kind, body, range, t);
    if (!read.ok) {
      const invoices = await deps.store.invoicesById(org.id, claims.invoiceIds);
      return c.html(
        String(
          answerFormPage({
            kind,
            org,
            invoices,
            token,
            formMac: body._form ?? '',
            range,
            error: read.error,
            values: { promisedDate: body.promisedDate, reference: body.reference, reason: body.reason },
          }),
        ),
        400,
      );
    }
    await recordCustomerAnswer(deps, org.id, claims.invoiceIds, read.input, 'customer');
    return c.html(String(thanksPage(org)));
  });

  return app;
}
