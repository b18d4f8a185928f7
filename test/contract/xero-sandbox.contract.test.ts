import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT,
  createXeroSandbox,
  manualClock,
  seedLedger,
  SEED_TENANTS,
  xeroUrls,
  type XeroSandbox,
} from '../../connectors/xero/sandbox/index.ts';
import { accountingClient } from '../../connectors/xero/sandbox/testing.ts';
import { createWebhooks } from '../../connectors/xero/sandbox/webhooks.ts';
import { contractsPresent, loadContract, type Contract } from './openapi.ts';

/**
 * The sandbox against Xero's official OpenAPI documents: every answer relance relies on must validate against the
 * schema of its path, method and status, and name no field the schema does not know (except the few real Xero
 * sends that the documents leave out, listed below).
 */
const DIR = fileURLToPath(new URL('../../../shared/contracts/xero/', import.meta.url));
const present = contractsPresent(DIR);
if (!present) console.warn(`xero contract test skipped: ${DIR} is absent (the contracts live in ../shared beside the checkout)`);

/** Real in Xero's answers and in its own examples, missing from the schemas. */
const KNOWN_EXTRAS = [
  /^\$\.(Id|Status|ProviderName|DateTimeUTC)$/, // the envelope
  /\.(DateString|DueDateString|DateUTCString)$/, // calendar dates as text, beside the /Date()/ forms
  /\.CreditNotes\[\d+\]\.ID$/, // credit notes as listed on an invoice
  /^\$\.HistoryRecords\[\d+\]\.ValidationErrors$/, // on a created note
];

let accounting: Contract;
let identity: Contract;
let webhooks: Contract;
let sandbox: XeroSandbox;
let call: ReturnType<typeof accountingClient>;
let accessToken: string;
let invoiceId: string;
let contactId: string;
const clock = manualClock('2026-03-15T10:00:00Z');
const FR = SEED_TENANTS.fr.id;

function expectValid(contract: Contract, schema: { path: string; method: string; status: string } | string, body: unknown): void {
  const validate =
    typeof schema === 'string' ? contract.validatorFor(schema) : contract.validator(schema.path, schema.method, schema.status);
  const ok = validate(body);
  expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
}

function expectNoUnknownKeys(contract: Contract, path: string, method: string, status: string, body: unknown): void {
  expect(contract.unknownKeys(contract.pointer(path, method, status), body).filter((k) => !KNOWN_EXTRAS.some((re) => re.test(k)))).toEqual(
    [],
  );
}

async function checked(method: string, path: string, specPath: string, status: string, body?: unknown) {
  const res = await call(method, path, body === undefined ? {} : { body });
  expect(res.status).toBe(Number(status));
  expectValid(accounting, { path: specPath, method: method.toLowerCase(), status }, res.json);
  if (status === '200') expectNoUnknownKeys(accounting, specPath, method.toLowerCase(), status, res.json);
  return res.json;
}

describe.skipIf(!present)('Xero sandbox against the Xero OpenAPI contracts', () => {
  beforeAll(async () => {
    accounting = loadContract(`${DIR}xero_accounting.yaml`, 'xero-accounting');
    identity = loadContract(`${DIR}xero-identity.yaml`, 'xero-identity');
    webhooks = loadContract(`${DIR}xero-webhooks.yaml`, 'xero-webhooks');
    sandbox = createXeroSandbox({ now: clock.now, state: seedLedger({ seed: 4, today: '2026-03-15', invoices: 200, now: clock.now() }) });
    const pair = await sandbox.control.connect();
    accessToken = pair.access_token;
    call = accountingClient(sandbox, accessToken, FR);
    const open = [...(sandbox.state.tenants.get(FR)?.invoices.values() ?? [])].find(
      (i) => i.type === 'ACCREC' && i.status === 'AUTHORISED',
    );
    invoiceId = open?.id as string;
    contactId = open?.contactId as string;
  });

  it('token endpoint answers an AccessToken', async () => {
    const pair = await sandbox.control.connect();
    const res = await sandbox.app.fetch(
      new Request(xeroUrls.token, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }),
      }),
    );
    expect(res.status).toBe(200);
    expectValid(identity, '#/components/schemas/AccessToken', await res.json());
  });

  it('GET /connections answers Connection[]', async () => {
    const res = await sandbox.app.fetch(new Request(xeroUrls.connections, { headers: { authorization: `Bearer ${accessToken}` } }));
    const body = await res.json();
    expectValid(identity, { path: '/Connections', method: 'get', status: '200' }, body);
    expect(identity.unknownKeys('#/components/schemas/Connection', (body as unknown[])[0])).toEqual([]);
  });

  it('invoices: list (paged and not), one, create, update refused, history, online invoice', async () => {
    await checked('GET', '/Invoices', '/Invoices', '200');
    await checked('GET', '/Invoices?page=2&pageSize=50', '/Invoices', '200');
    await checked('GET', `/Invoices/${invoiceId}`, '/Invoices/{InvoiceID}', '200');
    const created = await checked('PUT', '/Invoices', '/Invoices', '200', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: contactId },
          DueDate: '2026-04-14',
          Status: 'AUTHORISED',
          LineItems: [
            {
              Description: 'Indemnité forfaitaire pour frais de recouvrement',
              Quantity: 1,
              UnitAmount: 40,
              AccountCode: '270',
              TaxType: 'NONE',
            },
          ],
        },
      ],
    });
    await checked('PUT', '/Invoices', '/Invoices', '400', {
      Invoices: [{ Type: 'ACCREC', Contact: { ContactID: contactId }, Status: 'AUTHORISED' }],
    });
    const id = created.Invoices[0].InvoiceID as string;
    await sandbox.control.payInvoice(FR, id, { amountMinor: 1000 });
    await checked('POST', `/Invoices/${id}`, '/Invoices/{InvoiceID}', '400', { Invoices: [{ Reference: 'edited' }] });
    await checked('PUT', `/Invoices/${id}/History`, '/Invoices/{InvoiceID}/History', '200', {
      HistoryRecords: [{ Details: 'Relance 1 envoyée' }],
    });
    await checked('PUT', `/Invoices/${id}/History`, '/Invoices/{InvoiceID}/History', '400', {
      HistoryRecords: [{ Details: 'x'.repeat(251) }],
    });
    await checked('GET', `/Invoices/${id}/History`, '/Invoices/{InvoiceID}/History', '200');
    await checked('GET', `/Invoices/${id}/OnlineInvoice`, '/Invoices/{InvoiceID}/OnlineInvoice', '200');
  });

  it('payments, credit notes and allocations', async () => {
    await checked('GET', '/Payments?page=1', '/Payments', '200');
    await checked('PUT', '/Payments', '/Payments', '200', {
      Payments: [{ Invoice: { InvoiceID: invoiceId }, Amount: 1, Date: '2026-03-15' }],
    });
    await checked('GET', '/CreditNotes?page=1', '/CreditNotes', '200');
    const note = await checked('PUT', '/CreditNotes', '/CreditNotes', '200', {
      CreditNotes: [
        {
          Type: 'ACCRECCREDIT',
          Contact: { ContactID: contactId },
          Status: 'AUTHORISED',
          LineAmountTypes: 'NoTax',
          LineItems: [{ Description: 'Frais annulés', Quantity: 1, UnitAmount: 1, AccountCode: '270' }],
        },
      ],
    });
    await checked('PUT', `/CreditNotes/${note.CreditNotes[0].CreditNoteID}/Allocations`, '/CreditNotes/{CreditNoteID}/Allocations', '200', {
      Allocations: [{ Amount: 1, Invoice: { InvoiceID: invoiceId }, Date: '2026-03-15' }],
    });
  });

  it('contacts, accounts, items, organisation', async () => {
    const contacts = await checked('GET', '/Contacts?page=1', '/Contacts', '200');
    expect(contacts.Contacts.length).toBeGreaterThan(0);
    await checked('GET', '/Accounts', '/Accounts', '200');
    await checked('GET', '/Items', '/Items', '200');
    await checked('GET', '/Organisation', '/Organisation', '200');
  });

  it('organisation: each seeded tenant where it is (country, currency, Windows zone of the TimeZone enum)', async () => {
    const fr = await checked('GET', '/Organisation', '/Organisation', '200');
    expect(fr.Organisations).toEqual([
      expect.objectContaining({ Name: 'Atelier Dupont SARL', CountryCode: 'FR', BaseCurrency: 'EUR', Timezone: 'ROMANCESTANDARDTIME' }),
    ]);
    const uk = await accountingClient(sandbox, accessToken, SEED_TENANTS.uk.id)('GET', '/Organisation');
    expect(uk.status).toBe(200);
    expectValid(accounting, { path: '/Organisation', method: 'get', status: '200' }, uk.json);
    expectNoUnknownKeys(accounting, '/Organisation', 'get', '200', uk.json);
    expect(uk.json.Organisations).toEqual([
      expect.objectContaining({ Name: 'Hartley & Sons Ltd', CountryCode: 'GB', BaseCurrency: 'GBP', Timezone: 'GMTSTANDARDTIME' }),
    ]);
  });

  it('a webhook body validates against xero-webhooks.yaml', async () => {
    const bodies: unknown[] = [];
    const feed = createWebhooks({
      url: () => 'https://relance.example/hook',
      key: () => 'k',
      now: () => clock.now().getTime(),
      accountingBase: () => xeroUrls.accounting,
    });
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (_url: unknown, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    try {
      feed.enqueue(FR, 'INVOICE', invoiceId, 'UPDATE');
      feed.enqueue(FR, 'CREDITNOTE', invoiceId, 'CREATE', { Type: 'ACCRECCREDIT', Status: 'AUTHORISED' });
      await feed.flush();
      await feed.intentToReceive();
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expectValid(webhooks, '#/components/schemas/WebhookEvent', body);
    const creditOnly = { ...(bodies[0] as object), events: (bodies[0] as { events: unknown[] }).events.slice(1) };
    expectValid(webhooks, '#/components/schemas/CreditNoteWebhookEvent', creditOnly);
  });
});
