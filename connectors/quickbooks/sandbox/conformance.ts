import { http, type HttpHandler } from 'msw';
import type { CalendarDate } from '../../../src/core/calendar.ts';
import type { ConnectorDefinition } from '../../shared/definition.ts';
import { quickbooksConfig } from '../config.ts';
import { quickbooksDefinition } from '../definition.ts';
import { changed, newId, refreshCustomerBalance, stampCreated, stampUpdated } from './accounting/ledger.ts';
import { approveConsent } from './consent.ts';
import { money } from './format.ts';
import { createQuickBooksSandbox, DEFAULT_CLIENT } from './sandbox.ts';
import { COMPANIES } from './seed/companies.ts';
import { seedQuickBooks } from './seed/seed.ts';
import type { Json, Realm } from './state.ts';
import { INTUIT_HOSTS, PATHS } from './urls.ts';
import type { WebhookRequest } from './webhooks.ts';

/**
 * QuickBooks' side of the conformance suite (test/conformance: the shape is `ConformanceLedger` there; a connector may
 * not import from test/, so the suite's list checks it). Everything acts on the QuickBooks sandbox as the business or
 * Intuit would. Test-only: imports msw, and nothing in src/ imports it.
 *
 * The sandbox's control has no "raise an invoice" nor "is this company still connected": raising writes the entities
 * the way the sandbox's own write routes do (stamps, change feed, webhooks), and the consent's liveness is followed
 * from the OAuth traffic the msw handlers see (code → realm, tokens issued, tokens revoked).
 */

const VERIFIER_TOKEN = 'relance-conformance-verifier-token';
const HOOK_URL = 'https://relance.test/__sandbox/quickbooks-webhooks';

const minor = (major: unknown): number => Math.round(Number(major ?? 0) * 100);
const ref = (value: string, name?: string): Json => (name === undefined ? { value } : { value, name });

type Definition = Pick<ConnectorDefinition, 'connect' | 'create' | 'webhook'>;

/** The adapter over a connector definition for a page size (the connector builds it; see the list in the suite). */
export function quickbooksConformanceOf(definitionFor: (pageSize: number) => Definition) {
  return {
    id: 'quickbooks',
    displayName: 'QuickBooks Online',
    /** Intuit's CloudEvents array, and the legacy `eventNotifications` body still sent to apps that have not moved. */
    webhookFormats: ['cloudevents', 'legacy'],
    create(options: { clock: { now(): Date }; today: CalendarDate; seed: number; invoices: number; pageSize: number }) {
      const now = () => options.clock.now().getTime();
      const state = seedQuickBooks({
        seed: options.seed,
        today: options.today,
        now: options.clock.now(),
        invoicesPerCompany: options.invoices,
      });
      const sandbox = createQuickBooksSandbox({ state, now: () => options.clock.now() });
      const { control } = sandbox;
      const definition = definitionFor(options.pageSize);
      const realmOf = (id: string): Realm => {
        const r = state.realms.get(id);
        if (!r) throw new Error(`quickbooks conformance: no company ${id}`);
        return r;
      };
      const invoiceOf = (realm: Realm, id: string): Json => {
        const inv = realm.entities.Invoice.get(id);
        if (!inv) throw new Error(`quickbooks conformance: no invoice ${id} in ${realm.name}`);
        return inv;
      };
      const chargesItem = (realm: Realm): string => {
        const item = [...realm.entities.Item.values()].find((i) => i.Name === 'Late payment charges');
        if (!item) throw new Error(`quickbooks conformance: ${realm.name} has no late payment charges item`);
        return item.Id as string;
      };

      // the consent's life, from the OAuth traffic: which realm a code, then each token, belongs to; which were revoked
      const realmOfCode = new Map<string, string>();
      const realmOfToken = new Map<string, string>();
      const revokedRealms = new Set<string>();
      let refreshes = 0;
      const forward = ({ request }: { request: Request }) => sandbox.app.fetch(request);
      const tokenRoute = http.post(`${INTUIT_HOSTS.oauth}${PATHS.token}`, async ({ request }) => {
        const form = new URLSearchParams(await request.clone().text());
        const answer = await sandbox.app.fetch(request);
        if (answer.status !== 200) return answer;
        const body = (await answer.clone().json()) as { access_token: string; refresh_token: string };
        const realm =
          form.get('grant_type') === 'authorization_code'
            ? realmOfCode.get(form.get('code') ?? '')
            : realmOfToken.get(form.get('refresh_token') ?? '');
        if (form.get('grant_type') === 'refresh_token') refreshes++;
        // a new consent for a company whose earlier one was revoked: connected again
        if (realm && form.get('grant_type') === 'authorization_code') revokedRealms.delete(realm);
        if (realm) {
          realmOfToken.set(body.access_token, realm);
          realmOfToken.set(body.refresh_token, realm);
        }
        return answer;
      });
      const revokeRoute = http.post(`${INTUIT_HOSTS.developer}${PATHS.revoke}`, async ({ request }) => {
        const text = await request.clone().text();
        let token: string | null = null;
        try {
          token = (JSON.parse(text) as { token?: string }).token ?? null;
        } catch {
          token = new URLSearchParams(text).get('token');
        }
        const answer = await sandbox.app.fetch(request);
        const realm = token ? realmOfToken.get(token) : undefined;
        if (answer.status === 200 && realm) revokedRealms.add(realm);
        return answer;
      });
      // the owner's edit waiting for relance's next update (a sparse POST invoice with its Id) of that invoice
      let race: { realmId: string; invoiceId: string; dueDate: CalendarDate } | null = null;
      const raceRoute = http.post(`${INTUIT_HOSTS.api}${PATHS.accounting}/:realm/invoice`, async ({ request, params }) => {
        if (!race || params.realm !== race.realmId) return undefined;
        let id: unknown = null;
        try {
          id = (JSON.parse(await request.clone().text()) as Json).Id;
        } catch {
          return undefined;
        }
        if (id !== race.invoiceId) return undefined;
        const realm = realmOf(race.realmId);
        const inv = invoiceOf(realm, race.invoiceId);
        inv.DueDate = race.dueDate;
        stampUpdated(inv, now());
        changed(realm, 'Invoice', race.invoiceId, 'Update', now());
        race = null;
        return undefined;
      });
      const handlers: HttpHandler[] = [
        raceRoute,
        tokenRoute,
        revokeRoute,
        ...[...Object.values(INTUIT_HOSTS), 'https://sandbox-quickbooks.api.intuit.com'].map((host) => http.all(`${host}/*`, forward)),
      ];

      // webhooks travel in-process: caught here, posted to relance by the suite itself
      const caught: WebhookRequest[] = [];
      let handed = 0;
      control.webhookTransport(async (req) => {
        caught.push(req);
        return 200;
      });

      let customers = 0;
      /** A new customer with an address of its own: no reminder of another invoice can reach it. */
      function freshCustomer(realm: Realm): Json {
        customers++;
        const name = `Conformance Customer ${customers}`;
        const customer: Json = {
          Id: newId(realm),
          DisplayName: name,
          FullyQualifiedName: name,
          CompanyName: name,
          PrintOnCheckName: name,
          Active: true,
          PrimaryEmailAddr: { Address: `accounts@conformance-${customers}.example` },
          Taxable: false,
          Balance: 0,
          BalanceWithJobs: 0,
          CurrencyRef: ref(realm.currency),
          PreferredDeliveryMethod: 'Email',
        };
        stampCreated(customer, now());
        realm.entities.Customer.set(customer.Id as string, customer);
        changed(realm, 'Customer', customer.Id as string, 'Create', now());
        return customer;
      }

      return {
        handlers,
        definition,
        credentials: { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
        webhook: (raw: Uint8Array, headers: Headers) => definition.webhook(raw, headers, VERIFIER_TOKEN),
        signatureHeader: 'intuit-signature',
        tenants: COMPANIES.map((c) => ({
          externalId: c.id,
          name: c.name,
          // QuickBooks answers in English for both seeded companies (SupportedLanguages "en")
          place: { countryCode: c.country, baseCurrency: c.currency, timeZone: c.timeZone, locale: 'en' },
        })),
        async approveConsent(authorizeUrl: string, tenant?: string): Promise<string> {
          const back = await approveConsent(authorizeUrl, fetch, tenant);
          const url = new URL(back);
          const code = url.searchParams.get('code');
          const realm = url.searchParams.get('realmId');
          if (code && realm) realmOfCode.set(code, realm);
          return back;
        },
        invoices: (tenant: string) =>
          [...realmOf(tenant).entities.Invoice.values()].map((i) => ({
            externalId: i.Id as string,
            number: i.DocNumber as string,
            dueDate: (i.DueDate as CalendarDate | undefined) ?? null,
            totalMinor: minor(i.TotalAmt),
            dueMinor: minor(i.Balance),
          })),
        async raiseInvoice(
          tenant: string,
          input: { issueDate: CalendarDate; dueDate: CalendarDate; amountMinor: number; fresh: boolean; sameCustomerAs?: string },
        ): Promise<{ externalId: string; number: string }> {
          const realm = realmOf(tenant);
          const siblingCustomer = input.sameCustomerAs
            ? realm.entities.Customer.get((invoiceOf(realm, input.sameCustomerAs).CustomerRef as Json).value as string)
            : undefined;
          const customer =
            siblingCustomer ??
            (input.fresh
              ? freshCustomer(realm)
              : [...realm.entities.Customer.values()].find((c) => c.Active !== false && c.PrimaryEmailAddr)!);
          const service = [...realm.entities.Item.values()].find((i) => i.Type === 'Service' && i.Name !== 'Late payment charges')!;
          const amount = money(input.amountMinor / 100);
          const email = (customer.PrimaryEmailAddr as Json | undefined)?.Address as string | undefined;
          const invoice: Json = {
            Id: newId(realm),
            DocNumber: String(realm.nextDocNumber++),
            TxnDate: input.issueDate,
            DueDate: input.dueDate,
            CurrencyRef: ref(realm.currency),
            CustomerRef: ref(customer.Id as string, customer.DisplayName as string),
            ...(email ? { BillEmail: { Address: email } } : {}),
            Line: [
              {
                Id: '1',
                LineNum: 1,
                Description: service.Description,
                Amount: amount,
                DetailType: 'SalesItemLineDetail',
                SalesItemLineDetail: {
                  ItemRef: ref(service.Id as string, service.Name as string),
                  UnitPrice: amount,
                  Qty: 1,
                  TaxCodeRef: ref('NON'),
                },
              },
            ],
            TotalAmt: amount,
            Balance: amount,
            EmailStatus: 'EmailSent',
            PrintStatus: 'NotSet',
            LinkedTxn: [],
          };
          stampCreated(invoice, now());
          realm.entities.Invoice.set(invoice.Id as string, invoice);
          refreshCustomerBalance(realm, customer.Id as string);
          changed(realm, 'Invoice', invoice.Id as string, 'Create', now());
          return { externalId: invoice.Id as string, number: invoice.DocNumber as string };
        },
        async payInvoice(tenant: string, invoiceId: string, amountMinor?: number): Promise<void> {
          const inv = invoiceOf(realmOf(tenant), invoiceId);
          control.pay(tenant, [{ invoiceId, amount: amountMinor === undefined ? (inv.Balance as number) : money(amountMinor / 100) }]);
        },
        /** One payment, a Line with a LinkedTxn per invoice (QuickBooks' payments may span a customer's invoices). */
        async payTogether(tenant: string, invoiceIds: string[]): Promise<void> {
          const realm = realmOf(tenant);
          control.pay(
            tenant,
            invoiceIds.map((invoiceId) => ({ invoiceId, amount: invoiceOf(realm, invoiceId).Balance as number })),
          );
        },
        async deleteInvoice(tenant: string, invoiceId: string): Promise<boolean> {
          control.deleteInvoice(tenant, invoiceId);
          return true;
        },
        async voidInvoice(tenant: string, invoiceId: string): Promise<void> {
          control.voidInvoice(tenant, invoiceId);
        },
        async moveDueDate(tenant: string, invoiceId: string, dueDate: CalendarDate): Promise<void> {
          const realm = realmOf(tenant);
          const inv = invoiceOf(realm, invoiceId);
          inv.DueDate = dueDate;
          stampUpdated(inv, now());
          changed(realm, 'Invoice', invoiceId, 'Update', now());
        },
        moveDueDateBeforeNextUpdate(tenant: string, invoiceId: string, dueDate: CalendarDate): void {
          race = { realmId: tenant, invoiceId, dueDate };
        },
        subscribeWebhooks(on: boolean, format?: string): void {
          if (on)
            control.subscribe({
              clientId: DEFAULT_CLIENT.clientId,
              url: HOOK_URL,
              verifierToken: VERIFIER_TOKEN,
              format: format === 'legacy' ? 'legacy' : 'cloudevents',
            });
          else control.unsubscribe(DEFAULT_CLIENT.clientId);
        },
        async deliveries() {
          await control.deliverWebhooks();
          const fresh = caught.slice(handed).map((r) => ({ body: r.body, headers: r.headers }));
          handed = caught.length;
          return fresh;
        },
        faults: (f: { rate: number; seed: number } | null) =>
          control.faults(f ? { rate: f.rate, statuses: [429, 503], seed: f.seed } : null),
        killAccessTokens: () => {
          control.killAccessTokens();
        },
        killAccessTokensAfter: (calls: number) => control.killTokenAfter(calls),
        refreshes: () => refreshes,
        connected: (tenant: string) => [...realmOfToken.values()].includes(tenant) && !revokedRealms.has(tenant),
        notes(tenant: string, invoiceId: string): string[] {
          const realm = realmOf(tenant);
          // an Attachable note linked to the invoice, or lines of its PrivateNote: wherever the connector writes them
          const attached = [...realm.entities.Attachable.values()]
            .filter((a) =>
              ((a.AttachableRef as Json[] | undefined) ?? []).some((r) => {
                const e = r.EntityRef as Json | undefined;
                return e?.type === 'Invoice' && e.value === invoiceId;
              }),
            )
            .map((a) => String(a.Note ?? ''));
          const field = String(invoiceOf(realm, invoiceId).PrivateNote ?? '').split('\n');
          return [...attached, ...field].filter((n) => n.startsWith('relance'));
        },
        charges(tenant: string, invoiceId: string) {
          const realm = realmOf(tenant);
          const original = invoiceOf(realm, invoiceId);
          const item = chargesItem(realm);
          const onItem = (l: Json) => ((l.SalesItemLineDetail as Json | undefined)?.ItemRef as Json | undefined)?.value === item;
          const texts = (i: Json) =>
            [
              String(i.PrivateNote ?? ''),
              String((i.CustomerMemo as Json | undefined)?.value ?? ''),
              ...((i.Line as Json[] | undefined) ?? []).map((l) => String(l.Description ?? '')),
            ].join('\n');
          // a separate invoice booked to the charges item and naming the original
          const separate = [...realm.entities.Invoice.values()]
            .filter((i) => i.Id !== original.Id && ((i.Line as Json[] | undefined) ?? []).some(onItem))
            .filter((i) => texts(i).includes(String(original.DocNumber)))
            .map((i) => ({ externalId: i.Id as string, amountMinor: minor(i.TotalAmt) }));
          // or lines added to the original
          const lines = ((original.Line as Json[] | undefined) ?? []).filter(onItem);
          const added = lines.length
            ? [{ externalId: original.Id as string, amountMinor: lines.reduce((s, l) => s + minor(l.Amount), 0) }]
            : [];
          return [...separate, ...added];
        },
        chargeTarget: (tenant: string) => chargesItem(realmOf(tenant)),
      };
    },
  };
}

/** The QuickBooks connector over its sandbox, asking for pages of `pageSize`. */
export const quickbooksConformance = quickbooksConformanceOf((pageSize) =>
  quickbooksDefinition(quickbooksConfig({ overrides: { limits: { pageSize } } })),
);
