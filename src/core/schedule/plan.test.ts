import { describe, expect, it } from 'vitest';
import { addDays, zonedInstant, type CalendarDate } from '../calendar.ts';
import type { PolicySet } from '../policy.ts';
import type { Decision, ReminderRecord, ScheduleContact, ScheduleInvoice } from '../reminder.ts';
import { dueSteps, type DueStepsInput } from './plan.ts';
import { aContact, anInvoice, aPolicy, aRecord, day, wall } from './testkit.ts';

// Standard policy, invoice due Tue 3 Mar 2026: courtesy 28 Feb, friendly 4 Mar, firm 13 Mar, call 23 Mar, final 2 Apr,
// formal notice 17 Apr. Window Mon–Fri 09:00–17:00 Paris.
const policies: PolicySet = { default: aPolicy(), rules: [] };

/** The courtesy reminders of inv-1 and inv-2, out of the way (skipped records do not count as contacts). */
const courtesyDone: ReminderRecord[] = ['inv-1', 'inv-2'].map((invoiceId) =>
  aRecord({ invoiceId, stepKey: 'courtesy', state: 'skipped', at: '2026-02-28T09:00:00Z' }),
);

/** Without a history, the courtesy reminders are taken as done. */
function plan(over: Partial<DueStepsInput> & { now: Date }): ReturnType<typeof dueSteps> {
  return dueSteps({
    zone: 'Europe/Paris',
    policies,
    invoices: [anInvoice()],
    contacts: [aContact()],
    answers: [],
    history: courtesyDone,
    ...over,
  });
}
const only = (decisions: Decision[]): Decision => {
  expect(decisions).toHaveLength(1);
  return decisions[0] as Decision;
};
const summary = (d: Decision): string =>
  d.kind === 'hold' ? `hold ${d.reason} ${d.stepKey ?? '-'} ${d.until ?? '-'}` : `${d.kind} ${d.step.key} ${d.dueOn}`;

describe('dueSteps, one invoice', () => {
  it('sends the step due today, inside the window, and says so', () => {
    const { decisions, messages } = plan({ now: wall('2026-03-04', 10) });
    const d = only(decisions);
    expect(summary(d)).toBe('send friendly 2026-03-04');
    expect(d.why).toBe('INV-0001: friendly reminder due today (1 day after the due date, 3 Mar 2026).');
    expect(messages).toEqual([
      {
        contactId: 'c-1',
        channel: 'email',
        step: d.kind === 'send' ? d.step : null,
        invoiceIds: ['inv-1'],
        steps: [{ invoiceId: 'inv-1', step: d.kind === 'send' ? d.step : null, dueOn: '2026-03-04' }],
      },
    ]);
  });

  it('waits for the first step, naming it and its date', () => {
    const d = only(plan({ now: wall('2026-02-20', 10), history: [] }).decisions);
    expect(summary(d)).toBe('hold not-yet-due courtesy 2026-02-28');
    expect(d.why).toBe('INV-0001: nothing due yet; next is the courtesy reminder on 28 Feb 2026 (3 days before the due date, 3 Mar 2026).');
  });

  it('after an outage sends only the latest due step and records each earlier one as superseded', () => {
    const { decisions, messages } = plan({ now: wall('2026-04-06', 10), history: [] });
    expect(decisions.map(summary)).toEqual([
      'skip courtesy 2026-02-28',
      'skip friendly 2026-03-04',
      'skip firm 2026-03-13',
      'skip call 2026-03-23',
      'send final 2026-04-02',
    ]);
    expect(decisions[2]?.why).toBe(
      'INV-0001: skipped: the firm reminder (due 13 Mar 2026) was superseded by the final reminder, which is due now.',
    );
    expect(decisions[3]?.why).toMatch(/the reminder call \(due 23 Mar 2026\) was superseded by the final reminder/);
    expect(decisions[4]?.why).toBe('INV-0001: final reminder due since 2 Apr 2026 (30 days after the due date, 3 Mar 2026).');
    expect(messages).toHaveLength(1);
  });

  it('skips earlier unrecorded steps behind a recorded one and sends nothing', () => {
    const history = [aRecord({ stepKey: 'firm', state: 'sent', at: '2026-03-13T09:00:00Z' })];
    const { decisions, messages } = plan({ now: wall('2026-03-16', 10), history });
    expect(decisions.map(summary)).toEqual(['skip courtesy 2026-02-28', 'skip friendly 2026-03-04', 'hold not-yet-due call 2026-03-23']);
    expect(decisions[1]?.why).toBe(
      'INV-0001: skipped: the friendly reminder (due 4 Mar 2026) was superseded by the firm reminder, which already went out.',
    );
    expect(messages).toEqual([]);
  });

  it.each([
    ['sent', 'hold not-yet-due firm 2026-03-13'],
    ['skipped', 'hold not-yet-due firm 2026-03-13'],
    ['uncertain', 'hold not-yet-due firm 2026-03-13'],
    ['planned', 'hold in-progress friendly -'],
    ['claimed', 'hold in-progress friendly -'],
    ['sending', 'hold in-progress friendly -'],
    ['awaiting-approval', 'hold in-progress friendly -'],
    ['failed', 'send friendly 2026-03-04'],
    ['cancelled', 'send friendly 2026-03-04'],
  ] as const)('a friendly reminder recorded as %s gives: %s', (state, expected) => {
    const history = [
      aRecord({ stepKey: 'courtesy', state: 'sent', at: '2026-02-28T09:00:00Z' }),
      aRecord({ stepKey: 'friendly', state, at: '2026-03-05T08:00:00Z' }),
    ];
    expect(summary(only(plan({ now: wall('2026-03-05', 10), history }).decisions))).toBe(expected);
  });

  it('explains a step in progress', () => {
    const history = [aRecord({ stepKey: 'friendly', state: 'awaiting-approval', at: '2026-03-04T08:00:00Z' })];
    const ds = plan({ now: wall('2026-03-05', 10), history }).decisions;
    expect(ds.map((d) => d.why)).toEqual([
      'INV-0001: skipped: the courtesy reminder (due 28 Feb 2026) was superseded by the friendly reminder, which waits for your approval.',
      'INV-0001: the friendly reminder (due 4 Mar 2026) waits for your approval; nothing else goes out for this invoice until it is done.',
    ]);
  });

  it('is done when every step is recorded', () => {
    const history = aPolicy().steps.map((s) => aRecord({ stepKey: s.key, state: 'sent', at: '2026-04-20T09:00:00Z' }));
    const d = only(plan({ now: wall('2026-05-04', 10), history }).decisions);
    expect(summary(d)).toBe('hold all-steps-done - -');
    expect(d.why).toBe('INV-0001: all 6 steps of the "Standard" policy are done; nothing more goes out by itself.');
  });

  it('blocks an email step for a customer without an address, and says what to do', () => {
    const d = only(plan({ now: wall('2026-03-04', 10), contacts: [aContact({ emails: [] })] }).decisions);
    expect(summary(d)).toBe('blocked friendly 2026-03-04');
    expect(d.why).toBe(
      'INV-0001: friendly reminder due today (1 day after the due date, 3 Mar 2026), but Acme SARL has no email address; add one to the contact in the ledger and it goes out on the next run.',
    );
  });

  it('still makes a call task for a customer without an address', () => {
    const history = ['courtesy', 'friendly', 'firm'].map((k) => aRecord({ stepKey: k, state: 'sent', at: '2026-03-13T09:00:00Z' }));
    const { decisions, messages } = plan({ now: wall('2026-03-23', 10), contacts: [aContact({ emails: [] })], history });
    expect(summary(only(decisions))).toBe('send call 2026-03-23');
    expect(decisions[0]?.why).toBe(
      'INV-0001: reminder call due today (20 days after the due date, 3 Mar 2026): call Acme SARL and ask for a payment date.',
    );
    expect(messages.map((m) => m.channel)).toEqual(['call']);
  });

  it('asks the owner before a step that needs approval', () => {
    const history = ['courtesy', 'friendly', 'firm', 'call', 'final'].map((k) =>
      aRecord({ stepKey: k, state: 'sent', at: '2026-04-02T09:00:00Z' }),
    );
    const { decisions, messages } = plan({ now: wall('2026-04-18', 22), history });
    const d = only(decisions);
    expect(summary(d)).toBe('approve formal-notice 2026-04-17');
    expect(d.why).toBe(
      'INV-0001: formal notice by letter due since 17 Apr 2026 (45 days after the due date, 3 Mar 2026); it waits for your approval before it goes out.',
    );
    expect(messages).toEqual([]);
  });

  it.each([
    ['Wed 08:59, before the window opens', wall('2026-03-04', 8), '2026-03-04', 'goes out today at 09:00'],
    ['Wed 17:00, the window has closed', wall('2026-03-04', 17), '2026-03-05', 'goes out on 5 Mar 2026'],
    ['Fri 18:00', wall('2026-03-06', 18), '2026-03-09', 'goes out on 9 Mar 2026'],
    ['Sat 10:00', wall('2026-03-07', 10), '2026-03-09', 'goes out on 9 Mar 2026'],
  ])('holds outside the send window: %s', (_name, now, until, text) => {
    const d = only(plan({ now, history: [aRecord({ stepKey: 'courtesy', state: 'sent', at: '2026-02-27T09:00:00Z' })] }).decisions);
    expect(summary(d)).toBe(`hold outside-send-window friendly ${until}`);
    expect(d.why).toContain(`it waits for the send window (Mon–Fri 09:00–17:00) and ${text}`);
  });

  it('reads the window on the local wall clock, not UTC', () => {
    // 08:30 UTC is 09:30 in Paris but 03:30 in New York
    const now = new Date('2026-03-04T08:30:00Z');
    expect(only(plan({ now }).decisions).kind).toBe('send');
    expect(summary(only(plan({ now, zone: 'America/New_York' }).decisions))).toBe('hold outside-send-window friendly 2026-03-04');
  });
});

describe('dueSteps, one customer', () => {
  const second = anInvoice({ id: 'inv-2', number: 'INV-0002', dueDate: anInvoice().dueDate, totalMinor: 5_000, amountDueMinor: 5_000 });
  const older = anInvoice({ id: 'inv-3', number: 'INV-0000', dueDate: day('2026-02-21') });

  it('groups the invoices due for one customer in one message led by the most advanced step', () => {
    const { decisions, messages } = plan({ now: wall('2026-03-04', 10), invoices: [second, older, anInvoice()] });
    expect(decisions.map((d) => `${d.invoiceId} ${summary(d)}`)).toEqual([
      'inv-3 skip courtesy 2026-02-18',
      'inv-3 skip friendly 2026-02-22',
      'inv-3 send firm 2026-03-03',
      'inv-1 send friendly 2026-03-04',
      'inv-2 send friendly 2026-03-04',
    ]);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.step.key).toBe('firm');
    expect(messages[0]?.invoiceIds).toEqual(['inv-3', 'inv-1', 'inv-2']);
    expect(messages[0]?.steps.map((s) => s.step.key)).toEqual(['firm', 'friendly', 'friendly']);
  });

  it('sends one message per invoice when the policy does not consolidate', () => {
    const set: PolicySet = { default: aPolicy({ consolidate: false }), rules: [] };
    const { messages } = plan({ now: wall('2026-03-04', 10), invoices: [anInvoice(), second], policies: set });
    expect(messages.map((m) => m.invoiceIds)).toEqual([['inv-1'], ['inv-2']]);
  });

  it('keeps channels apart', () => {
    const calls = anInvoice({ id: 'inv-4', number: 'INV-0004', dueDate: day('2026-02-12') });
    const history = [
      ...courtesyDone,
      ...['courtesy', 'friendly', 'firm'].map((k) =>
        aRecord({ invoiceId: 'inv-4', stepKey: k, state: 'sent', at: '2026-02-22T09:00:00Z' }),
      ),
    ];
    const { messages } = plan({ now: wall('2026-03-04', 10), invoices: [anInvoice(), calls], history });
    expect(messages.map((m) => `${m.channel} ${m.invoiceIds.join()}`)).toEqual(['email inv-1', 'call inv-4']);
  });

  it("leaves the policy's rest between two contacts with a customer, counting any invoice", () => {
    const history = [...courtesyDone, aRecord({ invoiceId: 'inv-9', stepKey: 'firm', state: 'sent', at: '2026-03-02T09:00:00Z' })];
    const d = only(plan({ now: wall('2026-03-04', 10), history }).decisions);
    expect(summary(d)).toBe('hold contacted-recently friendly 2026-03-05');
    expect(d.why).toBe(
      'INV-0001: friendly reminder due today (1 day after the due date, 3 Mar 2026); Acme SARL was last contacted on 2 Mar 2026 and the policy leaves 3 days between contacts, so it waits until 5 Mar 2026.',
    );
    expect(only(plan({ now: wall('2026-03-05', 10), history }).decisions).kind).toBe('send');
    const other = [
      ...courtesyDone,
      aRecord({ invoiceId: 'inv-9', contactId: 'c-2', stepKey: 'firm', state: 'sent', at: '2026-03-03T09:00:00Z' }),
    ];
    expect(only(plan({ now: wall('2026-03-04', 10), history: other }).decisions).kind).toBe('send');
  });

  it('counts the day of the last contact on the local calendar', () => {
    // 23:30 UTC on 1 Mar is 00:30 on 2 Mar in Paris: the rest runs to 5 Mar, not 4 Mar
    const history = [...courtesyDone, aRecord({ invoiceId: 'inv-9', stepKey: 'firm', state: 'sent', at: '2026-03-01T23:30:00Z' })];
    expect(summary(only(plan({ now: wall('2026-03-04', 10), history }).decisions))).toBe('hold contacted-recently friendly 2026-03-05');
  });

  it('does not hold for a failed or cancelled attempt', () => {
    const history = [
      ...courtesyDone,
      ...(['failed', 'cancelled'] as const).map((state) =>
        aRecord({ invoiceId: 'inv-9', stepKey: 'firm', state, at: '2026-03-03T09:00:00Z' }),
      ),
    ];
    expect(only(plan({ now: wall('2026-03-04', 10), history }).decisions).kind).toBe('send');
  });

  it("holds a paid invoice and still sends the customer's other one", () => {
    const { decisions } = plan({ now: wall('2026-03-04', 10), invoices: [anInvoice({ amountDueMinor: 0, status: 'paid' }), second] });
    expect(decisions.map(summary)).toEqual(['hold paid - -', 'send friendly 2026-03-04']);
  });
});

describe('dueSteps, across customers and policies', () => {
  const contacts: ScheduleContact[] = [aContact({ id: 'c-b', name: 'Bistro' }), aContact({ id: 'c-a', name: 'Atelier', isConsumer: true })];
  const invoices = [
    anInvoice({ id: 'i1', number: 'F-2', contactId: 'c-b' }),
    anInvoice({ id: 'i2', number: 'F-1', contactId: 'c-b' }),
    anInvoice({ id: 'i3', number: 'F-3', contactId: 'c-a' }),
  ];
  const set: PolicySet = {
    default: aPolicy(),
    rules: [
      {
        name: 'consumers',
        when: { consumer: true },
        policy: aPolicy({
          name: 'Gentle',
          steps: [
            { key: 'nudge', offsetDays: 1, channel: 'email', tone: 'warm', template: 'friendly', charges: 'none', requiresApproval: false },
          ],
        }),
      },
    ],
  };

  it('is deterministic and ordered by customer, invoice number, then step', () => {
    const run = (inv: ScheduleInvoice[]) => plan({ now: wall('2026-03-20', 10), invoices: inv, contacts, policies: set });
    const a = run(invoices);
    expect(a.decisions.map((d) => `${d.contactId} ${d.invoiceId} ${summary(d)}`)).toEqual([
      'c-a i3 send nudge 2026-03-04',
      'c-b i2 skip courtesy 2026-02-28',
      'c-b i2 skip friendly 2026-03-04',
      'c-b i2 send firm 2026-03-13',
      'c-b i1 skip courtesy 2026-02-28',
      'c-b i1 skip friendly 2026-03-04',
      'c-b i1 send firm 2026-03-13',
    ]);
    const sends = a.decisions.filter((d) => d.kind === 'send');
    expect(sends.map((d) => d.policyName)).toEqual(['Gentle', 'Standard', 'Standard']);
    expect(run([...invoices].reverse())).toEqual(a);
    expect(a.messages.map((m) => `${m.contactId}:${m.invoiceIds.join('+')}`)).toEqual(['c-a:i3', 'c-b:i2+i1']);
  });

  it('plans an invoice whose customer is missing from the store as blocked, saying so', () => {
    const d = only(plan({ now: wall('2026-03-04', 10), contacts: [] }).decisions);
    expect(d.kind).toBe('blocked');
    expect(d.why).toContain('the customer (id c-1, not synced) has no email address');
  });

  it('reads an unreadable history stamp as no contact rather than failing the batch', () => {
    const history = [...courtesyDone, aRecord({ invoiceId: 'inv-9', stepKey: 'firm', state: 'sent', at: 'not a date' })];
    expect(only(plan({ now: wall('2026-03-04', 10), history }).decisions).kind).toBe('send');
  });
});

describe('dueSteps on daylight-saving days', () => {
  const changes: [string, string][] = [
    ['Europe/Paris', '2026-03-29'],
    ['Europe/Paris', '2026-10-25'],
    ['Europe/London', '2026-03-29'],
    ['Europe/London', '2026-10-25'],
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Australia/Sydney', '2026-04-05'],
    ['Australia/Sydney', '2026-10-04'],
    ['Pacific/Chatham', '2026-04-05'],
    ['Pacific/Chatham', '2026-09-27'],
  ];
  const allDay = {
    default: aPolicy({
      sendWindow: { startHour: 0, endHour: 24, weekdays: [1, 2, 3, 4, 5, 6, 7], skipHolidays: false },
      steps: [
        { key: 'nudge', offsetDays: 1, channel: 'email', tone: 'warm', template: 'friendly', charges: 'none', requiresApproval: false },
      ],
    }),
    rules: [],
  };

  it.each(changes)('in %s a step due on %s is due from its first minute to its last, and not before', (zone, change) => {
    const dueDate = addDays(day(change), -1);
    const at = (date: CalendarDate, h: number, m: number) =>
      summary(
        only(
          dueSteps({
            now: zonedInstant(date, h, m, zone),
            zone,
            policies: allDay,
            invoices: [anInvoice({ dueDate })],
            contacts: [aContact()],
            answers: [],
            history: [],
          }).decisions,
        ),
      );
    expect(at(dueDate, 23, 59)).toBe(`hold not-yet-due nudge ${change}`);
    expect(at(day(change), 0, 0)).toBe(`send nudge ${change}`);
    expect(at(day(change), 12, 0)).toBe(`send nudge ${change}`);
    expect(at(day(change), 23, 59)).toBe(`send nudge ${change}`);
  });
});

describe('dueSteps in French', () => {
  const fr = (over: Partial<DueStepsInput> & { now: Date }) => plan({ locale: 'fr', ...over }).decisions.map((d) => d.why);

  it.each([
    [
      'a send',
      { now: wall('2026-03-04', 10) },
      ["INV-0001 : relance amiable à faire aujourd'hui (1 jour après l'échéance du 3 mars 2026)."],
    ],
    [
      'an outage',
      { now: wall('2026-03-16', 10), history: [] },
      [
        "INV-0001 : étape sautée : « rappel de courtoisie » (du 28 février 2026) est remplacée par l'étape « relance ferme », à faire maintenant.",
        "INV-0001 : étape sautée : « relance amiable » (du 4 mars 2026) est remplacée par l'étape « relance ferme », à faire maintenant.",
        "INV-0001 : relance ferme à faire depuis le 13 mars 2026 (10 jours après l'échéance du 3 mars 2026).",
      ],
    ],
    [
      'the weekend',
      { now: wall('2026-03-07', 10) },
      [
        "INV-0001 : relance amiable à faire depuis le 4 mars 2026 (1 jour après l'échéance du 3 mars 2026) ; l'envoi attend la plage d'envoi (lun–ven 09:00–17:00) et partira le 9 mars 2026.",
      ],
    ],
    [
      'no address',
      { now: wall('2026-03-04', 10), contacts: [aContact({ emails: [] })] },
      [
        "INV-0001 : relance amiable à faire aujourd'hui (1 jour après l'échéance du 3 mars 2026), mais Acme SARL n'a pas d'adresse e-mail ; ajoutez-en une à la fiche du contact dans votre logiciel comptable et l'envoi partira au passage suivant.",
      ],
    ],
    [
      'a paid invoice',
      { now: wall('2026-03-04', 10), invoices: [anInvoice({ status: 'paid', amountDueMinor: 0 })] },
      ['INV-0001 : payée en totalité ; plus rien ne sera envoyé.'],
    ],
    [
      'a promise',
      {
        now: wall('2026-03-04', 10),
        answers: [
          {
            kind: 'promise',
            id: 'p',
            invoiceIds: ['inv-1'],
            at: '2026-03-03T10:00:00Z',
            promisedDate: day('2026-03-10'),
            source: 'customer',
          },
        ],
      },
      [
        'INV-0001 : paiement promis pour le 10 mars 2026 ; les relances reprennent le 14 mars 2026 si elle reste impayée (3 jours de grâce).',
      ],
    ],
  ] as const)('words %s for a French owner', (_name, over, expected) => {
    expect(fr(over as Partial<DueStepsInput> & { now: Date })).toEqual(expected);
  });

  it('speaks French whenever the organisation locale is French, English otherwise', () => {
    expect(plan({ now: wall('2026-03-04', 10), locale: 'fr-CA' }).decisions[0]?.why).toMatch(/^INV-0001 : relance amiable/);
    expect(plan({ now: wall('2026-03-04', 10), locale: 'de-DE' }).decisions[0]?.why).toMatch(/^INV-0001: friendly reminder/);
  });
});

describe('dueSteps, a step set before the due date once that date has passed', () => {
  // courtesy 28 Feb (3 days before), friendly moved to 10 Mar (7 days after): a gap in which the courtesy reminder
  // would be the latest due step though its wording ("due on 3 Mar, ignore this if payment is scheduled") is wrong
  const gap = aPolicy({ steps: aPolicy().steps.map((s) => (s.key === 'friendly' ? { ...s, offsetDays: 7 } : s)) });
  const at = (now: Date, over: Partial<DueStepsInput> = {}) =>
    plan({ now, policies: { default: gap, rules: [] }, invoices: [anInvoice({ number: 'INV-0042' })], history: [], ...over });

  it('skips it as past due, says why and names the next step, and the invoice waits for that step', () => {
    const { decisions, messages } = at(wall('2026-03-05', 10));
    expect(decisions.map(summary)).toEqual(['skip courtesy 2026-02-28', 'hold not-yet-due friendly 2026-03-10']);
    expect(decisions[0]).toMatchObject({ kind: 'skip', reason: 'past-due' });
    expect(decisions[0]?.why).toBe(
      'INV-0042: the courtesy reminder (3 days before the due date, 3 Mar 2026) was not sent: the due date has passed; the friendly reminder follows on 10 Mar 2026.',
    );
    expect(messages).toEqual([]);
  });

  it.each([
    ['Mon 2 Mar, before the due date', wall('2026-03-02', 10), ['send courtesy 2026-02-28'], []],
    ['Tue 3 Mar, the due date itself', wall('2026-03-03', 16), ['send courtesy 2026-02-28'], []],
    [
      'Wed 4 Mar at 00:30, the first minutes after it',
      new Date('2026-03-03T23:30:00Z'),
      ['skip courtesy 2026-02-28', 'hold not-yet-due friendly 2026-03-10'],
      ['past-due'],
    ],
    [
      'Mon 9 Mar, the last day of the gap',
      wall('2026-03-09', 10),
      ['skip courtesy 2026-02-28', 'hold not-yet-due friendly 2026-03-10'],
      ['past-due'],
    ],
    [
      'Tue 10 Mar, when the friendly reminder is due',
      wall('2026-03-10', 10),
      ['skip courtesy 2026-02-28', 'send friendly 2026-03-10'],
      ['superseded'],
    ],
  ])('on %s gives %j', (_name, now, expected, reasons) => {
    const ds = at(now).decisions;
    expect(ds.map(summary)).toEqual(expected);
    expect(ds.flatMap((d) => (d.kind === 'skip' ? [d.reason] : []))).toEqual(reasons);
  });

  it('reads "after the due date" on the organisation\'s calendar: 23:30 UTC on the due date is already the next day in Paris, not in New York', () => {
    const now = new Date('2026-03-03T23:30:00Z');
    expect(at(now).decisions.map(summary)).toEqual(['skip courtesy 2026-02-28', 'hold not-yet-due friendly 2026-03-10']);
    expect(at(now, { zone: 'America/New_York' }).decisions.map(summary)).toEqual(['hold outside-send-window courtesy 2026-03-04']);
  });

  it('neither asks approval for it nor reports it blocked once the due date has passed', () => {
    const approval = aPolicy({ steps: gap.steps.map((s) => (s.key === 'courtesy' ? { ...s, requiresApproval: true } : s)) });
    expect(at(wall('2026-03-03', 10), { policies: { default: approval, rules: [] } }).decisions.map(summary)).toEqual([
      'approve courtesy 2026-02-28',
    ]);
    expect(at(wall('2026-03-04', 10), { policies: { default: approval, rules: [] } }).decisions.map(summary)).toEqual([
      'skip courtesy 2026-02-28',
      'hold not-yet-due friendly 2026-03-10',
    ]);
    const noEmail = { contacts: [aContact({ emails: [] })] };
    expect(at(wall('2026-03-03', 10), noEmail).decisions.map(summary)).toEqual(['blocked courtesy 2026-02-28']);
    expect(at(wall('2026-03-04', 10), noEmail).decisions.map(summary)).toEqual([
      'skip courtesy 2026-02-28',
      'hold not-yet-due friendly 2026-03-10',
    ]);
  });

  it('once recorded as skipped, the invoice only waits for the next step', () => {
    const history = [aRecord({ stepKey: 'courtesy', state: 'skipped', at: '2026-03-04T09:00:00Z' })];
    expect(at(wall('2026-03-05', 10), { history }).decisions.map(summary)).toEqual(['hold not-yet-due friendly 2026-03-10']);
  });

  it('skips every step set before the due date, and says so when no step follows', () => {
    const before = aPolicy({
      steps: [
        { key: 'early', offsetDays: -7, channel: 'email', tone: 'warm', template: 'courtesy', charges: 'none', requiresApproval: false },
        { key: 'courtesy', offsetDays: -2, channel: 'email', tone: 'warm', template: 'courtesy', charges: 'none', requiresApproval: false },
      ],
    });
    const ds = at(wall('2026-03-04', 10), { policies: { default: before, rules: [] } }).decisions;
    expect(ds.map(summary)).toEqual(['skip early 2026-02-24', 'skip courtesy 2026-03-01', 'hold all-steps-done - -']);
    expect(ds.map((d) => d.kind === 'skip' && d.reason)).toEqual(['past-due', 'past-due', false]);
    expect(ds[1]?.why).toBe(
      'INV-0042: the courtesy reminder (2 days before the due date, 3 Mar 2026) was not sent: the due date has passed; no later step follows.',
    );
  });

  it('words it in French', () => {
    expect(at(wall('2026-03-05', 10), { locale: 'fr' }).decisions.map((d) => d.why)).toEqual([
      "INV-0042 : étape non envoyée : « rappel de courtoisie » (3 jours avant l'échéance du 3 mars 2026), car l'échéance est passée ; prochaine étape : relance amiable le 10 mars 2026.",
      "INV-0042 : rien à faire pour l'instant ; prochaine étape : relance amiable le 10 mars 2026 (7 jours après l'échéance du 3 mars 2026).",
    ]);
  });

  it('still records a courtesy reminder overtaken by a due later step as superseded, as before', () => {
    const ds = plan({ now: wall('2026-03-16', 10), history: [] }).decisions;
    expect(ds.filter((d) => d.kind === 'skip').map((d) => d.kind === 'skip' && `${d.step.key} ${d.reason}`)).toEqual([
      'courtesy superseded',
      'friendly superseded',
    ]);
  });
});
