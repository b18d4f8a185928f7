import { beforeAll, expect, it } from 'vitest';
import { contact, invoice, org, page } from '../../test/fixtures/ledger.ts';
import { describeStores } from '../../test/support/stores.ts';
import type { CustomerAnswer } from '../core/answers.ts';
import { addDays, type CalendarDate } from '../core/calendar.ts';
import { chargesInvoiceReference } from '../core/charges/index.ts';
import type { LedgerInvoice } from '../core/ledger.ts';
import type { Organisation } from '../core/organisation.ts';
import { AGE_BUCKETS, type AgeBucket, type StoredInvoice } from '../core/store.ts';

const TODAY = '2026-06-30' as CalendarDate;
const day = (n: number) => addDays(TODAY, n);
const at = '2026-06-30T08:00:00.000Z';

/** One seeded invoice: `late` whole days past due on TODAY, issued `age` days before TODAY. */
type Seed = { key: string; contact: string; late: number; due?: number; total?: number; age?: number } & Partial<LedgerInvoice>;

const seeds: Seed[] = [
  // EUR, customer c1: one at each bucket boundary (0/1/30/31/60/61/90/91 days past due)
  ...[0, 1, 30, 31, 60, 61, 90, 91].map((late) => ({ key: `late${late}`, contact: 'c1', late, due: 1_000 + late, age: late + 30 })),
  { key: 'future', contact: 'c1', late: -10, due: 1_800, age: 20 },
  { key: 'part', contact: 'c1', late: 5, due: 500, total: 2_000, amountPaidMinor: 1_500, age: 89 },
  { key: 'paid', contact: 'c1', late: 40, due: 0, total: 7_000, amountPaidMinor: 7_000, status: 'paid', age: 0 },
  { key: 'zero', contact: 'c1', late: 40, due: 0, total: 650, amountCreditedMinor: 650, age: 90 },
  { key: 'draft', contact: 'c1', late: -5, due: 900, status: 'draft', age: 3 },
  { key: 'voided', contact: 'c1', late: 12, due: 800, status: 'voided', age: 40 },
  { key: 'issued-later', contact: 'c1', late: -60, due: 100, age: -1 },
  { key: 'c1-usd', contact: 'c1', late: 3, due: 300, currency: 'USD', age: 33 },
  // relance's own late-payment charges invoice for late91: never counted on its own
  { key: 'charges', contact: 'c1', late: 10, due: 4_000, reference: chargesInvoiceReference('INV-late91'), age: 40 },
  // c2: one invoice not yet due
  { key: 'c2-future', contact: 'c2', late: -3, due: 2_500, age: 27 },
  // c3: USD only
  { key: 'usd1', contact: 'c3', late: 45, due: 9_000, currency: 'USD', age: 75 },
  { key: 'usd2', contact: 'c3', late: -1, due: 1_000, currency: 'USD', age: 29 },
];

const ledgerInvoice = (s: Seed): LedgerInvoice => {
  const { key, contact: c, late, due, total, age, ...rest } = s;
  return invoice(key, {
    contactExternalId: c,
    dueDate: day(-late),
    issueDate: day(-(age ?? 30)),
    totalMinor: total ?? due ?? 1_000,
    amountDueMinor: due ?? 1_000,
    ...rest,
  });
};

/** Independent of the store: the bucket of a number of days past due. */
const bucketOf = (late: number): AgeBucket =>
  late <= 0 ? 'not-due' : late <= 30 ? '1-30' : late <= 60 ? '31-60' : late <= 90 ? '61-90' : '90+';
const isOpen = (s: Seed) => (s.status ?? 'open') === 'open' && (s.due ?? 1_000) > 0 && s.key !== 'charges';

describeStores('the cockpit', (store) => {
  let o: Organisation;
  let other: Organisation;
  const id: Record<string, string> = {};
  const contactId: Record<string, string> = {};
  const answer = (key: string, a: Partial<CustomerAnswer> & Pick<CustomerAnswer, 'kind' | 'at'>, keys: string[]) =>
    store.recordAnswer(o.id, { id: `${o.id}-${key}`, source: 'owner', invoiceIds: keys.map((k) => id[k]!), ...a } as CustomerAnswer);

  beforeAll(async () => {
    o = await store.createOrganisation(org());
    other = await store.createOrganisation(org());
    await store.applyChanges(
      o.id,
      page({
        contacts: [
          contact('c1', { name: 'Boulangerie Martin', emails: ['martin@boulangerie.example'] }),
          contact('c2', { name: 'Café 100% Bio_Test', emails: ['bio@cafe.example'] }),
          contact('c3', { name: 'Zed Ltd', emails: ['ap@zed.example'] }),
          contact('c4', { name: 'Supplier without invoices' }),
        ],
        invoices: seeds.map(ledgerInvoice),
      }),
      at,
    );
    // the other organisation holds the same external ids: nothing of it may show in the first one's figures
    await store.applyChanges(other.id, page({ contacts: [contact('c1')], invoices: [invoice('late0', { dueDate: day(-200) })] }), at);
    const stored = await store.invoicesByExternalId(
      o.id,
      seeds.map((s) => s.key),
    );
    for (const i of stored) {
      id[i.externalId] = i.id;
      contactId[i.contactExternalId] = i.contactId;
    }
    // as after a plan that found nothing to do (new invoices carry a placeholder date until planned)
    await store.setNextActionOn(
      o.id,
      stored.map((i) => ({ invoiceId: i.id, on: null })),
    );
    // promises (default grace: 3 days): standing until promised date + 3 >= today, broken after
    await answer('p30', { kind: 'promise', at: '2026-06-20T10:00:00.000Z', promisedDate: day(-2) }, ['late30']);
    await answer('p31', { kind: 'promise', at: '2026-06-20T10:00:00.000Z', promisedDate: day(-3) }, ['late31']);
    await answer('p60', { kind: 'promise', at: '2026-06-20T10:00:00.000Z', promisedDate: day(-4) }, ['late60']);
    // an older promise replaced by a later one still standing
    await answer('p0-old', { kind: 'promise', at: '2026-06-01T10:00:00.000Z', promisedDate: day(-20) }, ['late0']);
    await answer('p0-new', { kind: 'promise', at: '2026-06-25T10:00:00.000Z', promisedDate: day(5) }, ['late0']);
    // a promise followed by a dispute: disputed, no longer promised nor broken
    await answer('p61', { kind: 'promise', at: '2026-06-10T10:00:00.000Z', promisedDate: day(-10) }, ['late61']);
    await answer('d61', { kind: 'dispute', at: '2026-06-12T10:00:00.000Z', reason: 'wrong quantity' }, ['late61']);
    // a resolved dispute is not disputed; one naming two invoices counts on both
    await answer('d90', { kind: 'dispute', at: '2026-06-12T10:00:00.000Z', reason: 'x' }, ['late90']);
    await store.resolveDispute(o.id, `${o.id}-d90`, '2026-06-13T10:00:00.000Z');
    await answer('dusd', { kind: 'dispute', at: '2026-06-12T10:00:00.000Z', reason: 'not ordered' }, ['usd1', 'c1-usd']);
    // answers on closed invoices and charges invoices count for nothing
    await answer('ppaid', { kind: 'promise', at: '2026-06-20T10:00:00.000Z', promisedDate: day(2) }, ['paid', 'charges']);
  });

  const expectedPromised = ['late0', 'late30', 'late31'];
  const expectedBroken = ['late60'];
  const expectedDisputed = ['late61', 'usd1', 'c1-usd'];

  it('ages the open balances per currency at the bucket boundaries, never summing currencies', async () => {
    const figures = await store.receivables(o.id, TODAY);
    const currencies = [...new Set(seeds.map((s) => s.currency ?? 'EUR'))];
    const expected = currencies.map((currency) => {
      const mine = seeds.filter((s) => (s.currency ?? 'EUR') === currency);
      const open = mine.filter(isOpen);
      const sum = (list: Seed[]) => list.reduce((n, s) => n + (s.due ?? 1_000), 0);
      const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, sum(open.filter((s) => bucketOf(s.late) === b))]));
      const billed = mine
        .filter((s) => !['draft', 'voided', 'deleted'].includes(s.status ?? 'open') && s.key !== 'charges')
        .filter((s) => (s.age ?? 30) >= 0 && (s.age ?? 30) < 90)
        .reduce((n, s) => n + (s.total ?? s.due ?? 1_000), 0);
      return {
        currency,
        invoices: open.length,
        openMinor: sum(open),
        overdueMinor: sum(open.filter((s) => s.late > 0)),
        buckets,
        promisedMinor: sum(open.filter((s) => expectedPromised.includes(s.key))),
        disputedMinor: sum(open.filter((s) => expectedDisputed.includes(s.key))),
        billedLast90Minor: billed,
      };
    });
    expect(figures).toEqual(expect.arrayContaining(expected));
    expect(figures).toHaveLength(2);
    // most owed first
    expect(figures.map((f) => f.currency)).toEqual(['EUR', 'USD']);
    // the boundaries, spelled out
    const eur = figures[0]!;
    expect(eur.buckets['not-due']).toBe(1_000 + 1_800 + 100 + 2_500);
    expect(eur.buckets['1-30']).toBe(1_001 + 1_030 + 500);
    expect(eur.buckets['31-60']).toBe(1_031 + 1_060);
    expect(eur.buckets['61-90']).toBe(1_061 + 1_090);
    expect(eur.buckets['90+']).toBe(1_091);
    // issued 89 days ago counts, 90 days ago and tomorrow do not; paid invoices were billed too
    expect(eur.billedLast90Minor).toBe(
      [0, 1, 30, 31, 60, 61, 90, 91].filter((l) => l + 30 < 90).reduce((n, l) => n + 1_000 + l, 0) + 1_800 + 2_000 + 7_000 + 2_500,
    );
  });

  it('gives an organisation only its own figures, and nothing for one without invoices', async () => {
    const theirs = await store.receivables(other.id, TODAY);
    expect(theirs).toEqual([expect.objectContaining({ currency: 'EUR', invoices: 1, openMinor: 120_000, overdueMinor: 120_000 })]);
    expect(theirs[0]!.buckets['90+']).toBe(120_000);
    const empty = await store.createOrganisation(org());
    expect(await store.receivables(empty.id, TODAY)).toEqual([]);
  });

  it('lists customers with invoices by name, with their balance per currency, flags and next action', async () => {
    await store.setNextActionOn(o.id, [
      { invoiceId: id.late1!, on: day(2), stepKey: 'firm' },
      { invoiceId: id.late30!, on: day(1), stepKey: 'friendly' },
      { invoiceId: id.paid!, on: day(0), stepKey: 'friendly' },
    ]);
    const { rows, total } = await store.listCustomers(o.id, { today: TODAY, limit: 10 });
    expect(total).toBe(3);
    expect(rows.map((r) => r.contact.name)).toEqual(['Boulangerie Martin', 'Café 100% Bio_Test', 'Zed Ltd']);
    const martin = rows[0]!;
    const open = seeds.filter((s) => s.contact === 'c1' && isOpen(s));
    const eur = open.filter((s) => !s.currency);
    expect(martin.owed).toEqual([
      {
        currency: 'EUR',
        openMinor: eur.reduce((n, s) => n + s.due!, 0),
        overdueMinor: eur.filter((s) => s.late > 0).reduce((n, s) => n + s.due!, 0),
      },
      { currency: 'USD', openMinor: 300, overdueMinor: 300 },
    ]);
    expect(martin).toMatchObject({
      openInvoices: open.length,
      nextActionOn: day(1),
      nextActionStep: 'friendly',
      promised: true,
      disputed: true,
    });
    expect(martin.contact).toMatchObject({ externalId: 'c1', emails: ['martin@boulangerie.example'], phone: null, paused: false });
    expect(rows[1]).toMatchObject({ openInvoices: 1, promised: false, disputed: false, nextActionOn: null });
  });

  it('searches names and addresses, taking % and _ literally', async () => {
    const names = async (search: string) =>
      (await store.listCustomers(o.id, { today: TODAY, limit: 10, search })).rows.map((r) => r.contact.name);
    expect(await names('100%')).toEqual(['Café 100% Bio_Test']);
    expect(await names('o_t')).toEqual(['Café 100% Bio_Test']);
    expect(await names('%')).toEqual(['Café 100% Bio_Test']);
    expect(await names('MARTIN@')).toEqual(['Boulangerie Martin']);
    expect(await names('nobody')).toEqual([]);
  });

  it('filters customers: overdue, promised, disputed, broken promise, paused', async () => {
    const names = async (filter: 'overdue' | 'promised' | 'disputed' | 'broken-promise' | 'paused') =>
      (await store.listCustomers(o.id, { today: TODAY, limit: 10, filter })).rows.map((r) => r.contact.externalId);
    expect(await names('overdue')).toEqual(['c1', 'c3']);
    expect(await names('promised')).toEqual(['c1']);
    expect(await names('disputed')).toEqual(['c1', 'c3']);
    expect(await names('broken-promise')).toEqual(['c1']);
    expect(await names('paused')).toEqual([]);
    await store.setContactPaused(o.id, contactId.c2!, true, day(5));
    expect(await names('paused')).toEqual(['c2']);
    // a pause until today is over this morning
    await store.setContactPaused(o.id, contactId.c2!, true, TODAY);
    expect(await names('paused')).toEqual([]);
    await store.setContactPaused(o.id, contactId.c2!, false);
  });

  it('sorts customers by what they owe and pages through them', async () => {
    const owed = await store.listCustomers(o.id, { today: TODAY, limit: 10, sort: 'owed' });
    // largest balance in one currency first: c1's EUR (over 10,000) before c3's USD 10,000
    expect(owed.rows.map((r) => r.contact.externalId)).toEqual(['c1', 'c3', 'c2']);
    const asc = await store.listCustomers(o.id, { today: TODAY, limit: 10, sort: 'owed', direction: 'asc' });
    expect(asc.rows.map((r) => r.contact.externalId)).toEqual(['c2', 'c3', 'c1']);
    const next = await store.listCustomers(o.id, { today: TODAY, limit: 10, sort: 'next-action' });
    expect(next.rows.map((r) => r.contact.externalId)).toEqual(['c1', 'c2', 'c3']);
    const second = await store.listCustomers(o.id, { today: TODAY, limit: 1, offset: 1 });
    expect(second).toMatchObject({ total: 3, rows: [{ contact: { externalId: 'c2' } }] });
    expect(await store.listCustomers(o.id, { today: TODAY, limit: 5, offset: 10 })).toEqual({ rows: [], total: 3 });
  });

  it('lists open invoices, most overdue first, with filters, search and a customer', async () => {
    const keys = async (q: Partial<Parameters<typeof store.listInvoices>[1]> = {}) =>
      (await store.listInvoices(o.id, { today: TODAY, limit: 50, ...q })).rows.map((r) => r.invoice.externalId);
    const all = await store.listInvoices(o.id, { today: TODAY, limit: 50 });
    const open = seeds.filter(isOpen);
    expect(all.total).toBe(open.length);
    expect(all.rows.map((r) => r.invoice.externalId)).toEqual(
      [...open].sort((a, b) => b.late - a.late || `INV-${a.key}`.localeCompare(`INV-${b.key}`)).map((s) => s.key),
    );
    expect(all.rows.find((r) => r.invoice.externalId === 'usd1')).toMatchObject({
      contactName: 'Zed Ltd',
      disputed: true,
      promised: false,
    });
    expect((await keys({ filter: 'promised' })).sort()).toEqual([...expectedPromised].sort());
    expect(await keys({ filter: 'broken-promise' })).toEqual(expectedBroken);
    expect((await keys({ filter: 'disputed' })).sort()).toEqual([...expectedDisputed].sort());
    expect((await keys({ filter: 'overdue' })).length).toBe(open.filter((s) => s.late > 0).length);
    expect(await keys({ contactId: contactId.c3!, sort: 'owed' })).toEqual(['usd1', 'usd2']);
    expect(await keys({ search: 'inv-late6' })).toEqual(['late61', 'late60']);
    expect(await keys({ search: 'zed', sort: 'name' })).toEqual(['usd1', 'usd2']);
    // closed ones too when asked, never the charges invoice
    const everything = await keys({ openOnly: false });
    expect(everything).toEqual(expect.arrayContaining(['paid', 'draft', 'voided', 'zero']));
    expect(everything).not.toContain('charges');
    expect(await store.listInvoices(o.id, { today: TODAY, limit: 2, offset: 100 })).toEqual({ rows: [], total: open.length });
  });

  it('pauses an invoice until a date, and the paused filter follows it', async () => {
    await store.setInvoicePaused(o.id, id.late1!, true, day(7));
    const [paused] = await store.invoicesById(o.id, [id.late1!]);
    expect(paused).toMatchObject({ paused: true, pausedUntil: day(7) });
    expect((await store.listInvoices(o.id, { today: TODAY, limit: 10, filter: 'paused' })).rows.map((r) => r.invoice.externalId)).toEqual([
      'late1',
    ]);
    expect((await store.listCustomers(o.id, { today: TODAY, limit: 10, filter: 'paused' })).rows.map((r) => r.contact.externalId)).toEqual([
      'c1',
    ]);
    // on the date itself chasing resumes
    expect(await store.listInvoices(o.id, { today: day(7), limit: 10, filter: 'paused' })).toEqual({ rows: [], total: 0 });
    await store.setInvoicePaused(o.id, id.late1!, false);
    const [resumed] = await store.invoicesById(o.id, [id.late1!]);
    expect(resumed).toMatchObject({ paused: false, pausedUntil: null });
    // a customer paused until a date: read by the schedule and the customer page
    await store.setContactPaused(o.id, contactId.c3!, true, day(3));
    expect(await store.getContact(o.id, contactId.c3!)).toMatchObject({ paused: true, pausedUntil: day(3) });
    const inputs = await store.scheduleInputs(o.id, [id.usd1!]);
    expect(inputs.contacts).toEqual([expect.objectContaining({ id: contactId.c3, paused: true, pausedUntil: day(3) })]);
    await store.setContactPaused(o.id, contactId.c3!, false);
    expect(await store.getContact(o.id, contactId.c3!)).toMatchObject({ paused: false, pausedUntil: null });
  });

  it('keeps a gentler restart, the next step and a task put off', async () => {
    await store.setScheduleFrom(o.id, [id.late91!, id.late90!], day(-20));
    const [restarted] = await store.scheduleInputs(o.id, [id.late91!]).then((i) => i.invoices as StoredInvoice[]);
    expect(restarted).toMatchObject({ scheduleFrom: day(-20) });
    await store.setScheduleFrom(o.id, [id.late91!], null);
    expect((await store.invoicesById(o.id, [id.late91!]))[0]).toMatchObject({ scheduleFrom: null });
    await store.setNextActionOn(o.id, [{ invoiceId: id.late90!, on: day(4), stepKey: 'final' }]);
    expect((await store.invoicesById(o.id, [id.late90!]))[0]).toMatchObject({ nextActionOn: day(4), nextActionStep: 'final' });
    // a date without a step clears the step: it would name the wrong email
    await store.setNextActionOn(o.id, [{ invoiceId: id.late90!, on: day(5) }]);
    expect((await store.invoicesById(o.id, [id.late90!]))[0]).toMatchObject({ nextActionOn: day(5), nextActionStep: null });
    const [inv] = await store.invoicesById(o.id, [id.late90!]);
    const { defaultPolicy } = await import('../core/policy.ts');
    const call = defaultPolicy.steps[0]!;
    const [task] = await store.recordReminders(
      o.id,
      [{ invoiceId: inv!.id, contactId: inv!.contactId, step: call, dueOn: TODAY, state: 'planned', reason: null, batchId: 'b' }],
      at,
    );
    await store.setTaskDueOn(o.id, task!.id, day(2));
    expect((await store.getReminders(o.id, [task!.id]))[0]).toMatchObject({ taskDueOn: day(2) });
    await store.setTaskDueOn(o.id, task!.id, null);
    expect((await store.getReminders(o.id, [task!.id]))[0]).toMatchObject({ taskDueOn: null });
  });

  it("lists the next actions of open invoices in a window, soonest first, with the step and the customer's name", async () => {
    await store.setNextActionOn(o.id, [
      { invoiceId: id.late1!, on: day(2), stepKey: 'firm' },
      { invoiceId: id.late30!, on: day(1), stepKey: 'friendly' },
      { invoiceId: id.usd2!, on: day(20), stepKey: 'friendly' },
      { invoiceId: id.late90!, on: day(-1), stepKey: 'final' },
    ]);
    const upcoming = await store.upcomingActions(o.id, TODAY, day(14), 10);
    // the paid invoice's date (today) is not an action: it is closed
    expect(upcoming.map((u) => [u.invoice.externalId, u.on, u.stepKey, u.contactName])).toEqual([
      ['late30', day(1), 'friendly', 'Boulangerie Martin'],
      ['late1', day(2), 'firm', 'Boulangerie Martin'],
    ]);
    expect(await store.upcomingActions(o.id, TODAY, day(14), 1)).toHaveLength(1);
    expect(await store.upcomingActions(other.id, TODAY, day(14), 10)).toEqual([]);
  });

  it("gives a customer's history newest first: their invoices' events and those about them", async () => {
    await store.recordEvent(o.id, { kind: 'email-sent', invoiceId: id.late1!, detail: { n: 1 }, at: '2026-06-01T10:00:00.000Z' });
    await store.recordEvent(o.id, {
      kind: 'owner-action',
      invoiceId: null,
      contactId: contactId.c1!,
      detail: { action: 'pause' },
      at: '2026-06-02T10:00:00.000Z',
    });
    await store.recordEvent(o.id, { kind: 'email-sent', invoiceId: id.usd1!, detail: { n: 3 }, at: '2026-06-03T10:00:00.000Z' });
    const history = await store.contactHistory(o.id, contactId.c1!, 10);
    expect(history).toEqual([
      { kind: 'owner-action', invoiceId: null, contactId: contactId.c1, detail: { action: 'pause' }, at: '2026-06-02T10:00:00.000Z' },
      { kind: 'email-sent', invoiceId: id.late1, detail: { n: 1 }, at: '2026-06-01T10:00:00.000Z' },
    ]);
    expect(await store.contactHistory(o.id, contactId.c1!, 1)).toHaveLength(1);
    expect((await store.recentEvents(o.id, ['owner-action'], 5))[0]).toMatchObject({ contactId: contactId.c1 });
  });

  it("reads an invoice's answers, oldest first", async () => {
    const answers = await store.answersOf(o.id, id.late0!);
    expect(answers.map((a) => a.id)).toEqual([`${o.id}-p0-old`, `${o.id}-p0-new`]);
    expect((await store.answersOf(o.id, id['c1-usd']!)).map((a) => a.kind)).toEqual(['dispute']);
  });

  it("never shows another organisation's customers, invoices, answers, history or messages", async () => {
    expect(await store.getContact(other.id, contactId.c1!)).toBeNull();
    expect(await store.answersOf(other.id, id.late0!)).toEqual([]);
    expect(await store.contactHistory(other.id, contactId.c1!, 10)).toEqual([]);
    expect(await store.listInvoices(other.id, { today: TODAY, limit: 10, contactId: contactId.c1! })).toEqual({ rows: [], total: 0 });
    const theirs = await store.listInvoices(other.id, { today: TODAY, limit: 10 });
    expect(theirs.rows.map((r) => r.invoice.orgId)).toEqual([other.id]);
    const customers = await store.listCustomers(other.id, { today: TODAY, limit: 10 });
    expect(customers.rows.map((r) => r.contact.orgId)).toEqual([other.id]);
    expect(customers.rows[0]).toMatchObject({ promised: false, disputed: false });
    await store.recordSentMessage({
      messageId: '<m-iso@relance>',
      orgId: o.id,
      invoiceIds: [id.late1!],
      to: ['a@b.example'],
      subject: 's',
      html: '<p>h</p>',
      text: 'h',
      sentAt: at,
    });
    expect(await store.sentMessage(other.id, '<m-iso@relance>')).toBeNull();
    expect(await store.sentMessage(o.id, '<m-iso@relance>')).not.toBeNull();
  });
});

describeStores('the cockpit writes', (store) => {
  it('turns sending on and off; a new organisation is on unless created in preview, and a reconnect keeps it', async () => {
    const on = await store.createOrganisation(org());
    expect(on.sendingOnSince).toEqual(expect.any(String));
    const preview = await store.createOrganisation(org({ sendingOnSince: null }));
    expect(preview.sendingOnSince).toBeNull();
    const again = await store.createOrganisation(org({ externalId: preview.externalId, vendor: preview.vendor }));
    expect(again).toMatchObject({ id: preview.id, sendingOnSince: null });
    await store.setSendingOnSince(preview.id, '2026-06-30T09:00:00.000Z');
    expect((await store.getOrganisation(preview.id))?.sendingOnSince).toBe('2026-06-30T09:00:00.000Z');
    await store.setSendingOnSince(preview.id, null);
    expect((await store.getOrganisation(preview.id))?.sendingOnSince).toBeNull();
  });

  it("keeps the owner's notifications", async () => {
    const o = await store.createOrganisation(org());
    expect(o.notifications).toBeUndefined();
    const updated = await store.updateOrganisation(o.id, { notifications: { digest: false, email: 'me@x.example', hour: 7 } });
    expect(updated.notifications).toEqual({ digest: false, email: 'me@x.example', hour: 7 });
  });

  it("keeps a customer's phone from the ledger, unless the ledger does not read phones", async () => {
    const o = await store.createOrganisation(org());
    const phoneOf = async () => {
      const { rows } = await store.listCustomers(o.id, { today: TODAY, limit: 1 });
      return rows[0]?.contact.phone;
    };
    const c = (phone: string | null | undefined, updatedAt: string) =>
      contact('c1', { updatedAt, ...(phone === undefined ? {} : { phone }) });
    await store.applyChanges(o.id, page({ contacts: [c('+33 1 23 45 67 89', '2026-06-01T00:00:00.000Z')], invoices: [invoice('a')] }), at);
    expect(await phoneOf()).toBe('+33 1 23 45 67 89');
    await store.applyChanges(o.id, page({ contacts: [c(undefined, '2026-06-02T00:00:00.000Z'), contact('c2')] }), at);
    expect(await phoneOf()).toBe('+33 1 23 45 67 89');
    await store.applyChanges(o.id, page({ contacts: [c(null, '2026-06-03T00:00:00.000Z')] }), at);
    expect(await phoneOf()).toBeNull();
  });

  it("shows the running sync's progress until it ends", async () => {
    const o = await store.createOrganisation(org());
    expect((await store.getSyncState(o.id)).running).toBeNull();
    const progress = { entity: 'invoices', pages: 2, records: 200, startedAt: at };
    await store.recordSyncProgress(o.id, progress);
    expect((await store.getSyncState(o.id)).running).toEqual(progress);
    await store.applyChanges(o.id, page({}), at);
    expect((await store.getSyncState(o.id)).running).toEqual(progress);
    await store.recordSyncProgress(o.id, null);
    expect((await store.getSyncState(o.id)).running).toBeNull();
  });

  it('keeps each email as it left, once, for as long as its invoices are kept', async () => {
    const o = await store.createOrganisation(org());
    await store.applyChanges(
      o.id,
      page({ contacts: [contact('c1')], invoices: [invoice('open1'), invoice('closed1', { status: 'paid', amountDueMinor: 0 })] }),
      '2024-01-10T00:00:00.000Z',
    );
    const [open1, closed1] = await store
      .invoicesByExternalId(o.id, ['open1', 'closed1'])
      .then((l) => ['open1', 'closed1'].map((k) => l.find((i) => i.externalId === k)!));
    const message = (messageId: string, invoiceIds: string[]) => ({
      messageId,
      orgId: o.id,
      invoiceIds,
      to: ['c1@client.example'],
      subject: `Invoice ${messageId}`,
      html: '<p>Hello</p>',
      text: 'Hello',
      sentAt: '2024-01-05T09:00:00.000Z',
    });
    await store.recordSentMessage(message('<old-closed@r>', [closed1!.id]));
    await store.recordSentMessage(message('<old-open@r>', [open1!.id, closed1!.id]));
    await store.recordSentMessage({ ...message('<old-closed@r>', [closed1!.id]), subject: 'retried' });
    expect(await store.sentMessage(o.id, '<old-closed@r>')).toEqual(message('<old-closed@r>', [closed1!.id]));
    const purged = await store.purgeExpired({
      receipts: at,
      oauthStates: at,
      orgEvents: '2020-01-01T00:00:00.000Z',
      closedInvoices: '2025-01-01T00:00:00.000Z',
    });
    expect(purged.invoiceEvents).toBeGreaterThanOrEqual(1);
    expect(await store.sentMessage(o.id, '<old-closed@r>')).toBeNull();
    expect(await store.sentMessage(o.id, '<old-open@r>')).not.toBeNull();
  });
});
