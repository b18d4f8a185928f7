import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/core/calendar.ts';
import { money } from '../../src/core/money.ts';
import { type ChargeClaim, LedgerError } from '../../src/core/ports.ts';
import { check, readSchema } from './sandbox/contract/xsd.ts';
import type { Json } from './sandbox/state.ts';
import type { QbCall } from './client.ts';
import { qbClientSetup, qbSetup } from './testkit.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
import { createQuickBooksWriter } from './writeback.ts';

const CONFIG = { write: { noteMaxLength: 2000 } };

async function setup() {
  const s = await qbSetup();
  const item = [...s.realm.entities.Item.values()].find((i) => i.Name === 'Late payment charges')!;
  const open = [...s.realm.entities.Invoice.values()].filter((i) => Number(i.Balance) === Number(i.TotalAmt) && Number(i.TotalAmt) > 0);
  const claim = (invoice: Json, over: Partial<ChargeClaim> = {}): ChargeClaim => ({
    invoiceExternalId: invoice.Id as string,
    invoiceNumber: invoice.DocNumber as string,
    contactExternalId: (invoice.CustomerRef as Json).value as string,
    lines: [
      { description: 'Statutory interest, 12 days at 8%', amount: money(1234, 'USD') },
      { description: 'Fixed compensation', amount: money(4000, 'USD') },
    ],
    writeAs: 'separate-invoice',
    bookTo: item.Id as string,
    issueDate: calendarDate('2026-03-15'),
    dueDate: calendarDate('2026-03-29'),
    ...over,
  });
  const notesOn = (invoiceId: string) =>
    [...s.realm.entities.Attachable.values()].filter((a) =>
      (a.AttachableRef as Json[]).some((r) => (r.EntityRef as Json).value === invoiceId),
    );
  return { ...s, item, open, claim, notesOn, writer: createQuickBooksWriter(s.call, CONFIG) };
}

/** Like a flaky network: each write reaches QuickBooks, then its first answer is lost (the caller sees a 503). */
function losingAnswers(call: QbCall): QbCall {
  const lost = new Set<string>();
  return async (conn, what, request) => {
    const answer = await call(conn, what, request);
    const id = request.requestId ?? '';
    if (request.method === 'POST' && !lost.has(id)) {
      lost.add(id);
      throw new LedgerError('unavailable', `${what}: the answer was lost`);
    }
    return answer;
  };
}

/** The job queue: run again until it succeeds (an error that is not retryable ends the test). */
async function untilDone<T>(run: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof LedgerError && error.retryable) || i > 20) throw error;
    }
  }
}

describe('notes', () => {
  it('land on the invoice as an attached note the customer is not sent, once per key under lost answers and 30% faults', async () => {
    const { call, conn, open, notesOn, sandbox } = await setup();
    sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 7 });
    const writer = createQuickBooksWriter(losingAnswers(call), CONFIG);
    const invoiceId = open[0]!.Id as string;
    for (const key of ['relance-note-r1', 'relance-note-r1', 'relance-note-r2']) {
      await untilDone(() => writer.addNote(conn, invoiceId, `Reminder sent (${key})`, key));
    }
    const notes = notesOn(invoiceId);
    expect(notes.map((n) => n.Note)).toEqual(['Reminder sent (relance-note-r1)', 'Reminder sent (relance-note-r2)']);
    expect(notes[0]!.AttachableRef).toEqual([{ EntityRef: { type: 'Invoice', value: invoiceId }, IncludeOnSend: false }]);
  });

  it('are cut to the length QuickBooks keeps', async () => {
    const { call, conn, open, notesOn } = await setup();
    const short = createQuickBooksWriter(call, { write: { noteMaxLength: 40 } });
    await short.addNote(conn, open[0]!.Id as string, 'x'.repeat(100), 'k');
    expect(notesOn(open[0]!.Id as string)[0]!.Note).toHaveLength(40);
  });
});

describe('charges', () => {
  it('as a separate invoice on the service item, referencing the original, written once under lost answers and 30% faults', async () => {
    const { call, conn, open, claim, realm, notesOn, item, sandbox } = await setup();
    sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 3 });
    const writer = createQuickBooksWriter(losingAnswers(call), CONFIG);
    const original = open[0]!;
    const before = realm.entities.Invoice.size;
    const written = await untilDone(() => writer.writeCharges(conn, claim(original), 'relance-charges-1'));
    const again = await untilDone(() => writer.writeCharges(conn, claim(original), 'relance-charges-1'));
    expect(again).toEqual(written);
    expect(realm.entities.Invoice.size).toBe(before + 1);
    expect(written.writtenAs).toBe('separate-invoice');
    const charges = realm.entities.Invoice.get(written.invoiceExternalId)!;
    expect(charges).toMatchObject({
      CustomerRef: { value: (original.CustomerRef as Json).value },
      TotalAmt: 52.34,
      PrivateNote: `Late-payment charges: ${original.DocNumber}`,
      CustomerMemo: { value: `Late-payment charges: ${original.DocNumber}` },
      TxnDate: '2026-03-15',
      DueDate: '2026-03-29',
    });
    expect((charges.Line as Json[]).map((l) => (l.SalesItemLineDetail as Json).ItemRef)).toEqual([{ value: item.Id }, { value: item.Id }]);
    expect(notesOn(original.Id as string).map((n) => n.Note)).toEqual([
      `Late-payment charges invoiced separately on ${charges.DocNumber}.`,
    ]);
  });

  it('as lines on the original, keeping every line it had, once, and waived by taking exactly those off', async () => {
    const { writer, conn, open, claim, realm } = await setup();
    const original = open.find((i) => (i.Line as Json[]).length >= 2) ?? open[0]!;
    const id = original.Id as string;
    const linesBefore = structuredClone(original.Line as Json[]);
    const total = Number(original.TotalAmt);
    const written = await writer.writeCharges(conn, claim(original, { writeAs: 'line-on-original' }), 'relance-charges-2');
    // a second run with a new key (the claim recorded nothing, say) finds the lines already there
    await writer.writeCharges(conn, claim(original, { writeAs: 'line-on-original' }), 'relance-charges-2b');
    const after = realm.entities.Invoice.get(id)!;
    const lines = after.Line as Json[];
    expect(lines).toHaveLength(linesBefore.length + 2);
    expect(lines.slice(0, linesBefore.length).map((l) => [l.Description, l.Amount])).toEqual(
      linesBefore.map((l) => [l.Description, l.Amount]),
    );
    expect(Number(after.TotalAmt)).toBeCloseTo(total + 52.34, 2);
    expect(written).toEqual({ writtenAs: 'line-on-original', invoiceExternalId: id, lineIds: lines.slice(-2).map((l) => l.Id) });

    await writer.waiveCharges(conn, written, 'goodwill', 'relance-waive-2');
    const waived = realm.entities.Invoice.get(id)!;
    expect((waived.Line as Json[]).map((l) => [l.Description, l.Amount])).toEqual(linesBefore.map((l) => [l.Description, l.Amount]));
    expect(Number(waived.TotalAmt)).toBeCloseTo(total, 2);
    // waiving again finds nothing left to take off and changes nothing
    await writer.waiveCharges(conn, written, 'goodwill', 'relance-waive-2b');
    expect(realm.entities.Invoice.get(id)!.SyncToken).toBe(waived.SyncToken);
  });

  it('as lines on the original, leaving out the subtotal QuickBooks computes itself', async () => {
    const { call, conn, open, claim, realm } = await setup();
    const original = open[0]!;
    const salesLines = (original.Line as Json[]).length;
    (original.Line as Json[]).push({ Amount: Number(original.TotalAmt), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
    const sent: unknown[] = [];
    const recording: QbCall = (c, what, request) => {
      if (request.method === 'POST') sent.push(request.body);
      return call(c, what, request);
    };
    await createQuickBooksWriter(recording, CONFIG).writeCharges(conn, claim(original, { writeAs: 'line-on-original' }), 'k-sub');
    const lines = (sent[0] as { Line: Json[] }).Line;
    expect(lines.map((l) => l.DetailType)).toEqual(Array(salesLines + 2).fill('SalesItemLineDetail'));
    expect(realm.entities.Invoice.get(original.Id as string)!.Line).toHaveLength(salesLines + 2);
  });

  it('re-read and retry an update that meets a stale SyncToken, keeping what the other writer did', async () => {
    const { call, conn, open, claim, realm, sandbox } = await setup();
    const original = open[0]!;
    const id = original.Id as string;
    let interfered = 0;
    // the owner records a payment between our read and our write, twice
    const racing: QbCall = async (c, what, request) => {
      if (request.method === 'POST' && request.path === 'invoice' && interfered < 2) {
        interfered++;
        sandbox.control.pay(realm.id, [{ invoiceId: id, amount: 1 }]);
      }
      return call(c, what, request);
    };
    const writer = createQuickBooksWriter(racing, CONFIG);
    const written = await writer.writeCharges(conn, claim(original, { writeAs: 'line-on-original' }), 'relance-charges-3');
    expect(interfered).toBe(2);
    const after = realm.entities.Invoice.get(id)!;
    expect(written.writtenAs).toBe('line-on-original');
    expect((after.Line as Json[]).filter((l) => l.Description === 'Fixed compensation')).toHaveLength(1);
    expect(Number(after.Balance)).toBeCloseTo(Number(original.TotalAmt) + 52.34 - 2, 2);
  });

  it('give up with a retryable conflict when the invoice keeps changing', async () => {
    const { call, conn, open, claim, realm, sandbox } = await setup();
    const id = open[0]!.Id as string;
    const racing: QbCall = async (c, what, request) => {
      if (request.method === 'POST' && request.path === 'invoice') sandbox.control.pay(realm.id, [{ invoiceId: id, amount: 0.01 }]);
      return call(c, what, request);
    };
    const failed = await createQuickBooksWriter(racing, CONFIG)
      .writeCharges(conn, claim(open[0]!, { writeAs: 'line-on-original' }), 'relance-charges-4')
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(LedgerError);
    expect(failed).toMatchObject({ kind: 'conflict', retryable: true });
  });

  it('go on a separate invoice when the original is settled, and a separate invoice is waived by voiding it', async () => {
    const { writer, conn, open, claim, realm, sandbox } = await setup();
    const original = open[0]!;
    sandbox.control.pay(realm.id, [{ invoiceId: original.Id as string, amount: Number(original.Balance) }]);
    const written = await writer.writeCharges(conn, claim(original, { writeAs: 'line-on-original' }), 'relance-charges-5');
    expect(written.writtenAs).toBe('separate-invoice');
    await writer.waiveCharges(conn, written, 'paid in full', 'relance-waive-5');
    await writer.waiveCharges(conn, written, 'paid in full', 'relance-waive-5');
    expect(realm.entities.Invoice.get(written.invoiceExternalId)).toMatchObject({ TotalAmt: 0, Balance: 0 });
    expect(String(realm.entities.Invoice.get(written.invoiceExternalId)!.PrivateNote)).toMatch(/^Voided/);
  });

  it('refuse a claim without a service item, with a message saying where to choose one', async () => {
    const { writer, conn, open, claim } = await setup();
    await expect(writer.writeCharges(conn, claim(open[0]!, { bookTo: null }), 'k')).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/service item.*settings/),
    });
  });
});

describe('reads for write-back', () => {
  it('list the service items charges can be booked to, and the invoice payment link', async () => {
    const { writer, conn, open, realm } = await setup();
    const targets = await writer.chargeTargets(conn);
    expect(targets.map((t) => t.name)).toContain('Late payment charges');
    expect(targets).toHaveLength([...realm.entities.Item.values()].filter((i) => i.Type === 'Service' && i.Active).length);
    expect(await writer.paymentUrl(conn, open[0]!.Id as string)).toBe(open[0]!.InvoiceLink);
    expect(await writer.paymentUrl(conn, '999999')).toBeNull();
  });
});

describe('through the connector client', () => {
  it('notes and charges land once under 30% faults and lost answers, a stale SyncToken retried', async () => {
    const { call, conn, config, realm, sandbox } = await qbClientSetup(server);
    sandbox.control.faults({ rate: 0.3, statuses: [429, 503], seed: 21 });
    const item = [...realm.entities.Item.values()].find((i) => i.Name === 'Late payment charges')!;
    const invoice = [...realm.entities.Invoice.values()].find((i) => Number(i.Balance) === Number(i.TotalAmt) && Number(i.TotalAmt) > 0)!;
    let raced = false;
    const racing: QbCall = async (c, what, request) => {
      if (!raced && request.method === 'POST' && request.path === 'invoice') {
        raced = true;
        sandbox.control.pay(realm.id, [{ invoiceId: invoice.Id as string, amount: 1 }]);
      }
      return call(c, what, request);
    };
    const writer = createQuickBooksWriter(losingAnswers(racing), config);
    const claim: ChargeClaim = {
      invoiceExternalId: invoice.Id as string,
      invoiceNumber: invoice.DocNumber as string,
      contactExternalId: (invoice.CustomerRef as Json).value as string,
      lines: [{ description: 'Fixed compensation', amount: money(4000, 'USD') }],
      writeAs: 'line-on-original',
      bookTo: item.Id as string,
      issueDate: calendarDate('2026-03-15'),
      dueDate: calendarDate('2026-03-29'),
    };
    for (let i = 0; i < 3; i++) {
      await untilDone(() => writer.addNote(conn, invoice.Id as string, 'Reminder 1 sent', 'relance-note-x'));
      await untilDone(() => writer.writeCharges(conn, claim, 'relance-charges-x'));
    }
    const after = realm.entities.Invoice.get(invoice.Id as string)!;
    expect(raced).toBe(true);
    expect((after.Line as Json[]).filter((l) => l.Description === 'Fixed compensation')).toHaveLength(1);
    const notes = [...realm.entities.Attachable.values()].filter((a) => a.Note === 'Reminder 1 sent');
    expect(notes).toHaveLength(1);
  });
});

const XSD = fileURLToPath(new URL('../../../shared/contracts/quickbooks/', import.meta.url));

describe.skipIf(!existsSync(XSD))('every body written', () => {
  it('uses only the XSD fields of its type, with values of their types', async () => {
    const { call, conn, open, claim } = await setup();
    const bodies: { type: string; body: unknown }[] = [];
    const recording: QbCall = (c, what, request) => {
      if (request.method === 'POST') bodies.push({ type: request.path === 'attachable' ? 'Attachable' : 'Invoice', body: request.body });
      return call(c, what, request);
    };
    const writer = createQuickBooksWriter(recording, CONFIG);
    await writer.addNote(conn, open[0]!.Id as string, 'Reminder sent', 'n1');
    const separate = await writer.writeCharges(conn, claim(open[0]!), 'c1');
    const lines = await writer.writeCharges(conn, claim(open[1]!, { writeAs: 'line-on-original' }), 'c2');
    await writer.waiveCharges(conn, separate, 'goodwill', 'w1');
    await writer.waiveCharges(conn, lines, 'goodwill', 'w2');
    expect(new Set(bodies.map((b) => b.type))).toEqual(new Set(['Invoice', 'Attachable']));
    const schema = readSchema(
      readdirSync(XSD)
        .filter((f) => f.endsWith('.xsd'))
        .map((f) => readFileSync(`${XSD}${f}`, 'utf8')),
    );
    expect(bodies.flatMap((b, i) => check(schema, b.type, b.body, `${b.type}#${i}`))).toEqual([]);
  });
});
