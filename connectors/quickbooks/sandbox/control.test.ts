import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../../src/core/calendar.ts';
import { manualClock } from './clock.ts';
import { createQuickBooksSandbox } from './sandbox.ts';
import { seedQuickBooks } from './seed/seed.ts';
import { accountingClient, connect } from './testing.ts';

describe('QuickBooks sandbox control', () => {
  it('records one payment over two invoices, which queries and CDC then show', async () => {
    const clock = manualClock('2026-03-15T18:00:00Z');
    const sandbox = createQuickBooksSandbox({
      now: clock.now,
      state: seedQuickBooks({ seed: 2, today: calendarDate('2026-03-15'), now: clock.now() }),
    });
    const session = await connect(sandbox);
    const api = accountingClient(sandbox, session.accessToken, session.realmId);
    const realm = sandbox.state.realms.get(session.realmId)!;
    const open = [...realm.entities.Invoice.values()].filter((i) => (i.Balance as number) > 0);
    const customerId = (open[0]!.CustomerRef as { value: string }).value;
    const two = open.filter((i) => (i.CustomerRef as { value: string }).value === customerId).slice(0, 2);
    clock.advance(60_000);
    const since = clock.now().toISOString();
    clock.advance(60_000);
    const payment = sandbox.control.pay(
      session.realmId,
      two.map((i, k) => ({ invoiceId: i.Id as string, amount: k === 0 ? (i.Balance as number) : 1 })),
    );
    expect(payment.Line).toHaveLength(two.length);
    expect(realm.entities.Invoice.get(two[0]!.Id as string)!.Balance).toBe(0);
    const changed = await api('GET', `cdc?entities=Invoice,Payment&changedSince=${encodeURIComponent(since)}`);
    const [invoices, payments] = changed.json.CDCResponse[0].QueryResponse;
    expect(invoices.Invoice.map((i: any) => i.Id).sort()).toEqual(two.map((i) => i.Id).sort());
    expect(payments.Payment.map((p: any) => p.Id)).toEqual([payment.Id]);
    expect(() => sandbox.control.pay(session.realmId, [{ invoiceId: two[0]!.Id as string, amount: 5 }])).toThrow(/owes/);
  });
});
