import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, calendarDate } from '../../../../src/core/calendar.ts';
import { manualClock } from '../clock.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT } from '../sandbox.ts';
import type { Json } from '../state.ts';
import { connect } from '../testing.ts';
import type { CloudEvent, WebhookRequest } from '../webhooks.ts';
import { payerProfile, plannedPayDay } from './simulate.ts';
import { seedQuickBooks } from './seed.ts';

const TODAY = calendarDate('2026-03-15');

function setup() {
  const clock = manualClock('2026-03-15T18:00:00Z');
  const captured: WebhookRequest[] = [];
  const sandbox = createQuickBooksSandbox({
    now: clock.now,
    state: seedQuickBooks({ seed: 3, today: TODAY, now: clock.now(), invoicesPerCompany: 40 }),
    webhooks: {
      subscriptions: [
        { clientId: DEFAULT_CLIENT.clientId, url: 'https://relance.example/hook', verifierToken: 'v', format: 'cloudevents' },
      ],
      transport: async (req) => {
        captured.push(req);
        return 200;
      },
    },
  });
  return { clock, sandbox, captured };
}

const openInvoices = (sandbox: ReturnType<typeof setup>['sandbox']) =>
  [...sandbox.state.realms.values()].flatMap((realm) =>
    [...realm.entities.Invoice.values()].filter((i) => (i.Balance as number) > 0).map((inv) => ({ realm, inv })),
  );

describe('QuickBooks sandbox: simulated days', () => {
  it('gives customers stable payer profiles: about half on time, three in ten late, one in five never', () => {
    const profiles = Array.from({ length: 1000 }, (_, i) => payerProfile('9341455000000001', String(i + 1)));
    const share = (p: string) => profiles.filter((x) => x === p).length / profiles.length;
    expect(share('on-time')).toBeGreaterThan(0.4);
    expect(share('on-time')).toBeLessThan(0.6);
    expect(share('late')).toBeGreaterThan(0.2);
    expect(share('late')).toBeLessThan(0.4);
    expect(share('never')).toBeGreaterThan(0.12);
    expect(share('never')).toBeLessThan(0.28);
    expect(payerProfile('1', '7')).toBe(payerProfile('1', '7'));
  });

  it('pays on each simulated day what is due that day, dated that day, on time, late or never, with webhooks', async () => {
    const { clock, sandbox, captured } = setup();
    for (const realmId of sandbox.state.realms.keys()) await connect(sandbox, realmId);
    const before = openInvoices(sandbox);
    const plans = new Map(before.map(({ realm, inv }) => [`${realm.id}/${String(inv.Id)}`, plannedPayDay(realm, inv)]));
    expect([...plans.values()].some((d) => d === null)).toBe(true);

    let day: CalendarDate = TODAY;
    let payments = 0;
    for (let n = 0; n < 90; n++) {
      day = addDays(day, 1);
      clock.advance(86_400_000);
      const made = await sandbox.control.simulateDay(day);
      for (const p of made.payments) expect(p.TxnDate).toBe(day);
      payments += made.payments.length;
      if (made.payments.length > 0) expect(made.deliveries).toHaveLength(1);
      else expect(made.deliveries).toHaveLength(0);
    }
    expect(payments).toBeGreaterThan(3);

    for (const { realm, inv } of before) {
      const planned = plans.get(`${realm.id}/${String(inv.Id)}`);
      const now = realm.entities.Invoice.get(inv.Id as string)!;
      const profile = payerProfile(realm.id, (inv.CustomerRef as Json).value as string);
      if (planned === null || planned === undefined) {
        expect(profile).toBe('never');
        expect(now.Balance).toBe(inv.Balance);
        continue;
      }
      expect(planned > TODAY).toBe(true);
      if (planned <= day) expect(now.Balance).toBe(0);
      if (profile === 'late' && (inv.DueDate as string) > TODAY) expect(planned > (inv.DueDate as string)).toBe(true);
      if (profile === 'on-time' && (inv.DueDate as string) > TODAY) expect(planned <= (inv.DueDate as string)).toBe(true);
    }

    const events = captured.flatMap((r) => JSON.parse(r.body) as CloudEvent[]);
    expect(events.filter((e) => e.type === 'qbo.payment.created.v1')).toHaveLength(payments);
    expect(events.some((e) => e.type === 'qbo.invoice.updated.v1')).toBe(true);
    expect((await sandbox.control.simulateDay(day)).payments).toEqual([]);
  });

  it('is reproducible and catches up when days are skipped', async () => {
    const a = setup();
    const b = setup();
    const day = addDays(TODAY, 40);
    for (let n = 1; n <= 40; n++) await a.sandbox.control.simulateDay(addDays(TODAY, n));
    const skipped = await b.sandbox.control.simulateDay(day);
    const stillOpen = (s: ReturnType<typeof setup>['sandbox']) =>
      openInvoices(s)
        .map(({ realm, inv }) => `${realm.id}/${String(inv.Id)}`)
        .sort();
    expect(stillOpen(b.sandbox)).toEqual(stillOpen(a.sandbox));
    expect(skipped.payments.every((p) => (p.TxnDate as string) <= day && (p.TxnDate as string) > TODAY)).toBe(true);
  });
});
