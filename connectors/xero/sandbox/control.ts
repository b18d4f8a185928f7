import type { CalendarDate } from '../../../src/core/calendar.ts';
import { calendarDate } from '../../../src/core/calendar.ts';
import { planCreate } from './accounting/invoice-writes.ts';
import { addPayment, allocate, amountsOf, buildLines, nextNumber, recordCreation, voidInvoice } from './accounting/ledger.ts';
import { invoiceJson } from './accounting/serialize.ts';
import { today } from './accounting/document-input.ts';
import type { AppParts } from './app.ts';
import type { FaultOptions } from './faults.ts';
import { xeroJson } from './format.ts';
import type { LimitOptions } from './limits.ts';
import type { AuthStore, TokenPair } from './oauth/store.ts';
import { simulateDay } from './seed/simulate.ts';
import type { HistoryEntry, SandboxCreditNote, SandboxInvoice, Tenant } from './state.ts';
import { xeroUrls, issuerOf } from './urls.ts';
import type { createWebhooks } from './webhooks.ts';

/**
 * The sandbox's back door, for tests and the demo: act as the business (add, pay, void, credit invoices), as Xero
 * (disconnect, expire tokens, inject faults, send webhooks), and read what the client did (calls, refreshes, notes).
 * Every change goes through the same ledger rules as the API and, with a webhook URL set, is posted before it returns.
 */

export type NewInvoice = {
  contactId?: string;
  date?: CalendarDate | string;
  dueDate: CalendarDate | string;
  /** One line of this amount (minor units, no tax) unless `lines` are given. */
  amountMinor?: number;
  lines?: { description: string; quantity?: number; unitAmountMinor: number; accountCode?: string; taxType?: string }[];
  status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
  number?: string;
  reference?: string;
  type?: 'ACCREC' | 'ACCPAY';
};

type Parts = AppParts & {
  auth: AuthStore;
  webhooks: ReturnType<typeof createWebhooks>;
  setWebhook(w: { url: string | null; key?: string }): void;
  setLimits(l: Partial<LimitOptions>): void;
  flushSoon(): Promise<void>;
  defaultClientId: string;
};

export function createControl(parts: Parts) {
  const { ctx } = parts;
  const tenant = (id: string): Tenant => {
    const t = ctx.state.tenants.get(id.toLowerCase());
    if (!t) throw new Error(`sandbox: no tenant ${id}`);
    return t;
  };
  const invoice = (t: Tenant, idOrNumber: string): SandboxInvoice => {
    const inv = t.invoices.get(idOrNumber.toLowerCase()) ?? [...t.invoices.values()].find((i) => i.number === idOrNumber);
    if (!inv) throw new Error(`sandbox: no invoice ${idOrNumber} in ${t.name}`);
    return inv;
  };
  const changed = async (t: Tenant, invoiceIds: string[]): Promise<void> => {
    for (const id of invoiceIds) ctx.emit(t, 'INVOICE', id, 'UPDATE');
    await parts.webhooks.flush();
  };

  return {
    now: (): Date => new Date(ctx.ids.now()),
    tenants: () =>
      [...ctx.state.tenants.values()].map((t) => ({
        tenantId: t.id,
        name: t.name,
        currency: t.currency,
        timeZone: t.timeZone,
        countryCode: t.countryCode,
      })),

    /** Consent without the browser: connect these tenants (default: all) and get a token pair. */
    async connect(
      opts: { clientId?: string; tenantIds?: string[]; scope?: string; issuer?: string; userId?: string } = {},
    ): Promise<TokenPair> {
      const clientId = opts.clientId ?? parts.defaultClientId;
      const grant = ctx.auth.consent(
        clientId,
        opts.tenantIds ?? [...ctx.state.tenants.keys()],
        opts.scope ??
          'openid profile email offline_access accounting.invoices accounting.payments.read accounting.contacts.read accounting.settings.read',
        null,
        ...(opts.userId ? [opts.userId] : []),
      );
      return ctx.auth.issuePair(grant, opts.issuer ?? issuerOf(xeroUrls));
    },
    /** The user disconnects the app from Xero's side: the tenant's calls answer 403 from now on. */
    disconnect(tenantId: string, clientId = parts.defaultClientId): void {
      for (const c of ctx.auth.allConnections()) if (c.tenantId === tenantId.toLowerCase() && c.clientId === clientId) c.deleted = true;
    },
    connections: (clientId = parts.defaultClientId) => ctx.auth.connections(clientId),
    expireAccessTokens: (): void => ctx.auth.expireAccessTokens(),
    setAccessTokenLifetime(seconds: number): void {
      ctx.settings.accessTokenSeconds = seconds;
    },
    /** Successful rotations of refresh tokens covering this tenant (grace-period replays are not counted). */
    refreshCount: (tenantId: string): number => ctx.auth.refreshCount(tenantId.toLowerCase()),

    /** Calls per endpoint, as "GET /api.xro/2.0/Invoices" or "PUT /api.xro/2.0/Invoices/{id}/History". */
    calls: (): Record<string, number> => Object.fromEntries(parts.calls),
    resetCalls: (): void => parts.calls.clear(),
    faults: (opts: FaultOptions | null): void => parts.faults.set(opts),
    failNext: (count: number, status: number): void => parts.faults.failNext(count, status),
    setLimits: (l: Partial<LimitOptions>): void => parts.setLimits(l),
    resetLimits: (): void => parts.limiter.reset(),
    setLatency(ms: number): void {
      ctx.settings.latencyMs = ms;
    },

    setWebhook: (w: { url: string | null; key?: string }): void => parts.setWebhook(w),
    intentToReceive: () => parts.webhooks.intentToReceive(),
    webhookLog: () => parts.webhooks.log(),
    redeliver: parts.webhooks.redeliver,
    /** Resolves once every webhook queued so far has been answered. */
    async settled(): Promise<void> {
      await parts.flushSoon();
      await parts.webhooks.settled();
    },

    async addInvoice(tenantId: string, input: NewInvoice): Promise<{ invoiceId: string; number: string }> {
      const t = tenant(tenantId);
      const contactId = input.contactId ?? [...t.contacts.values()].find((c) => c.isCustomer)?.id;
      const lines = input.lines ?? [{ description: 'Services', unitAmountMinor: input.amountMinor ?? 10_000, taxType: 'NONE' }];
      const plan = planCreate(
        t,
        {
          Type: input.type ?? 'ACCREC',
          Contact: { ContactID: contactId },
          Date: input.date,
          DueDate: input.dueDate,
          Status: input.status ?? 'AUTHORISED',
          InvoiceNumber: input.number,
          Reference: input.reference,
          LineItems: lines.map((l) => ({
            Description: l.description,
            Quantity: l.quantity ?? 1,
            UnitAmount: l.unitAmountMinor / 100,
            AccountCode: l.accountCode ?? '200',
            TaxType: l.taxType,
          })),
        },
        ctx.ids,
        'Camille Martin',
      );
      if (plan.errors.length > 0) throw new Error(`sandbox: invoice refused: ${plan.errors.join('; ')}`);
      const { invoice: inv } = plan.apply();
      ctx.emit(t, 'INVOICE', inv.id, 'CREATE');
      await parts.webhooks.flush();
      return { invoiceId: inv.id, number: inv.number };
    },

    async payInvoice(
      tenantId: string,
      invoiceId: string,
      p: { amountMinor?: number; date?: CalendarDate | string } = {},
    ): Promise<{ paymentId: string }> {
      const t = tenant(tenantId);
      const inv = invoice(t, invoiceId);
      const payment = addPayment(
        t,
        inv.id,
        {
          amountMinor: p.amountMinor ?? amountsOf(t, inv).due,
          date: p.date ? calendarDate(p.date) : today(t, ctx.ids),
        },
        ctx.ids,
      );
      await changed(t, [inv.id]);
      return { paymentId: payment.id };
    },

    async voidInvoice(tenantId: string, invoiceId: string): Promise<void> {
      const t = tenant(tenantId);
      voidInvoice(t, invoice(t, invoiceId), ctx.ids);
      await changed(t, [invoice(t, invoiceId).id]);
    },

    /** An authorised credit note for `amountMinor` (default: all that is due), allocated to the invoice. */
    async creditInvoice(
      tenantId: string,
      invoiceId: string,
      c: { amountMinor?: number; date?: CalendarDate | string } = {},
    ): Promise<{ creditNoteId: string }> {
      const t = tenant(tenantId);
      const inv = invoice(t, invoiceId);
      const amountMinor = c.amountMinor ?? amountsOf(t, inv).due;
      const date = c.date ? calendarDate(c.date) : today(t, ctx.ids);
      const note: SandboxCreditNote = {
        id: ctx.ids.newId(),
        type: 'ACCRECCREDIT',
        number: nextNumber(t, 'creditNote'),
        reference: inv.number,
        contactId: inv.contactId,
        date,
        status: 'AUTHORISED',
        lineAmountTypes: 'NoTax',
        currency: inv.currency,
        allocations: [],
        updatedAt: ctx.ids.now(),
        lines: buildLines(
          t,
          [
            {
              description: `Credit on ${inv.number}`,
              quantity: 1,
              unitAmountMinor: amountMinor,
              accountCode: '200',
              itemCode: null,
              taxType: 'NONE',
            },
          ],
          'NoTax',
          ctx.ids,
        ),
      };
      t.creditNotes.set(note.id, note);
      recordCreation(t, note, note.updatedAt, 'Camille Martin');
      allocate(t, note, { invoiceId: inv.id, amountMinor, date }, ctx.ids);
      ctx.emit(t, 'CREDITNOTE', note.id, 'CREATE', { Type: note.type, Status: note.status });
      await changed(t, [inv.id]);
      return { creditNoteId: note.id };
    },

    /** Customers pay what their profile says they pay on `date`; one webhook batch per tenant. */
    async simulateDay(date: CalendarDate | string): Promise<{ payments: number }> {
      const made = simulateDay(ctx.state, calendarDate(date), ctx.ids);
      for (const t of ctx.state.tenants.values()) {
        const ids = [...new Set(made.filter((m) => m.tenant === t).map((m) => m.payment.invoiceId))];
        if (ids.length > 0) await changed(t, ids);
      }
      return { payments: made.length };
    },

    /** The invoice as the API would answer it (parsed JSON). */
    invoice(tenantId: string, idOrNumber: string): Record<string, unknown> {
      const t = tenant(tenantId);
      return JSON.parse(xeroJson(invoiceJson(t, invoice(t, idOrNumber), true))) as Record<string, unknown>;
    },
    history: (tenantId: string, invoiceId: string): readonly HistoryEntry[] =>
      tenant(tenantId).history.get(invoice(tenant(tenantId), invoiceId).id) ?? [],
    notes: (tenantId: string, invoiceId: string): string[] =>
      (tenant(tenantId).history.get(invoice(tenant(tenantId), invoiceId).id) ?? [])
        .filter((h) => h.changes === 'Note')
        .map((h) => h.details),
  };
}

export type XeroSandboxControl = ReturnType<typeof createControl>;
