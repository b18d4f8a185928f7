import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, daysBetween, localTime, type CalendarDate } from '../calendar.ts';
import { isPublicHoliday } from '../holidays/index.ts';
import { defaultPolicy, policySchema, type Policy } from '../policy.ts';
import type { Decision } from '../reminder.ts';
import { recordKey, simulate, type InvoiceScript, type LedgerEvent, type Run, type Scenario } from './simulation.ts';

/**
 * Promises 1–4 over random ledgers replayed hour by hour: random due dates, payments, credit notes, promises,
 * disputes, "already paid" answers, late syncs, failed sends, planner outages, and zones with daylight saving.
 */

/** RELANCE_PROPERTY_RUNS=2000 for a deep search (minutes); the default keeps the suite quick. */
const runs = (n: number): number => Number(process.env.RELANCE_PROPERTY_RUNS ?? n);

const ZONES = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Pacific/Chatham'] as const;
// Starts from which a few weeks span the 2026 changes: US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct, Sydney and Chatham 5 Apr
// and 4 Oct / 27 Sep.
const STARTS = ['2026-02-25', '2026-03-15', '2026-03-22', '2026-09-15', '2026-09-28', '2026-10-20'].map(calendarDate);

const policyArb: fc.Arbitrary<Policy> = fc.oneof(
  fc.constant(defaultPolicy),
  fc
    .record({
      offsets: fc.uniqueArray(fc.integer({ min: -10, max: 40 }), { minLength: 1, maxLength: 6 }),
      flavours: fc.array(fc.record({ channel: fc.constantFrom('email', 'email', 'email', 'call', 'letter'), approval: fc.boolean() }), {
        minLength: 6,
        maxLength: 6,
      }),
      startHour: fc.integer({ min: 4, max: 12 }),
      length: fc.integer({ min: 1, max: 12 }),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      minDays: fc.integer({ min: 0, max: 5 }),
      consolidate: fc.boolean(),
      grace: fc.integer({ min: 0, max: 5 }),
      skipHolidays: fc.boolean(),
      repeatLast: fc.option(fc.record({ everyDays: fc.integer({ min: 1, max: 10 }), max: fc.integer({ min: 1, max: 4 }) })),
    })
    .map((p) =>
      policySchema.parse({
        name: 'Random',
        steps: [...p.offsets]
          .sort((a, b) => a - b)
          .map((offsetDays, i) => ({
            key: `s${i}`,
            offsetDays,
            channel: p.flavours[i]?.channel,
            template: 'friendly',
            requiresApproval: (p.flavours[i]?.approval ?? false) && i % 3 === 2,
          })),
        sendWindow: {
          startHour: p.startHour,
          endHour: Math.min(24, p.startHour + p.length),
          weekdays: p.weekdays,
          skipHolidays: p.skipHolidays,
        },
        minDaysBetweenContacts: p.minDays,
        consolidate: p.consolidate,
        promiseGraceDays: p.grace,
        repeatLast: p.repeatLast,
      }),
    ),
);

const share = fc.constantFrom(0.3, 0.5, 1);
const eventArb: fc.Arbitrary<LedgerEvent> = fc.oneof(
  { weight: 3, arbitrary: share.map((s) => ({ kind: 'pay' as const, share: s })) },
  { weight: 2, arbitrary: share.map((s) => ({ kind: 'credit' as const, share: s })) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 15 }).map((inDays) => ({ kind: 'promise' as const, inDays })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<LedgerEvent>({ kind: 'dispute' }, { kind: 'resolve' }, { kind: 'reported-paid' }, { kind: 'sync' }),
  },
  { weight: 2, arbitrary: fc.constantFrom<LedgerEvent>({ kind: 'unpay' }, { kind: 'void' }, { kind: 'delete' }, { kind: 'approve' }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<LedgerEvent>({ kind: 'pause' }, { kind: 'unpause' }, { kind: 'pause-contact' }, { kind: 'unpause-contact' }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ contact: fc.boolean(), forDays: fc.integer({ min: 0, max: 12 }) })
      .map(({ contact, forDays }): LedgerEvent => ({ kind: contact ? 'pause-contact' : 'pause', forDays })),
  },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 40 }).map((daysAgo): LedgerEvent => ({ kind: 'restart', daysAgo })) },
);

const invoiceArb: fc.Arbitrary<InvoiceScript> = fc.record({
  dueIn: fc.integer({ min: -45, max: 20 }),
  contact: fc.nat(2),
  totalMinor: fc.integer({ min: 100, max: 5_000_000 }),
  draft: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  appearsAt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 })),
  events: fc.array(fc.record({ at: fc.integer({ min: 0, max: 100 }), event: eventArb }), { maxLength: 5 }),
});

const scenarioArb = (clock: Scenario['clock'], zone: fc.Arbitrary<string> = fc.constantFrom(...ZONES, 'UTC')): fc.Arbitrary<Scenario> =>
  fc.record({
    zone,
    start: fc.constantFrom(...STARTS),
    days: fc.integer({ min: 10, max: 40 }),
    policy: policyArb,
    contacts: fc.array(fc.record({ emails: fc.integer({ min: 0, max: 4 }).map((n) => n > 0), paused: fc.constant(false) }), {
      minLength: 1,
      maxLength: 3,
    }),
    invoices: fc.array(invoiceArb, { minLength: 1, maxLength: 6 }),
    outages: fc.array(fc.record({ at: fc.integer({ min: 0, max: 100 }), hours: fc.integer({ min: 1, max: 24 * 12 }) }), { maxLength: 3 }),
    failEvery: fc.option(fc.integer({ min: 2, max: 7 })),
    clock: fc.constant(clock),
    locale: fc.constantFrom('en', 'fr'),
    countryCode: fc.constantFrom('FR', 'GB', 'US', 'DE', 'ZZ'),
  });

/** The ground truth, from the script's side: may anything at all go to this customer about this invoice today? */
function chaseable(t: NonNullable<ReturnType<Run['truth']['get']>>, today: CalendarDate): string | null {
  const i = t.invoice;
  if (i.status !== 'open') return i.status;
  if (i.amountDueMinor <= 0) return 'nothing due';
  if (t.disputed) return 'disputed';
  if (t.reportedPaid) return 'reported paid';
  if (t.promiseUntil && t.promiseUntil >= today) return 'promised';
  const pausedOn = (paused: boolean, until: CalendarDate | null | undefined) => paused && (!until || today < until);
  if (pausedOn(i.paused, i.pausedUntil) || pausedOn(t.contact.paused, t.contact.pausedUntil)) return 'paused';
  return null;
}

const DONE = new Set(['sent', 'skipped', 'uncertain']);
const acts = (d: Decision): boolean => d.kind !== 'hold';
const stepOf = (d: Decision): string | null => (d.kind === 'hold' ? d.stepKey : d.step.key);

/** Every check of promises 1–4 on one run; throws with the run and the decision when one fails. */
function checkRun(s: Scenario, run: Run, state: { lastContactDay: Map<string, { day: CalendarDate; hour: number }> }): void {
  for (const d of run.decisions) {
    const number = run.truth.get(d.invoiceId)?.invoice.number ?? '?';
    if (!d.why.startsWith(`${number}${s.locale === 'fr' ? ' :' : ':'} `) || !d.why.endsWith('.'))
      throw new Error(`not a sentence naming ${number}: ${d.why}`);
  }
  const where = (d: Decision) =>
    `hour ${run.hour} (${run.now.toISOString()}, ${run.today}) ${d.invoiceId}/${stepOf(d)} ${d.kind}: ${d.why}`;
  const local = localTime(run.now, s.zone);
  const w = s.policy.sendWindow;
  const sendsPerInvoice = new Map<string, number>();
  const stepIndex = new Map(s.policy.steps.map((st, i) => [st.key, i]));

  for (const d of run.decisions) {
    const truth = run.truth.get(d.invoiceId);
    if (!truth) throw new Error(`decision for an unknown invoice: ${where(d)}`);
    if (!truth.visible) throw new Error(`decision for an invoice not synced yet: ${where(d)}`);
    if (acts(d)) {
      // nextActionOn is never later than the first day dueSteps acts
      const next = run.nextAction.get(d.invoiceId);
      if (next === null || next === undefined || next > run.today) throw new Error(`nextActionOn said ${next} but: ${where(d)}`);
    }
    if (d.kind === 'skip' || d.kind === 'send' || d.kind === 'approve') {
      const before = run.recordsBefore.get(recordKey(d.invoiceId, d.step.key));
      if (before && DONE.has(before.state)) throw new Error(`(invoice, step) already ${before.state}: ${where(d)}`);
    }
    // a step set before the due date speaks of the due date as ahead: after that local day it only goes out as a skip
    const pastItsDay = d.kind !== 'hold' && d.step.offsetDays < 0 && run.today > truth.invoice.dueDate;
    if (pastItsDay && d.kind !== 'skip')
      throw new Error(`${d.kind} of a step set before the due date ${truth.invoice.dueDate}, after it: ${where(d)}`);
    if (d.kind === 'skip' && d.reason === 'past-due') {
      if (!pastItsDay) throw new Error(`skipped as past due though it is not: ${where(d)}`);
      const waits = run.decisions.find((x): x is Extract<Decision, { kind: 'hold' }> => x.invoiceId === d.invoiceId && x.kind === 'hold');
      if (
        !waits ||
        !(waits.reason === 'all-steps-done' || (waits.reason === 'not-yet-due' && waits.until !== null && waits.until > run.today))
      )
        throw new Error(`after a past-due skip the invoice must wait for its next step, got ${waits?.reason ?? 'nothing'}: ${where(d)}`);
    }
    if (d.kind !== 'send') continue;
    // a step planned, being sent or awaiting approval holds the invoice
    for (const r of run.recordsBefore.values()) {
      if (r.invoiceId === d.invoiceId && ['planned', 'claimed', 'sending', 'awaiting-approval'].includes(r.state))
        throw new Error(`${r.stepKey} is ${r.state}: ${where(d)}`);
    }
    // promise 2: nothing for an invoice that must not be chased
    const refused = chaseable(truth, run.today);
    if (refused) throw new Error(`sent while ${refused}: ${where(d)}`);
    // promise 4: inside the window, on the local wall clock
    if (!(w.weekdays.includes(local.weekday) && local.hour >= w.startHour && local.hour < w.endHour))
      throw new Error(`sent outside the window at ${local.hour}h: ${where(d)}`);
    if (w.skipHolidays && s.countryCode && isPublicHoliday(s.countryCode, run.today))
      throw new Error(`sent on a public holiday: ${where(d)}`);
    // a step is due on its calendar day, counted from the restart when there was one; a repetition after its day
    const from = truth.invoice.scheduleFrom ?? truth.invoice.dueDate;
    const repeat = d.step.key.includes('~');
    if (d.dueOn > run.today || (!repeat && d.dueOn !== addDays(from, d.step.offsetDays)))
      throw new Error(`sent before its day: ${where(d)}`);
    sendsPerInvoice.set(d.invoiceId, (sendsPerInvoice.get(d.invoiceId) ?? 0) + 1);
    // promise 3: every earlier step is recorded once this run is written back
    for (const earlier of s.policy.steps.slice(0, stepIndex.get(d.step.key))) {
      const r = run.recordsAfter.get(recordKey(d.invoiceId, earlier.key));
      if (!r || !DONE.has(r.state)) throw new Error(`${earlier.key} left ${r?.state ?? 'unrecorded'} behind: ${where(d)}`);
    }
  }
  // no burst: one send per invoice per run
  for (const [id, n] of sendsPerInvoice) if (n > 1) throw new Error(`${n} sends for ${id} at hour ${run.hour}`);

  // messages carry exactly the sends, one per customer and channel when consolidating
  const sent = run.decisions
    .filter((d) => d.kind === 'send')
    .map((d) => `${d.invoiceId}/${d.step.key}`)
    .sort();
  const carried = run.messages.flatMap((m) => m.steps.map((x) => `${x.invoiceId}/${x.step.key}`)).sort();
  if (JSON.stringify(sent) !== JSON.stringify(carried)) throw new Error(`messages ${carried} do not match sends ${sent}`);
  if (s.policy.consolidate) {
    const keys = run.messages.map((m) => `${m.contactId}/${m.channel}`);
    if (new Set(keys).size !== keys.length) throw new Error(`two messages to one customer on one channel at hour ${run.hour}: ${keys}`);
  }

  // the rest between contacts, counting only what reached the customer
  for (const m of run.messages) {
    const delivered = m.steps.some((x) => !run.failed.has(recordKey(x.invoiceId, x.step.key)));
    if (!delivered) continue;
    const last = state.lastContactDay.get(m.contactId);
    if (
      last &&
      last.hour !== run.hour &&
      s.policy.minDaysBetweenContacts > 0 &&
      daysBetween(last.day, run.today) < s.policy.minDaysBetweenContacts
    )
      throw new Error(`${m.contactId} contacted on ${last.day} and again on ${run.today} (hour ${run.hour})`);
    state.lastContactDay.set(m.contactId, { day: run.today, hour: run.hour });
  }
}

function checkTimeline(s: Scenario): void {
  const state = { lastContactDay: new Map<string, { day: CalendarDate; hour: number }>() };
  const sentOnce = new Map<string, number>();
  simulate(s, (run) => {
    checkRun(s, run, state);
    for (const d of run.decisions) {
      if (d.kind !== 'send' || run.failed.has(recordKey(d.invoiceId, d.step.key))) continue;
      const key = recordKey(d.invoiceId, d.step.key);
      sentOnce.set(key, (sentOnce.get(key) ?? 0) + 1);
      // promise 1: at most once per (invoice, step), over the whole story
      if ((sentOnce.get(key) ?? 0) > 1) throw new Error(`${key} sent twice (hour ${run.hour})`);
    }
  });
}

describe('the schedule over random timelines', () => {
  it(
    'keeps promises 1–4 hour by hour, through outages, late syncs, failures and every kind of hold',
    () => {
      fc.assert(fc.property(scenarioArb('real'), checkTimeline), { numRuns: runs(100) });
    },
    30_000 + runs(100) * 500,
  );

  it(
    'makes the same decisions, on the same local days and hours, in every zone with daylight saving as in UTC',
    () => {
      const log = (s: Scenario): string[] => {
        const out: string[] = [];
        simulate(s, (run) => out.push(`${run.hour} ${run.today} ${JSON.stringify(run.decisions)}`));
        return out;
      };
      fc.assert(
        fc.property(scenarioArb('wall', fc.constantFrom(...ZONES)), (s) => {
          expect(log(s)).toEqual(log({ ...s, zone: 'UTC' }));
        }),
        { numRuns: runs(40) },
      );
    },
    30_000 + runs(40) * 1000,
  );
});

describe('the schedule over a quiet timeline', () => {
  const quiet: Scenario = {
    zone: 'Europe/Paris',
    start: calendarDate('2026-03-01'),
    days: 60,
    policy: defaultPolicy,
    contacts: [{ emails: true, paused: false }],
    invoices: [{ dueIn: 5, contact: 0, totalMinor: 10_000, draft: false, appearsAt: 0, events: [] }],
    outages: [],
    failEvery: null,
    clock: 'real',
  };
  const story = (s: Scenario): string[] => {
    const out: string[] = [];
    simulate(s, (run) => {
      for (const d of run.decisions)
        if (d.kind !== 'hold') out.push(`${run.today} ${localTime(run.now, s.zone).hour}h ${d.kind} ${d.step.key}`);
    });
    return out;
  };

  it("walks every step on its day at the window's first hour, then waits for approval of the formal notice", () => {
    // due Fri 6 Mar: courtesy Tue 3 Mar, friendly Sat 7 → Mon 9, firm Mon 16, call Thu 26, final Sun 5 Apr → Mon 6 Apr,
    // formal notice Mon 20 Apr (an approval request, not bound to the window)
    expect(story(quiet)).toEqual([
      '2026-03-03 9h send courtesy',
      '2026-03-09 9h send friendly',
      '2026-03-16 9h send firm',
      '2026-03-26 9h send call',
      '2026-04-06 9h send final',
      '2026-04-20 0h approve formal-notice',
    ]);
  });

  it('never sends a courtesy reminder after the due date: an invoice synced late records it as past due and waits', () => {
    // friendly moved to 7 days after: due Fri 6 Mar, courtesy Tue 3 Mar, friendly Fri 13 Mar; the invoice arrives on Sat 7 Mar
    const gap = policySchema.parse({
      ...defaultPolicy,
      steps: defaultPolicy.steps.map((st) => (st.key === 'friendly' ? { ...st, offsetDays: 7 } : st)),
    });
    const late = { ...quiet, policy: gap, invoices: quiet.invoices.map((i) => ({ ...i, appearsAt: 10 })) };
    expect(story(late).slice(0, 3)).toEqual(['2026-03-07 0h skip courtesy', '2026-03-13 9h send friendly', '2026-03-16 9h send firm']);
    const onTime = { ...quiet, policy: gap };
    expect(story(onTime).slice(0, 2)).toEqual(['2026-03-03 9h send courtesy', '2026-03-13 9h send friendly']);
  });

  it('after a ten-day outage records the missed step as skipped at once and sends the latest one when the window opens', () => {
    const outage = { ...quiet, outages: [{ at: 12, hours: 24 * 10 }] }; // from about 8 Mar 04:00 to 18 Mar
    expect(story(outage)).toEqual([
      '2026-03-03 9h send courtesy',
      '2026-03-18 4h skip friendly',
      '2026-03-18 9h send firm',
      '2026-03-26 9h send call',
      '2026-04-06 9h send final',
      '2026-04-20 0h approve formal-notice',
    ]);
  });
});
