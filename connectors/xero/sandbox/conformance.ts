import { http, HttpResponse } from 'msw';
import type { CalendarDate } from '../../../src/core/calendar.ts';
import { xeroConfig } from '../config.ts';
import { xeroDefinition } from '../index.ts';
import { approveConsent } from './consent.ts';
import { xeroSandboxHandlers } from './msw.ts';
import { createXeroSandbox, DEFAULT_CLIENT, DEFAULT_WEBHOOK_KEY } from './sandbox.ts';
import { seedLedger } from './seed/seed.ts';
import { SEED_TENANTS } from './seed/tenants.ts';
import { XERO_HOSTS } from './urls.ts';

/**
 * Xero's side of the conformance suite (test/conformance: the shape is `ConformanceLedger` there; a connector may not
 * import from test/, so the suite's list checks it). Everything acts on the Xero sandbox as the business or Xero would.
 * Test-only: imports msw, and nothing in src/ imports it.
 */

/** Where the sandbox posts its webhooks: caught here and handed to the suite, which posts them to relance itself. */
const HOOK_URL = 'https://relance.test/__sandbox/xero-webhooks';
const SIGNATURE = 'x-xero-signature';
/** The seeded chart's "Other Revenue": where the suite books charges. */
const CHARGES_ACCOUNT = '260';

const minor = (major: unknown): number => Math.round(Number(major ?? 0) * 100);

export const xeroConformance = {
  id: 'xero',
  displayName: 'Xero',
  /** One format: a signed JSON body of events. */
  webhookFormats: ['events'],
  create(options: { clock: { now(): Date }; today: CalendarDate; seed: number; invoices: number; pageSize: number }) {
    const state = seedLedger({ seed: options.seed, today: options.today, invoices: options.invoices, now: options.clock.now() });
    const sandbox = createXeroSandbox({ state, now: () => options.clock.now() });
    const { control } = sandbox;
    const definition = xeroDefinition(xeroConfig({ overrides: { limits: { pageSize: options.pageSize } } }));
    const caught: { body: string; headers: Record<string, string> }[] = [];
    let handed = 0;
    let customers = 0;
    /** The owner's edit waiting for relance's next update of that invoice. */
    let race: { invoiceId: string; dueDate: CalendarDate } | null = null;
    /** API calls still answered before the access tokens die (null: they live). */
    let tokenLivesFor: number | null = null;
    const tenantOf = (id: string) => {
      const t = state.tenants.get(id.toLowerCase());
      if (!t) throw new Error(`xero conformance: no tenant ${id}`);
      return t;
    };

    /** A new customer with an address of its own: no reminder of another invoice can reach it. */
    function freshCustomer(tenant: string): string {
      const t = tenantOf(tenant);
      customers++;
      const id = crypto.randomUUID();
      t.contacts.set(id, {
        id,
        name: `Conformance Customer ${customers}`,
        firstName: null,
        lastName: null,
        email: `accounts@conformance-${customers}.example`,
        persons: [],
        countryCode: t.countryCode,
        city: 'Lyon',
        isCustomer: true,
        isSupplier: false,
        status: 'ACTIVE',
        payer: null,
        updatedAt: options.clock.now().getTime(),
      });
      return id;
    }

    return {
      handlers: [
        // before the sandbox: the owner's edit lands just before relance's update of the same invoice
        http.post(`${XERO_HOSTS.api}/api.xro/2.0/Invoices/:id`, ({ params }) => {
          if (!race || String(params.id).toLowerCase() !== race.invoiceId.toLowerCase()) return undefined;
          const id = race.invoiceId.toLowerCase();
          const target = [...state.tenants.values()].map((t) => t.invoices.get(id)).find((x) => x !== undefined);
          if (target) {
            target.dueDate = race.dueDate;
            target.updatedAt = options.clock.now().getTime();
          }
          race = null;
          return undefined;
        }),
        // before the sandbox: counts API calls, and kills the access tokens when their time has come
        http.all(`${XERO_HOSTS.api}/*`, () => {
          if (tokenLivesFor === null) return undefined;
          if (tokenLivesFor === 0) {
            tokenLivesFor = null;
            control.expireAccessTokens();
          } else tokenLivesFor--;
          return undefined;
        }),
        ...xeroSandboxHandlers(sandbox),
        http.post(HOOK_URL, async ({ request }) => {
          caught.push({ body: await request.text(), headers: Object.fromEntries(request.headers) });
          return new HttpResponse(null, { status: 200 });
        }),
      ],
      definition,
      credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
      webhook: (raw: Uint8Array, headers: Headers) => definition.webhook(raw, headers, DEFAULT_WEBHOOK_KEY),
      signatureHeader: SIGNATURE,
      tenants: [
        {
          externalId: SEED_TENANTS.fr.id,
          name: SEED_TENANTS.fr.name,
          place: { countryCode: 'FR', baseCurrency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' },
        },
        {
          externalId: SEED_TENANTS.uk.id,
          name: SEED_TENANTS.uk.name,
          place: { countryCode: 'GB', baseCurrency: 'GBP', timeZone: 'Europe/London', locale: 'en' },
        },
      ],
      // Xero's consent covers every organisation the user picks: the sandbox's screen picks them all
      approveConsent: (url: string) => approveConsent(url),
      invoices: (tenant: string) =>
        [...tenantOf(tenant).invoices.values()]
          .filter((i) => i.type === 'ACCREC')
          .map((i) => {
            const json = control.invoice(tenant, i.id);
            return {
              externalId: i.id,
              number: i.number,
              dueDate: i.dueDate,
              totalMinor: minor(json.Total),
              dueMinor: minor(json.AmountDue),
            };
          }),
      async raiseInvoice(
        tenant: string,
        input: { issueDate: CalendarDate; dueDate: CalendarDate; amountMinor: number; fresh: boolean; sameCustomerAs?: string },
      ): Promise<{ externalId: string; number: string }> {
        const sibling = input.sameCustomerAs ? tenantOf(tenant).invoices.get(input.sameCustomerAs.toLowerCase()) : undefined;
        const contactId = sibling?.contactId ?? (input.fresh ? freshCustomer(tenant) : undefined);
        const made = await control.addInvoice(tenant, {
          ...(contactId ? { contactId } : {}),
          date: input.issueDate,
          dueDate: input.dueDate,
          amountMinor: input.amountMinor,
        });
        return { externalId: made.invoiceId, number: made.number };
      },
      async payInvoice(tenant: string, invoiceId: string, amountMinor?: number): Promise<void> {
        await control.payInvoice(tenant, invoiceId, amountMinor === undefined ? {} : { amountMinor });
      },
      // Xero's payments each pay one invoice: settling several is one payment each
      async payTogether(tenant: string, invoiceIds: string[]): Promise<void> {
        for (const id of invoiceIds) await control.payInvoice(tenant, id);
      },
      // Xero deletes drafts only: an approved invoice is voided
      deleteInvoice: async (_tenant: string, _invoiceId: string) => false,
      voidInvoice: (tenant: string, invoiceId: string) => control.voidInvoice(tenant, invoiceId),
      async moveDueDate(tenant: string, invoiceId: string, dueDate: CalendarDate): Promise<void> {
        const inv = tenantOf(tenant).invoices.get(invoiceId.toLowerCase());
        if (!inv) throw new Error(`xero conformance: no invoice ${invoiceId}`);
        // what the owner's edit in Xero does: the date, and UpdatedDateUTC, which incremental reads filter on
        inv.dueDate = dueDate;
        inv.updatedAt = options.clock.now().getTime();
      },
      moveDueDateBeforeNextUpdate(_tenant: string, invoiceId: string, dueDate: CalendarDate): void {
        race = { invoiceId, dueDate };
      },
      subscribeWebhooks: (on: boolean, _format?: string) =>
        control.setWebhook(on ? { url: HOOK_URL, key: DEFAULT_WEBHOOK_KEY } : { url: null }),
      async deliveries() {
        await control.settled();
        const fresh = caught.slice(handed);
        handed = caught.length;
        return fresh;
      },
      faults: (f: { rate: number; seed: number } | null) => control.faults(f ? { rate: f.rate, statuses: [429, 503], seed: f.seed } : null),
      killAccessTokens: () => control.expireAccessTokens(),
      killAccessTokensAfter: (calls: number) => {
        tokenLivesFor = calls;
      },
      // one consent covers both seeded tenants: its rotations are counted under each of them
      refreshes: () => control.refreshCount(SEED_TENANTS.fr.id),
      connected: (tenant: string) => control.connections().some((c) => c.tenantId === tenant.toLowerCase()),
      notes: (tenant: string, invoiceId: string) => control.notes(tenant, invoiceId).filter((n) => n.startsWith('relance')),
      charges(tenant: string, invoiceId: string) {
        const original = tenantOf(tenant).invoices.get(invoiceId.toLowerCase());
        if (!original) return [];
        // a charges invoice names the invoice it is for in its reference
        const separate = [...tenantOf(tenant).invoices.values()]
          .filter((i) => i.id !== original.id && i.type === 'ACCREC' && i.reference.includes(original.number))
          .map((i) => ({ externalId: i.id, amountMinor: minor(control.invoice(tenant, i.id).Total) }));
        // or lines added to the original, booked to the charges account (the raised invoices' own lines are on 200)
        const lines = original.lines.filter((l) => l.accountCode === CHARGES_ACCOUNT);
        const added = lines.length
          ? [{ externalId: original.id, amountMinor: lines.reduce((sum, l) => sum + l.lineMinor + l.taxMinor, 0) }]
          : [];
        return [...separate, ...added];
      },
      chargeTarget: () => CHARGES_ACCOUNT,
    };
  },
};
