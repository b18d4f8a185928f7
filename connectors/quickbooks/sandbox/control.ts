import { money, qbTime } from './format.ts';
import { appliedTo, newId, refreshCustomerBalance, remove, stampCreated, stampUpdated, today } from './accounting/ledger.ts';
import type { createFaults, FaultOptions } from './faults.ts';
import type { AuthStore } from './oauth/store.ts';
import type { Json, SandboxState } from './state.ts';

/**
 * What happens in the company's books outside relance (a customer pays, the owner deletes an invoice), for tests and
 * the demo. Changes go through the same stamps as API writes, so queries and CDC see them. Also what goes wrong on
 * Intuit's side: injected faults and tokens dying mid-sync.
 */
export function createControl(state: SandboxState, now: () => number, parts: { faults: ReturnType<typeof createFaults>; auth: AuthStore }) {
  const realmOf = (realmId: string) => {
    const realm = state.realms.get(realmId);
    if (!realm) throw new Error(`no company ${realmId}`);
    return realm;
  };
  return {
    /** One payment applied to one or more invoices of the same customer (a Line with a LinkedTxn per invoice). */
    pay(realmId: string, applied: { invoiceId: string; amount: number }[]): Json {
      const realm = realmOf(realmId);
      const t = now();
      const invoices = applied.map((a) => {
        const inv = realm.entities.Invoice.get(a.invoiceId);
        if (!inv) throw new Error(`no invoice ${a.invoiceId}`);
        if (a.amount > (inv.Balance as number))
          throw new Error(`invoice ${a.invoiceId} owes ${String(inv.Balance)}, less than ${a.amount}`);
        return inv;
      });
      const customerRef = invoices[0]!.CustomerRef as Json;
      if (invoices.some((i) => (i.CustomerRef as Json).value !== customerRef.value)) throw new Error('a payment is from one customer');
      const payment: Json = {
        Id: newId(realm),
        TxnDate: today(realm, t),
        CurrencyRef: invoices[0]!.CurrencyRef,
        CustomerRef: customerRef,
        TotalAmt: money(applied.reduce((s, a) => s + a.amount, 0)),
        UnappliedAmt: 0,
        ProcessPayment: false,
        Line: applied.map((a) => ({ Amount: money(a.amount), LinkedTxn: [{ TxnId: a.invoiceId, TxnType: 'Invoice' }] })),
      };
      stampCreated(payment, t);
      realm.entities.Payment.set(payment.Id as string, payment);
      for (const inv of invoices) {
        inv.Balance = money((inv.TotalAmt as number) - appliedTo(realm, inv.Id as string));
        inv.LinkedTxn = [...((inv.LinkedTxn as Json[] | undefined) ?? []), { TxnId: payment.Id, TxnType: 'Payment' }];
        stampUpdated(inv, t);
      }
      refreshCustomerBalance(realm, customerRef.value as string);
      return payment;
    },
    /** Delete an invoice as the owner would in QuickBooks: it disappears and CDC reports it Deleted. */
    deleteInvoice(realmId: string, invoiceId: string): void {
      const realm = realmOf(realmId);
      const inv = realm.entities.Invoice.get(invoiceId);
      if (!inv) throw new Error(`no invoice ${invoiceId}`);
      remove(realm, 'Invoice', invoiceId, now());
      refreshCustomerBalance(realm, (inv.CustomerRef as Json).value as string);
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
  };
}

export type QuickBooksSandboxControl = ReturnType<typeof createControl>;
