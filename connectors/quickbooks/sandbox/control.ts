import { money, qbTime } from './format.ts';
import {
  appliedTo,
  changed,
  newId,
  refreshCustomerBalance,
  remove,
  stampCreated,
  stampUpdated,
  today,
  voidInvoice,
} from './accounting/ledger.ts';
import { type CalendarDate, calendarDate } from '../../../src/core/calendar.ts';
import { paymentsDue } from './seed/simulate.ts';
import type { createFaults, FaultOptions } from './faults.ts';
import type { AuthStore } from './oauth/store.ts';
import type { Json, SandboxState } from './state.ts';
import type { createWebhooks, Delivery, Subscription, Transport } from './webhooks.ts';

/**
 * What happens in the company's books outside relance (a customer pays, the owner deletes an invoice), for tests and
 * the demo. Changes go through the same stamps as API writes, so queries and CDC see them. Also what goes wrong on
 * Intuit's side: injected faults and tokens dying mid-sync.
 */
export function createControl(
  state: SandboxState,
  now: () => number,
  parts: { faults: ReturnType<typeof createFaults>; auth: AuthStore; webhooks: ReturnType<typeof createWebhooks> },
) {
  const realmOf = (realmId: string) => {
    const realm = state.realms.get(realmId);
    if (!realm) throw new Error(`no company ${realmId}`);
    return realm;
  };
  /** One payment applied to one or more invoices of the same customer (a Line with a LinkedTxn per invoice). */
  function pay(realmId: string, applied: { invoiceId: string; amount: number }[], opts: { date?: CalendarDate } = {}): Json {
    const realm = realmOf(realmId);
    const t = now();
    const invoices = applied.map((a) => {
      const inv = realm.entities.Invoice.get(a.invoiceId);
      if (!inv) throw new Error(`no invoice ${a.invoiceId}`);
      if (a.amount > (inv.Balance as number)) throw new Error(`invoice ${a.invoiceId} owes ${String(inv.Balance)}, less than ${a.amount}`);
      return inv;
    });
    const customerRef = invoices[0]!.CustomerRef as Json;
    if (invoices.some((i) => (i.CustomerRef as Json).value !== customerRef.value)) throw new Error('a payment is from one customer');
    const payment: Json = {
      Id: newId(realm),
      TxnDate: opts.date ?? today(realm, t),
      CurrencyRef: invoices[0]!.CurrencyRef,
      CustomerRef: customerRef,
      TotalAmt: money(applied.reduce((s, a) => s + a.amount, 0)),
      UnappliedAmt: 0,
      ProcessPayment: false,
      Line: applied.map((a) => ({ Amount: money(a.amount), LinkedTxn: [{ TxnId: a.invoiceId, TxnType: 'Invoice' }] })),
    };
    stampCreated(payment, t);
    realm.entities.Payment.set(payment.Id as string, payment);
    changed(realm, 'Payment', payment.Id as string, 'Create', t);
    for (const inv of invoices) {
      inv.Balance = money((inv.TotalAmt as number) - appliedTo(realm, inv.Id as string));
      inv.LinkedTxn = [...((inv.LinkedTxn as Json[] | undefined) ?? []), { TxnId: payment.Id, TxnType: 'Payment' }];
      stampUpdated(inv, t);
      changed(realm, 'Invoice', inv.Id as string, 'Update', t);
    }
    refreshCustomerBalance(realm, customerRef.value as string);
    return payment;
  }

  return {
    pay,
    /**
     * The demo's fast-forward: the customers pay what their profile says they pay on or before `date` (see
     * seed/simulate.ts), each payment dated the day they meant, then the changes go out as webhooks.
     */
    async simulateDay(date: CalendarDate | string): Promise<{ payments: Json[]; deliveries: Delivery[] }> {
      const payments = paymentsDue(state, calendarDate(date)).map((p) => pay(p.realmId, p.applied, { date: p.date }));
      return { payments, deliveries: await parts.webhooks.flush() };
    },
    /** Void an invoice as the owner would: it stays, at zero, and webhooks report a Void. */
    voidInvoice(realmId: string, invoiceId: string): void {
      const realm = realmOf(realmId);
      const inv = realm.entities.Invoice.get(invoiceId);
      if (!inv) throw new Error(`no invoice ${invoiceId}`);
      const refused = voidInvoice(realm, inv, now());
      if (refused) throw new Error(refused);
    },
    /** Delete an invoice as the owner would in QuickBooks: it disappears and CDC reports it Deleted. */
    deleteInvoice(realmId: string, invoiceId: string): void {
      const realm = realmOf(realmId);
      const inv = realm.entities.Invoice.get(invoiceId);
      if (!inv) throw new Error(`no invoice ${invoiceId}`);
      const t = now();
      remove(realm, 'Invoice', invoiceId, t);
      refreshCustomerBalance(realm, (inv.CustomerRef as Json).value as string);
      changed(realm, 'Invoice', invoiceId, 'Delete', t);
    },
    /** The server's idea of now, as QuickBooks stamps it (for `changedSince` in tests). */
    time: (): string => qbTime(now()),
    /** A share of Accounting calls answer 429 ThrottlingFault or 503, drawn from a seed (null: none). */
    faults: (opts: FaultOptions | null): void => parts.faults.set(opts),
    /** The next `count` Accounting calls answer `status`, before any drawn fault. */
    failNext: (count: number, status: 429 | 503): void => parts.faults.failNext(count, status),
    /**
     * Token dies mid-sync: every access token issued so far (for one company, or all) answers 401 from now on; the
     * refresh token still works. Returns how many were live.
     */
    killAccessTokens: (realmId?: string): number => parts.auth.killAccessTokens(realmId),
    /**
     * Token dies mid-sync without the test stepping in: after `calls` more authenticated Accounting calls, the next
     * one answers 401 and the company's access tokens are dead from then on (null: cancel).
     */
    killTokenAfter: (calls: number | null): void => parts.faults.killTokenAfter(calls),
    /** Register (or replace) an app's webhook endpoint: URL, verifier token, payload format. */
    subscribe: (sub: Subscription): void => parts.webhooks.subscribe(sub),
    unsubscribe: (clientId: string): void => parts.webhooks.unsubscribe(clientId),
    /** Capture deliveries in-process (null: back to POSTing with global fetch). */
    webhookTransport: (t: Transport | null): void => parts.webhooks.setTransport(t),
    /** Deliver the retries now due, then the changes made since the last delivery: one signed batch per subscribed app. */
    deliverWebhooks: (): Promise<Delivery[]> => parts.webhooks.flush(),
    /** Changes waiting for the next delivery. */
    pendingWebhookEvents: (): number => parts.webhooks.pending(),
    /** Keep batches back from now on, to release them later in another order. */
    holdWebhooks: (): void => parts.webhooks.hold(),
    releaseWebhooks: (order?: 'inOrder' | 'reverse' | number[]): Promise<Delivery[]> => parts.webhooks.release(order),
    /** The same bytes and signature again, as Intuit's retries send them. */
    redeliverWebhook: (d: Delivery): Promise<Delivery> => parts.webhooks.redeliver(d),
    webhookLog: (): readonly Delivery[] => parts.webhooks.log(),
    /** When the next retry of a failed delivery is due, on the sandbox's clock (null: none waiting). */
    nextWebhookRetryAt: (): number | null => parts.webhooks.nextRetryAt(),
  };
}

export type QuickBooksSandboxControl = ReturnType<typeof createControl>;
