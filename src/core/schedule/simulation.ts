import type { CustomerAnswer } from '../answers.ts';
import { addDays, localDate, zonedInstant, type CalendarDate } from '../calendar.ts';
import type { Policy } from '../policy.ts';
import type { Decision, PlannedMessage, ReminderRecord, ReminderState, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { nextActionOn } from './next-action.ts';
import { dueSteps } from './plan.ts';

/**
 * A ledger's life over some weeks, replayed hour by hour through `dueSteps` the way the planner job and the store
 * would run it: runs go missing during outages, invoices arrive late, customers pay, promise and dispute, and what a
 * run decided is written back as reminder records (one per invoice and step, as the store keeps them). Used by the
 * property tests; it judges nothing itself but keeps the ground truth next to what was decided.
 */

export type LedgerEvent =
  | { kind: 'pay'; share: number }
  | { kind: 'credit'; share: number }
  | { kind: 'unpay' }
  | { kind: 'void' }
  | { kind: 'delete' }
  | { kind: 'approve' }
  | { kind: 'promise'; inDays: number }
  | { kind: 'dispute' }
  | { kind: 'resolve' }
  | { kind: 'reported-paid' }
  | { kind: 'sync' }
  /** The owner pauses chasing, open-ended or for some days (chasing resumes by itself on today + forDays). */
  | { kind: 'pause'; forDays?: number }
  | { kind: 'unpause' }
  | { kind: 'pause-contact'; forDays?: number }
  | { kind: 'unpause-contact' }
  /** A gentler restart: the step offsets count from today - daysAgo. */
  | { kind: 'restart'; daysAgo: number };

export type InvoiceScript = {
  /** Due date as days after the first simulated day (negative: already overdue when the story starts). */
  dueIn: number;
  contact: number;
  totalMinor: number;
  draft: boolean;
  /** Percent of the timeline at which the first sync brings the invoice in (a late sync). */
  appearsAt: number;
  events: { at: number; event: LedgerEvent }[];
};

export type Scenario = {
  zone: string;
  start: CalendarDate;
  days: number;
  policy: Policy;
  contacts: { emails: boolean; paused: boolean }[];
  invoices: InvoiceScript[];
  /** Missing planner runs: from a percent of the timeline, for some hours. */
  outages: { at: number; hours: number }[];
  /** Every n-th send fails at the transport (recorded as failed, so it may be planned again); null: none fail. */
  failEvery: number | null;
  /** 'real': one run per elapsed hour; 'wall': one run per wall-clock hour of the zone (to compare zones). */
  clock: 'real' | 'wall';
  /** Language of the sentences (they must come out whatever happens). */
  locale?: string;
  /** The organisation's country: its public holidays are not send days (when the window skips them). */
  countryCode?: string;
};

export type Run = {
  hour: number;
  now: Date;
  today: CalendarDate;
  /** The ledger as it really stands at this run (including invoices not yet synced). */
  truth: Map<
    string,
    {
      invoice: ScheduleInvoice;
      contact: ScheduleContact;
      visible: boolean;
      promiseUntil: CalendarDate | null;
      disputed: boolean;
      reportedPaid: boolean;
    }
  >;
  /** nextActionOn per visible invoice, computed on the same input just before the run. */
  nextAction: Map<string, CalendarDate | null>;
  decisions: Decision[];
  messages: PlannedMessage[];
  /** The reminder records after this run's decisions were written back. */
  recordsAfter: Map<string, ReminderRecord>;
  /** Records as they stood before the run. */
  recordsBefore: Map<string, ReminderRecord>;
  /** Sends that the transport refused in this run. */
  failed: Set<string>;
};

export const recordKey = (invoiceId: string, stepKey: string): string => `${invoiceId}/${stepKey}`;

const hourIndex = (pct: number, total: number): number => Math.min(total - 1, Math.floor((pct / 100) * total));

/** In 'wall' mode, events never fall in the small hours where a daylight-saving gap or overlap could reorder them. */
function eventHour(pct: number, total: number, clock: Scenario['clock']): number {
  const h = hourIndex(pct, total);
  return clock === 'wall' && h % 24 < 4 ? h + 4 : h;
}

export function simulate(s: Scenario, onRun: (run: Run) => void): void {
  const hours = s.days * 24;
  const first = zonedInstant(s.start, 0, 0, s.zone).getTime();
  const instant = (h: number): Date =>
    s.clock === 'real' ? new Date(first + h * 3_600_000) : zonedInstant(addDays(s.start, Math.floor(h / 24)), h % 24, 0, s.zone);

  const contacts: ScheduleContact[] = s.contacts.map((c, i) => ({
    id: `c${i}`,
    name: `Customer ${i}`,
    emails: c.emails ? [`c${i}@example.test`] : [],
    isConsumer: false,
    paused: c.paused,
  }));
  const invoices = s.invoices.map((script, i) => ({
    script,
    appearsAt: hourIndex(script.appearsAt, hours),
    promiseUntil: null as CalendarDate | null,
    disputed: false,
    reportedPaid: false,
    invoice: {
      id: `i${i}`,
      number: `INV-${String(i).padStart(3, '0')}`,
      contactId: `c${script.contact % contacts.length}`,
      issueDate: addDays(s.start, script.dueIn - 30),
      dueDate: addDays(s.start, script.dueIn),
      currency: 'EUR',
      totalMinor: script.totalMinor,
      amountDueMinor: script.totalMinor,
      amountCreditedMinor: 0,
      status: script.draft ? 'draft' : 'open',
      paused: false,
      syncedAt: new Date(first).toISOString(),
    } as ScheduleInvoice,
  }));
  const events = invoices
    .flatMap((inv) => inv.script.events.map((e, order) => ({ inv, hour: eventHour(e.at, hours, s.clock), order, event: e.event })))
    .sort((a, b) => a.hour - b.hour || a.inv.invoice.id.localeCompare(b.inv.invoice.id) || a.order - b.order);
  const outage = (h: number) =>
    s.outages.some((o) => {
      const from = hourIndex(o.at, hours);
      return h >= from && h < from + o.hours;
    });

  const answers: CustomerAnswer[] = [];
  const records = new Map<string, ReminderRecord>();
  let sends = 0;
  let nextEvent = 0;

  for (let h = 0; h < hours; h++) {
    const now = instant(h);
    const nowIso = now.toISOString();
    const today = localDate(now, s.zone);
    // events happen in the minute before the run, each stamped a millisecond after the previous one
    let stamp = now.getTime() - 60_000;
    while (nextEvent < events.length && (events[nextEvent]?.hour ?? Infinity) <= h) {
      const e = events[nextEvent++];
      if (e) apply(e.inv, e.event, contacts, answers, new Date(++stamp).toISOString(), today, s.policy);
    }
    // the sync that brings an invoice in confirms its state as of now
    for (const inv of invoices) {
      if (inv.appearsAt !== h) continue;
      inv.invoice = { ...inv.invoice, syncedAt: new Date(++stamp).toISOString() };
      inv.reportedPaid = false;
    }
    if (outage(h)) continue;

    const visible = invoices.filter((inv) => inv.appearsAt <= h).map((inv) => ({ ...inv.invoice }));
    const history = [...records.values()];
    const nextAction = new Map(
      visible.map((inv) => {
        const contact = contacts.find((c) => c.id === inv.contactId) as ScheduleContact;
        return [inv.id, nextActionOn(inv, contact, answers, history, s.policy, s.zone)] as const;
      }),
    );
    const { decisions, messages } = dueSteps({
      now,
      zone: s.zone,
      policies: { default: s.policy, rules: [] },
      invoices: visible,
      contacts: contacts.map((c) => ({ ...c })),
      answers: [...answers],
      history,
      locale: s.locale ?? 'en',
      countryCode: s.countryCode,
    });
    const recordsBefore = new Map(records);
    const failed = new Set<string>();
    for (const d of decisions) {
      if (d.kind === 'hold' || d.kind === 'blocked') continue;
      let state: ReminderState = d.kind === 'skip' ? 'skipped' : d.kind === 'approve' ? 'awaiting-approval' : 'sent';
      if (d.kind === 'send' && s.failEvery !== null && ++sends % s.failEvery === 0) {
        state = 'failed';
        failed.add(recordKey(d.invoiceId, d.step.key));
      }
      records.set(recordKey(d.invoiceId, d.step.key), {
        invoiceId: d.invoiceId,
        contactId: d.contactId,
        stepKey: d.step.key,
        state,
        at: nowIso,
        channel: d.step.channel,
      });
    }
    const truth: Run['truth'] = new Map(
      invoices.map((inv) => [
        inv.invoice.id,
        {
          invoice: { ...inv.invoice },
          contact: { ...(contacts.find((c) => c.id === inv.invoice.contactId) as ScheduleContact) },
          visible: inv.appearsAt <= h,
          promiseUntil: inv.promiseUntil,
          disputed: inv.disputed,
          reportedPaid: inv.reportedPaid,
        },
      ]),
    );
    onRun({ hour: h, now, today, truth, nextAction, decisions, messages, recordsAfter: new Map(records), recordsBefore, failed });
  }
}

type SimInvoice = { invoice: ScheduleInvoice; promiseUntil: CalendarDate | null; disputed: boolean; reportedPaid: boolean };

/** One ledger or customer event; each ledger change arrives by a sync, which stamps syncedAt. */
function apply(
  inv: SimInvoice,
  e: LedgerEvent,
  contacts: ScheduleContact[],
  answers: CustomerAnswer[],
  at: string,
  today: CalendarDate,
  policy: Policy,
): void {
  const i = inv.invoice;
  const synced = (change: Partial<ScheduleInvoice>) => {
    inv.invoice = { ...i, ...change, syncedAt: at };
    inv.reportedPaid = false;
  };
  const settle = (due: number, credited: number) =>
    synced({ amountDueMinor: due, amountCreditedMinor: credited, status: i.status === 'open' && due <= 0 ? 'paid' : i.status });
  const id = `${i.id}-${answers.length}`;
  const contact = contacts.find((c) => c.id === i.contactId);
  switch (e.kind) {
    case 'pay':
      return settle(i.amountDueMinor - Math.ceil(i.amountDueMinor * e.share), i.amountCreditedMinor);
    case 'credit': {
      const amount = Math.ceil(i.amountDueMinor * e.share);
      return settle(i.amountDueMinor - amount, i.amountCreditedMinor + amount);
    }
    case 'unpay':
      return synced({ amountDueMinor: i.totalMinor - i.amountCreditedMinor, status: i.status === 'paid' ? 'open' : i.status });
    case 'void':
      return synced({ status: 'voided' });
    case 'delete':
      return synced({ status: 'deleted' });
    case 'approve':
      return synced({ status: i.status === 'draft' ? 'open' : i.status });
    case 'sync':
      return synced({});
    case 'promise': {
      const promisedDate = addDays(today, e.inDays);
      answers.push({ kind: 'promise', id, invoiceIds: [i.id], at, promisedDate, source: 'customer' });
      inv.promiseUntil = addDays(promisedDate, policy.promiseGraceDays);
      return;
    }
    case 'dispute':
      answers.push({ kind: 'dispute', id, invoiceIds: [i.id], at, reason: 'not what we ordered', source: 'customer' });
      inv.disputed = true;
      return;
    case 'resolve':
      for (const [n, a] of answers.entries()) {
        if (a.kind === 'dispute' && a.invoiceIds.includes(i.id) && !a.resolvedAt) answers[n] = { ...a, resolvedAt: at };
      }
      inv.disputed = false;
      return;
    case 'reported-paid':
      answers.push({ kind: 'paid', id, invoiceIds: [i.id], at, source: 'customer' });
      inv.reportedPaid = true;
      return;
    case 'pause':
      inv.invoice = { ...i, paused: true, pausedUntil: e.forDays === undefined ? null : addDays(today, e.forDays) };
      return;
    case 'unpause':
      inv.invoice = { ...i, paused: false, pausedUntil: null };
      return;
    case 'pause-contact':
      if (contact) Object.assign(contact, { paused: true, pausedUntil: e.forDays === undefined ? null : addDays(today, e.forDays) });
      return;
    case 'unpause-contact':
      if (contact) Object.assign(contact, { paused: false, pausedUntil: null });
      return;
    case 'restart':
      inv.invoice = { ...i, scheduleFrom: addDays(today, -e.daysAgo) };
      return;
  }
}
