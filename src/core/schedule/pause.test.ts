import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerAnswer } from '../answers.ts';
import { addDays, maxDate } from '../calendar.ts';
import type { Decision } from '../reminder.ts';
import { invoiceHold } from './holds.ts';
import { nextActionOn } from './next-action.ts';
import { dueSteps } from './plan.ts';
import { aContact, anInvoice, aPolicy, aRecord, day, wall } from './testkit.ts';

// Standard policy, invoice due Tue 3 Mar 2026: courtesy 28 Feb, friendly 4 Mar, firm 13 Mar, call 23 Mar, final 2 Apr.
const policy = aPolicy();
const today = day('2026-03-18');
const courtesySent = [aRecord({ stepKey: 'courtesy', state: 'sent', at: '2026-02-28T09:00:00Z' })];

describe('a pause until a date', () => {
  it('holds while today is before its end, and says until when', () => {
    const hold = invoiceHold(anInvoice({ paused: true, pausedUntil: day('2026-03-25') }), [], aContact(), today, policy);
    expect(hold).toEqual({
      reason: 'paused',
      until: '2026-03-25',
      why: 'INV-0001: you paused reminders for this invoice until 25 Mar 2026; they resume by themselves on that day.',
    });
    const fr = invoiceHold(anInvoice(), [], aContact({ paused: true, pausedUntil: day('2026-03-25') }), today, policy, 'fr');
    expect(fr?.why).toBe(
      "INV-0001 : vous avez suspendu les relances pour Acme SARL jusqu'au 25 mars 2026 ; elles reprennent d'elles-mêmes ce jour-là.",
    );
  });

  it('ends by itself on its day', () => {
    expect(invoiceHold(anInvoice({ paused: true, pausedUntil: today }), [], aContact(), today, policy)).toBeNull();
    expect(invoiceHold(anInvoice(), [], aContact({ paused: true, pausedUntil: addDays(today, -3) }), today, policy)).toBeNull();
  });

  it('the later of the invoice and customer pauses wins; an open-ended one holds with no end', () => {
    const inv = anInvoice({ paused: true, pausedUntil: day('2026-03-20') });
    expect(invoiceHold(inv, [], aContact({ paused: true, pausedUntil: day('2026-04-01') }), today, policy)?.until).toBe('2026-04-01');
    expect(invoiceHold(inv, [], aContact({ paused: true, pausedUntil: null }), today, policy)).toMatchObject({
      reason: 'paused',
      until: null,
    });
    expect(invoiceHold(anInvoice({ paused: true }), [], aContact(), today, policy)).toMatchObject({ until: null });
  });

  it('a pausedUntil without paused is no pause', () => {
    expect(invoiceHold(anInvoice({ paused: false, pausedUntil: day('2026-04-01') }), [], aContact(), today, policy)).toBeNull();
  });

  it('dueSteps: held during the pause, the due step goes out on its end', () => {
    const run = (now: Date) =>
      dueSteps({
        now,
        zone: 'Europe/Paris',
        policies: { default: policy, rules: [] },
        invoices: [anInvoice({ paused: true, pausedUntil: day('2026-03-16') })],
        contacts: [aContact()],
        answers: [],
        history: courtesySent,
      }).decisions.map((d: Decision) => (d.kind === 'hold' ? `hold ${d.reason} ${d.until}` : `${d.kind} ${d.step.key}`));
    expect(run(wall('2026-03-13', 10))).toEqual(['hold paused 2026-03-16']);
    expect(run(wall('2026-03-16', 10))).toEqual(['skip friendly', 'send firm']);
  });

  it('nextActionOn: the end of the pause, or the open step when later; null for an open-ended pause', () => {
    const next = (inv: Parameters<typeof anInvoice>[0], c: Parameters<typeof aContact>[0] = {}) =>
      nextActionOn(anInvoice(inv), aContact(c), [], courtesySent, policy);
    expect(next({ paused: true, pausedUntil: day('2026-03-20') })).toBe('2026-03-20');
    expect(next({ paused: true, pausedUntil: day('2026-03-01') })).toBe('2026-03-04');
    expect(next({}, { paused: true, pausedUntil: day('2026-04-10') })).toBe('2026-04-10');
    expect(next({ paused: true })).toBeNull();
    expect(next({ paused: true, pausedUntil: day('2026-03-20') }, { paused: true })).toBeNull();
  });

  it('property: nextActionOn is never before the pause ends, and a hold never outlives it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 60 }), fc.integer({ min: -40, max: 60 }), fc.boolean(), (endIn, dayIn, onContact) => {
        const ends = addDays(today, endIn);
        const now = addDays(today, dayIn);
        const inv = anInvoice(onContact ? {} : { paused: true, pausedUntil: ends });
        const c = aContact(onContact ? { paused: true, pausedUntil: ends } : {});
        const promise: CustomerAnswer[] = [];
        const on = nextActionOn(inv, c, promise, courtesySent, policy);
        expect(on).toBe(maxDate(day('2026-03-04'), ends));
        const hold = invoiceHold(inv, promise, c, now, policy);
        expect(hold !== null).toBe(now < ends);
        if (hold) expect(hold.until).toBe(ends);
      }),
    );
  });
});
