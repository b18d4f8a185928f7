import { addDays, type CalendarDate, zonedInstant } from '../../../../src/core/calendar.ts';
import { money, qbTime } from '../format.ts';
import { emptyEntities, type Json, type Realm, type SandboxState } from '../state.ts';
import { COMPANIES, type CompanySeed } from './companies.ts';
import { type Rng, rng } from './prng.ts';

export type SeedOptions = { seed: number; today: CalendarDate; now: Date; invoicesPerCompany?: number };

const ref = (value: string, name?: string): Json => (name === undefined ? { value } : { value, name });

/** Stamp an entity as created at `at` and never changed since (SyncToken "0"). */
function meta(at: number): Json {
  return { CreateTime: qbTime(at), LastUpdatedTime: qbTime(at) };
}

function touch(e: Json, at: number): void {
  const m = e.MetaData as Json;
  e.SyncToken = String(Number(e.SyncToken) + 1);
  m.LastUpdatedTime = qbTime(at);
}

/**
 * A deterministic ledger: the same seed, today and now give the same companies on every machine. Invoices are spread
 * over the last 100 days; some are paid in full, some partly, some by one payment covering several invoices of the
 * same customer, one is reduced by a credit memo, and the rest are open (overdue or not yet due).
 */
export function seedQuickBooks(opts: SeedOptions): SandboxState {
  const r = rng(opts.seed);
  const realms = new Map<string, Realm>();
  for (const company of COMPANIES) realms.set(company.id, seedRealm(company, r, opts));
  return { realms };
}

function seedRealm(c: CompanySeed, r: Rng, opts: SeedOptions): Realm {
  const nowMs = opts.now.getTime();
  const at = (d: CalendarDate, hour: number): number => Math.min(nowMs, zonedInstant(d, hour, r.int(0, 59), c.timeZone).getTime());
  const created = at(addDays(opts.today, -400), 9);
  const realm: Realm = {
    id: c.id,
    name: c.name,
    country: c.country,
    currency: c.currency,
    timeZone: c.timeZone,
    companyInfo: {
      Id: '1',
      SyncToken: '0',
      CompanyName: c.name,
      LegalName: c.legalName,
      CompanyAddr: { Id: '1', ...c.addr },
      LegalAddr: { Id: '1', ...c.addr },
      CustomerCommunicationAddr: { Id: '1', ...c.addr },
      Email: { Address: c.email },
      CustomerCommunicationEmailAddr: { Address: c.email },
      Country: c.country,
      CompanyStartDate: addDays(opts.today, -400),
      FiscalYearStartMonth: 'January',
      SupportedLanguages: 'en',
      DefaultTimeZone: c.timeZone,
      NameValue: [{ Name: 'OfferingSku', Value: 'QuickBooks Online Plus' }],
      domain: 'QBO',
      sparse: false,
      MetaData: meta(created),
    },
    preferences: {
      Id: '1',
      SyncToken: '0',
      CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: c.currency } },
      // Online payments are a setting of the company's payments account, not a sales-forms element in the XSD.
      SalesFormsPrefs: {
        ETransactionPaymentEnabled: true,
        DefaultTerms: ref('3', 'Net 30'),
        ETransactionEnabledStatus: 'NotApplicable',
      },
      domain: 'QBO',
      sparse: false,
      MetaData: meta(created),
    },
    entities: emptyEntities(),
    deleted: [],
    nextId: 1,
    nextDocNumber: 1001,
    today: opts.today,
  };
  const id = (): string => String(realm.nextId++);
  const put = (kind: keyof Realm['entities'], e: Json): Json => {
    realm.entities[kind].set(e.Id as string, e);
    return e;
  };
  const common = { domain: 'QBO', sparse: false };

  const items = c.services.map((s) =>
    put('Item', {
      Id: id(),
      SyncToken: '0',
      Name: s.name,
      FullyQualifiedName: s.name,
      Description: s.name,
      Active: true,
      Taxable: false,
      UnitPrice: s.price,
      Type: 'Service',
      IncomeAccountRef: ref('1', 'Services'),
      ...common,
      MetaData: meta(created),
    }),
  );
  // The service item relance bills late-payment charges to (priority of the issue: charges as lines or an invoice).
  put('Item', {
    Id: id(),
    SyncToken: '0',
    Name: 'Late payment charges',
    FullyQualifiedName: 'Late payment charges',
    Description: 'Statutory interest and compensation for late payment',
    Active: true,
    Taxable: false,
    UnitPrice: 0,
    Type: 'Service',
    IncomeAccountRef: ref('2', 'Late fee income'),
    ...common,
    MetaData: meta(created),
  });

  // Every fourth customer has no email: relance must block, not guess.
  const customers = c.customers.map((p, i) =>
    put('Customer', {
      Id: id(),
      SyncToken: '0',
      DisplayName: p.name,
      FullyQualifiedName: p.name,
      CompanyName: p.name,
      GivenName: p.given,
      FamilyName: p.family,
      PrintOnCheckName: p.name,
      Active: true,
      ...(i % 4 === 3 ? {} : { PrimaryEmailAddr: { Address: `${p.given.toLowerCase()}@${slug(p.name)}.example` } }),
      // a number in the ranges kept for fiction (555-01xx; Ofcom's 020 7946 0xxx); one customer in five has none
      ...(i % 5 === 2 ? {} : { PrimaryPhone: { FreeFormNumber: fictionalPhone(c.currency === 'GBP', i) } }),
      BillAddr: { ...c.addr },
      Taxable: false,
      Balance: 0,
      BalanceWithJobs: 0,
      CurrencyRef: ref(c.currency, currencyName(c.currency)),
      PreferredDeliveryMethod: 'Email',
      ...common,
      MetaData: meta(created),
    }),
  );

  const invoices: Json[] = [];
  const count = opts.invoicesPerCompany ?? 12;
  for (let n = 0; n < count; n++) {
    const customer = customers[n % customers.length]!;
    const txnDate = addDays(opts.today, -r.int(3, 100));
    const lines = Array.from({ length: r.int(1, 3) }, (_, k) => {
      const item = r.pick(items);
      const qty = r.int(1, 8);
      const price = item.UnitPrice as number;
      return {
        Id: String(k + 1),
        LineNum: k + 1,
        Description: item.Description,
        Amount: money(qty * price),
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { ItemRef: ref(item.Id as string, item.Name as string), UnitPrice: price, Qty: qty, TaxCodeRef: ref('NON') },
      };
    });
    const total = money(lines.reduce((s, l) => s + l.Amount, 0));
    const email = (customer.PrimaryEmailAddr as Json | undefined)?.Address as string | undefined;
    const invId = id();
    const invoice = put('Invoice', {
      Id: invId,
      SyncToken: '0',
      DocNumber: String(realm.nextDocNumber++),
      TxnDate: txnDate,
      DueDate: addDays(txnDate, 30),
      CurrencyRef: ref(c.currency, currencyName(c.currency)),
      CustomerRef: ref(customer.Id as string, customer.DisplayName as string),
      ...(email && r.chance(0.8) ? { BillEmail: { Address: email } } : {}),
      SalesTermRef: ref('3', 'Net 30'),
      Line: lines,
      TotalAmt: total,
      Balance: total,
      EmailStatus: email ? 'EmailSent' : 'NotSet',
      PrintStatus: 'NotSet',
      AllowOnlineCreditCardPayment: true,
      AllowOnlineACHPayment: true,
      // Guessed shape: Intuit's customer payment links are opaque connect.intuit.com URLs.
      InvoiceLink: `https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-${hex(r)}${hex(r)}`,
      LinkedTxn: [],
      ...common,
      MetaData: meta(at(txnDate, 10)),
    });
    invoices.push(invoice);
  }

  // Payments: walk customers; a customer with two or more paid invoices pays them with one payment (LinkedTxn per line).
  for (const customer of customers) {
    const mine = invoices.filter((i) => (i.CustomerRef as Json).value === customer.Id && i.DueDate! <= addDays(opts.today, 10));
    const paid = mine.filter(() => r.chance(0.5));
    if (paid.length === 0) continue;
    const partial = r.chance(0.3);
    const applied = paid.map((inv, k) => ({
      inv,
      amount: partial && k === paid.length - 1 ? money((inv.TotalAmt as number) / 2) : (inv.TotalAmt as number),
    }));
    const latest = paid.map((i) => i.TxnDate as CalendarDate).reduce((a, b) => (a > b ? a : b));
    const date = minDate(addDays(latest, r.int(5, 35)), opts.today);
    const when = at(date, 14);
    const payId = id();
    put('Payment', {
      Id: payId,
      SyncToken: '0',
      TxnDate: date,
      CurrencyRef: ref(c.currency, currencyName(c.currency)),
      CustomerRef: ref(customer.Id as string, customer.DisplayName as string),
      DepositToAccountRef: ref('4', 'Undeposited Funds'),
      TotalAmt: money(applied.reduce((s, a) => s + a.amount, 0)),
      UnappliedAmt: 0,
      ProcessPayment: false,
      Line: applied.map((a) => ({ Amount: a.amount, LinkedTxn: [{ TxnId: a.inv.Id, TxnType: 'Invoice' }] })),
      ...common,
      MetaData: meta(when),
    });
    for (const a of applied) {
      a.inv.Balance = money((a.inv.Balance as number) - a.amount);
      (a.inv.LinkedTxn as Json[]).push({ TxnId: payId, TxnType: 'Payment' });
      touch(a.inv, when);
    }
  }

  // One credit memo applied to an open invoice. QuickBooks applies credit through a Payment whose lines link the
  // invoice and the credit memo (TotalAmt 0), and one more credit memo left unapplied (RemainingCredit).
  const open = invoices.find((i) => (i.Balance as number) === (i.TotalAmt as number) && (i.TotalAmt as number) >= 40);
  if (open) {
    const customerRef = open.CustomerRef as Json;
    const amount = money(Math.floor((open.TotalAmt as number) / 4));
    const date = minDate(addDays(open.TxnDate as CalendarDate, 7), opts.today);
    const when = at(date, 11);
    const cmId = id();
    put('CreditMemo', creditMemo(cmId, realm, customerRef, date, amount, 0, items[0]!, when, common));
    const payId = id();
    put('Payment', {
      Id: payId,
      SyncToken: '0',
      TxnDate: date,
      CurrencyRef: ref(c.currency, currencyName(c.currency)),
      CustomerRef: customerRef,
      TotalAmt: 0,
      UnappliedAmt: 0,
      ProcessPayment: false,
      Line: [
        { Amount: amount, LinkedTxn: [{ TxnId: open.Id, TxnType: 'Invoice' }] },
        { Amount: amount, LinkedTxn: [{ TxnId: cmId, TxnType: 'CreditMemo' }] },
      ],
      ...common,
      MetaData: meta(when),
    });
    open.Balance = money((open.Balance as number) - amount);
    (open.LinkedTxn as Json[]).push({ TxnId: payId, TxnType: 'Payment' });
    touch(open, when);
  }
  const spare = customers[1]!;
  const spareDate = addDays(opts.today, -2);
  put(
    'CreditMemo',
    creditMemo(id(), realm, ref(spare.Id as string, spare.DisplayName as string), spareDate, 25, 25, items[0]!, at(spareDate, 9), common),
  );

  for (const customer of customers) {
    const owed = invoices.filter((i) => (i.CustomerRef as Json).value === customer.Id).reduce((s, i) => s + (i.Balance as number), 0);
    customer.Balance = money(owed);
    customer.BalanceWithJobs = money(owed);
  }
  return realm;
}

function creditMemo(
  id: string,
  realm: Realm,
  customerRef: Json,
  date: CalendarDate,
  amount: number,
  remaining: number,
  item: Json,
  when: number,
  common: Json,
): Json {
  return {
    Id: id,
    SyncToken: '0',
    DocNumber: `CM-${realm.nextDocNumber++}`,
    TxnDate: date,
    CurrencyRef: ref(realm.currency, currencyName(realm.currency)),
    CustomerRef: customerRef,
    Line: [
      {
        Id: '1',
        LineNum: 1,
        Description: 'Goodwill credit',
        Amount: amount,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { ItemRef: ref(item.Id as string, item.Name as string), UnitPrice: amount, Qty: 1, TaxCodeRef: ref('NON') },
      },
    ],
    TotalAmt: amount,
    Balance: remaining,
    RemainingCredit: remaining,
    ...common,
    MetaData: meta(when),
  };
}

const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const hex = (r: Rng): string => r.uuid().replaceAll('-', '');
const currencyName = (code: string): string => (code === 'USD' ? 'United States Dollar' : 'British Pound Sterling');

/** "(415) 555-0134" or "020 7946 0012": fictional numbers, from the customer's place in the seed (no random draw). */
function fictionalPhone(british: boolean, index: number): string {
  const n = String(index % 100).padStart(2, '0');
  return british ? `020 7946 00${n}` : `(415) 555-01${n}`;
}
