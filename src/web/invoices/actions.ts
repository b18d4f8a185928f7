import type { Hono } from 'hono';
import { isCalendarDate } from '../../core/calendar.ts';
import { pauseInvoice, recordOwnerAnswer, resumeInvoice, sendNextStepNow, settleDispute, skipNextStep } from '../../services/steer.ts';
import type { OrgEnv } from '../guards.ts';
import { optionalDate, type Parsed, pauseActions, type SteerAction, steerRoute } from '../customers/steering.ts';
import { renderInvoice } from './page.ts';
import { invoiceWords } from './words.ts';

const MAX_TEXT = 500;

function parseAnswer(v: Record<string, string>, locale: string): Parsed {
  const w = invoiceWords(locale);
  const kind = v.kind;
  if (kind === 'promise') {
    const date = (v.promisedDate ?? '').trim();
    if (!date) return { ok: false, errors: { promisedDate: w.needDate } };
    if (!isCalendarDate(date)) return { ok: false, errors: { promisedDate: w.badDate } };
    return { ok: true, run: (deps, org, id) => recordOwnerAnswer(deps, org, [id], { kind: 'promise', promisedDate: date }) };
  }
  if (kind === 'paid') {
    const reference = (v.reference ?? '').trim();
    if (reference.length > 100) return { ok: false, errors: { reference: w.tooLong } };
    return { ok: true, run: (deps, org, id) => recordOwnerAnswer(deps, org, [id], { kind: 'paid', reference: reference || null }) };
  }
  if (kind === 'dispute') {
    const reason = (v.disputeReason ?? '').trim();
    if (!reason) return { ok: false, errors: { disputeReason: w.needReason } };
    if (reason.length > MAX_TEXT) return { ok: false, errors: { disputeReason: w.tooLong } };
    return { ok: true, run: (deps, org, id) => recordOwnerAnswer(deps, org, [id], { kind: 'dispute', reason }) };
  }
  return { ok: false, errors: { kind: w.pickKind } };
}

const ACTIONS: SteerAction[] = [
  ...pauseActions(pauseInvoice, resumeInvoice, (locale) => invoiceWords(locale).badDate),
  {
    form: 'answer',
    segment: 'answer',
    done: 'answered',
    fields: ['kind', 'promisedDate', 'reference', 'disputeReason'],
    rename: { reason: 'disputeReason' },
    parse: (v, org) => parseAnswer(v, org.locale),
  },
  {
    form: 'settle',
    segment: 'settle',
    done: 'settled',
    fields: ['outcome', 'note'],
    parse: (v, org): Parsed => {
      const w = invoiceWords(org.locale);
      const outcome = v.outcome;
      if (outcome !== 'resume' && outcome !== 'write-off') return { ok: false, errors: { outcome: w.pickOutcome } };
      const note = (v.note ?? '').trim();
      if (note.length > MAX_TEXT) return { ok: false, errors: { note: w.tooLong } };
      return { ok: true, run: (deps, o, id) => settleDispute(deps, o, id, outcome, note || null) };
    },
  },
  { form: 'step', segment: 'send-now', done: 'sent-now', fields: [], parse: () => ({ ok: true, run: sendNextStepNow }) },
  { form: 'step', segment: 'skip', done: 'skipped', fields: [], parse: () => ({ ok: true, run: skipNextStep }) },
];

/** What the owner can do on an invoice: each a POST with the CSRF token (checked in app.ts), 303 back with a notice. */
export function invoiceActions(app: Hono<OrgEnv>): void {
  for (const action of ACTIONS)
    steerRoute(app, '/orgs/:id/invoices/:invoiceId', 'invoiceId', action, renderInvoice, (org) => invoiceWords(org.locale).notFound);
}
