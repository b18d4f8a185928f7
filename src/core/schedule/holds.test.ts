import { describe, expect, it } from 'vitest';
import type { CustomerAnswer } from '../answers.ts';
import { invoiceHold } from './holds.ts';
import { aContact, anInvoice, aPolicy, day } from './testkit.ts';

const policy = aPolicy({ promiseGraceDays: 3 });
const today = day('2026-03-20');
const promise = (promisedDate: string, at = '2026-03-10T10:00:00Z'): CustomerAnswer => ({
  kind: 'promise',
  id: `p-${promisedDate}`,
  invoiceIds: ['inv-1'],
  at,
  promisedDate: day(promisedDate),
  source: 'customer',
});

describe('invoiceHold', () => {
  const cases: [string, Parameters<typeof anInvoice>[0], CustomerAnswer[], Parameters<typeof aContact>[0], string | null, RegExp][] = [
    ['draft', { status: 'draft' }, [], {}, 'draft', /INV-0001: still a draft/],
    ['paid in full', { status: 'paid', amountDueMinor: 0 }, [], {}, 'paid', /INV-0001: paid in full/],
    ['nothing left due though status open', { amountDueMinor: 0 }, [], {}, 'paid', /paid in full/],
    ['overpaid', { amountDueMinor: -500 }, [], {}, 'paid', /paid/],
    ['status paid with an amount left (ledger lag)', { status: 'paid', amountDueMinor: 100 }, [], {}, 'paid', /paid/],
    [
      'settled by a credit note',
      { amountDueMinor: 0, amountCreditedMinor: 120_000 },
      [],
      {},
      'credited',
      /credit note \(€1,200\.00 credited\)/,
    ],
    ['part paid part credited', { amountDueMinor: 0, amountCreditedMinor: 20_000 }, [], {}, 'credited', /credit note/],
    [
      'status paid with credits covering it',
      { status: 'paid', amountDueMinor: 50, amountCreditedMinor: 120_000 },
      [],
      {},
      'credited',
      /credit/,
    ],
    ['voided', { status: 'voided' }, [], {}, 'voided', /INV-0001: voided in the ledger/],
    ['deleted', { status: 'deleted', amountDueMinor: 0 }, [], {}, 'deleted', /INV-0001: deleted from the ledger/],
    [
      'disputed by the customer',
      {},
      [{ kind: 'dispute', id: 'd', invoiceIds: ['inv-1'], at: '2026-03-05T10:00:00Z', reason: 'wrong quantity', source: 'customer' }],
      {},
      'disputed',
      /Acme SARL disputes it \("wrong quantity"\); no reminder goes out until the dispute is resolved/,
    ],
    [
      'disputed by the owner',
      {},
      [{ kind: 'dispute', id: 'd', invoiceIds: ['inv-1'], at: '2026-03-05T10:00:00Z', reason: 'x', resolvedAt: null, source: 'owner' }],
      {},
      'disputed',
      /you marked it as disputed/,
    ],
    [
      'dispute resolved',
      {},
      [
        {
          kind: 'dispute',
          id: 'd',
          invoiceIds: ['inv-1'],
          at: '2026-03-05T10:00:00Z',
          reason: 'x',
          resolvedAt: '2026-03-06T00:00:00Z',
          source: 'owner',
        },
      ],
      {},
      null,
      /./,
    ],
    [
      'dispute on another invoice',
      {},
      [{ kind: 'dispute', id: 'd', invoiceIds: ['inv-2'], at: '2026-03-05T10:00:00Z', reason: 'x', source: 'customer' }],
      {},
      null,
      /./,
    ],
    [
      'promised, date ahead',
      {},
      [promise('2026-03-25')],
      {},
      'promised',
      /payment promised for 25 Mar 2026; reminders resume on 29 Mar 2026 if it is still unpaid \(3 days of grace\)/,
    ],
    ['promised, inside the grace', {}, [promise('2026-03-17')], {}, 'promised', /resume on 21 Mar 2026/],
    ['promise lapsed (grace over)', {}, [promise('2026-03-16')], {}, null, /./],
    [
      'a later promise replaces an earlier one',
      {},
      [promise('2026-04-30', '2026-03-01T00:00:00Z'), promise('2026-03-10', '2026-03-12T00:00:00Z')],
      {},
      null,
      /./,
    ],
    [
      'reported paid after the last sync',
      { syncedAt: '2026-03-18T08:00:00Z' },
      [{ kind: 'paid', id: 'a', invoiceIds: ['inv-1'], at: '2026-03-18T09:00:00Z', source: 'customer' }],
      {},
      'reported-paid',
      /Acme SARL says it is already paid; reminders wait until the next sync/,
    ],
    [
      'reported paid, then a sync still shows it due',
      { syncedAt: '2026-03-19T08:00:00Z' },
      [{ kind: 'paid', id: 'a', invoiceIds: ['inv-1'], at: '2026-03-18T09:00:00Z', source: 'customer' }],
      {},
      null,
      /./,
    ],
    [
      'reported paid, offsets compared as instants',
      { syncedAt: '2026-03-18T10:30:00+02:00' },
      [{ kind: 'paid', id: 'a', invoiceIds: ['inv-1'], at: '2026-03-18T09:00:00Z', source: 'customer' }],
      {},
      'reported-paid',
      /already paid/,
    ],
    [
      'reported paid with an unreadable sync stamp',
      { syncedAt: 'garbage' },
      [{ kind: 'paid', id: 'a', invoiceIds: ['inv-1'], at: '2026-03-18T09:00:00Z', source: 'customer' }],
      {},
      'reported-paid',
      /already paid/,
    ],
    ['invoice paused', { paused: true }, [], {}, 'paused', /INV-0001: you paused reminders for this invoice/],
    ['customer paused', {}, [], { paused: true }, 'paused', /you paused reminders for Acme SARL/],
    [
      'a late-payment charges invoice relance wrote',
      { chargesFor: 'inv-0' },
      [],
      {},
      'charges-invoice',
      /INV-0001: late-payment charges relance invoiced; they are listed in the reminders of the invoice they belong to/,
    ],
    ['open, unpaid, nothing said', {}, [], {}, null, /./],
  ];
  it.each(cases)('%s', (_name, inv, answers, contact, reason, why) => {
    const hold = invoiceHold(anInvoice(inv), answers, aContact(contact), today, policy);
    expect(hold?.reason ?? null).toBe(reason);
    if (hold) expect(hold.why).toMatch(why);
  });

  it('says until when chasing resumes after a promise, and nothing for standing holds', () => {
    expect(invoiceHold(anInvoice(), [promise('2026-03-25')], aContact(), today, policy)?.until).toBe('2026-03-29');
    expect(invoiceHold(anInvoice({ status: 'voided' }), [], aContact(), today, policy)?.until).toBeNull();
  });

  it('without grace, a promise holds up to and including its date', () => {
    const p = aPolicy({ promiseGraceDays: 0 });
    expect(invoiceHold(anInvoice(), [promise('2026-03-20')], aContact(), today, p)?.why).not.toMatch(/grace/);
    expect(invoiceHold(anInvoice(), [promise('2026-03-20')], aContact(), today, p)?.reason).toBe('promised');
    expect(invoiceHold(anInvoice(), [promise('2026-03-19')], aContact(), today, p)).toBeNull();
  });

  it('puts the ledger state before anything the customer said', () => {
    const disputed: CustomerAnswer = {
      kind: 'dispute',
      id: 'd',
      invoiceIds: ['inv-1'],
      at: '2026-03-05T10:00:00Z',
      reason: 'x',
      source: 'customer',
    };
    expect(invoiceHold(anInvoice({ amountDueMinor: 0 }), [disputed], aContact({ paused: true }), today, policy)?.reason).toBe('paid');
  });
});
