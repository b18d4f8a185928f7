import type { CustomerAnswer } from '../answers.ts';
import { localTime, type CalendarDate, type LocalTime } from '../calendar.ts';
import type { Policy, PolicySet } from '../policy.ts';
import type { Decision, PlannedMessage, ReminderRecord, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { invoiceHold } from './holds.ts';
import { groupMessages, type PlannedSend } from './messages.ts';
import { policyFor } from './policy-for.ts';
import { agenda, stepProgress, type StepProgress } from './progress.ts';
import { contactAllowedOn, inSendWindow, lastContactDays, nextWindowDay, windowHoliday } from './window.ts';
import * as why from './why.ts';
import { scheduleLocale, type ScheduleLocale } from './words.ts';

export type DueStepsInput = {
  now: Date;
  /** The organisation's IANA zone: "today" and the send window are read on its wall clock. */
  zone: string;
  policies: PolicySet;
  invoices: readonly ScheduleInvoice[];
  contacts: readonly ScheduleContact[];
  answers: readonly CustomerAnswer[];
  /** Every reminder record of the organisation (or at least of these invoices and their contacts). */
  history: readonly ReminderRecord[];
  /** Language of the `why` sentences (the organisation's locale); English unless French. */
  locale?: string;
  /** The organisation's country (ISO 3166-1 alpha-2): its public holidays are not send days when the window skips them. */
  countryCode?: string;
};

export type DueStepsResult = { decisions: Decision[]; messages: PlannedMessage[] };

type Context = {
  local: LocalTime;
  today: CalendarDate;
  input: DueStepsInput;
  lastContact: Map<string, CalendarDate>;
  historyByInvoice: Map<string, ReminderRecord[]>;
  contacts: Map<string, ScheduleContact>;
  l: ScheduleLocale;
};

/** A contact missing from the store still gets decisions: email steps come out blocked and say so. */
function unknownContact(id: string): ScheduleContact {
  return { id, name: `the customer (id ${id}, not synced)`, emails: [], isConsumer: false, paused: false };
}

/** The one decision for the step to act on now, in order: no address, approval, send window, rest between contacts. */
function decideCurrent(ctx: Context, invoice: ScheduleInvoice, contact: ScheduleContact, policy: Policy, p: StepProgress): Decision {
  const { today, local } = ctx;
  const base = { invoiceId: invoice.id, contactId: contact.id, step: p.step, dueOn: p.dueOn };
  // an invoice with addresses of its own is emailed there (the sender picks them), whatever its contact has
  if (p.step.channel === 'email' && contact.emails.length === 0 && !invoice.emails?.length)
    return { kind: 'blocked', ...base, reason: 'no-email', why: why.whyNoEmail(invoice, p, today, contact, ctx.l) };
  if (p.step.requiresApproval) return { kind: 'approve', ...base, policyName: policy.name, why: why.whyApprove(invoice, p, today, ctx.l) };
  const hold = { invoiceId: invoice.id, contactId: contact.id, stepKey: p.step.key };
  const country = ctx.input.countryCode;
  // a public holiday closes the window like a weekend; the why names the holiday
  const holiday = windowHoliday(today, policy.sendWindow, country);
  if (holiday || !inSendWindow(local, policy.sendWindow, country)) {
    const until = nextWindowDay(local, policy.sendWindow, country);
    return {
      kind: 'hold',
      ...hold,
      reason: 'outside-send-window',
      until,
      why: holiday
        ? why.whyHoliday(invoice, p, today, holiday.name, until, ctx.l)
        : why.whyOutsideWindow(invoice, p, today, policy.sendWindow, until, ctx.l),
    };
  }
  const last = ctx.lastContact.get(contact.id);
  const allowedOn = contactAllowedOn(last, today, policy.minDaysBetweenContacts);
  if (last && allowedOn) {
    return {
      kind: 'hold',
      ...hold,
      reason: 'contacted-recently',
      until: allowedOn,
      why: why.whyContactedRecently(invoice, p, today, contact, last, policy, allowedOn, ctx.l),
    };
  }
  return { kind: 'send', ...base, policyName: policy.name, why: why.whySend(invoice, p, today, contact, ctx.l) };
}

function decideInvoice(ctx: Context, invoice: ScheduleInvoice, sends: PlannedSend[]): Decision[] {
  const { input, today } = ctx;
  const contact = ctx.contacts.get(invoice.contactId) ?? unknownContact(invoice.contactId);
  const policy = policyFor(invoice, contact, input.policies);
  const ids = { invoiceId: invoice.id, contactId: contact.id };
  const held = invoiceHold(invoice, input.answers, contact, today, policy, ctx.l);
  if (held) return [{ kind: 'hold', ...ids, stepKey: null, ...held }];

  const plan = agenda(stepProgress(invoice, policy, ctx.historyByInvoice.get(invoice.id) ?? [], input.zone), today, invoice.dueDate);
  const decisions: Decision[] = plan.superseded.map(({ skipped, by, byIsDueNow }) => ({
    kind: 'skip',
    ...ids,
    step: skipped.step,
    dueOn: skipped.dueOn,
    reason: 'superseded',
    why: why.whySuperseded(invoice, skipped, by, byIsDueNow, ctx.l),
  }));
  for (const p of plan.pastDue) {
    decisions.push({
      kind: 'skip',
      ...ids,
      step: p.step,
      dueOn: p.dueOn,
      reason: 'past-due',
      why: why.whyPastDue(invoice, p, plan.next, ctx.l),
    });
  }
  if (plan.inProgress) {
    decisions.push({
      kind: 'hold',
      ...ids,
      stepKey: plan.inProgress.step.key,
      reason: 'in-progress',
      until: null,
      why: why.whyInProgress(invoice, plan.inProgress, ctx.l),
    });
  } else if (plan.current) {
    const d = decideCurrent(ctx, invoice, contact, policy, plan.current);
    if (d.kind === 'send') sends.push({ decision: d, consolidate: policy.consolidate, position: plan.current.index });
    decisions.push(d);
  } else if (plan.next) {
    decisions.push({
      kind: 'hold',
      ...ids,
      stepKey: plan.next.step.key,
      reason: 'not-yet-due',
      until: plan.next.dueOn,
      why: why.whyNotYetDue(invoice, plan.next, ctx.l),
    });
  } else {
    const until = plan.laterSkips[0]?.dueOn ?? null;
    decisions.push({ kind: 'hold', ...ids, stepKey: null, reason: 'all-steps-done', until, why: why.whyAllDone(invoice, policy, ctx.l) });
  }
  return decisions;
}

function byContactThenNumber(a: ScheduleInvoice, b: ScheduleInvoice): number {
  const keys: [string, string][] = [
    [a.contactId, b.contactId],
    [a.number, b.number],
    [a.id, b.id],
  ];
  for (const [x, y] of keys) if (x !== y) return x < y ? -1 : 1;
  return 0;
}

/**
 * What the reminder schedule does now: a decision for every invoice given (send, skip, approve, blocked or hold, each
 * with a sentence for the owner) and the messages the sends make. Pure: same input, same output, same order
 * (by contact, invoice number, then step order).
 */
export function dueSteps(input: DueStepsInput): DueStepsResult {
  const local = localTime(input.now, input.zone);
  const historyByInvoice = new Map<string, ReminderRecord[]>();
  for (const r of input.history) {
    const list = historyByInvoice.get(r.invoiceId);
    if (list) list.push(r);
    else historyByInvoice.set(r.invoiceId, [r]);
  }
  const ctx: Context = {
    local,
    today: local.date,
    input,
    historyByInvoice,
    lastContact: lastContactDays(input.history, input.zone),
    contacts: new Map(input.contacts.map((c) => [c.id, c])),
    l: scheduleLocale(input.locale ?? 'en'),
  };
  const sends: PlannedSend[] = [];
  const decisions = [...input.invoices].sort(byContactThenNumber).flatMap((invoice) => decideInvoice(ctx, invoice, sends));
  return { decisions, messages: groupMessages(sends) };
}
