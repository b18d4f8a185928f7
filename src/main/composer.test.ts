import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import { defaultPolicy, defaultPolicySet, type Step } from '../core/policy.ts';
import type { StoredInvoice } from '../core/store.ts';
import { createRenderer } from '../mail/render.ts';
import type { ReminderEmailInput } from '../services/index.ts';
import { mailComposer } from './composer.ts';

/** The composer over the real renderer: what the customer reads, in the HTML and in the text part. */
const composer = mailComposer(createRenderer(), { domain: 'relance.test', via: { kind: 'relay', address: 'relay@relance.test' } });
const step = (key: string): Step => defaultPolicy.steps.find((s) => s.key === key)!;

const org: Organisation = {
  id: 'org-1',
  vendor: 'test',
  externalId: 't-1',
  name: 'Atelier Dupont',
  timeZone: 'Europe/London',
  locale: 'en',
  countryCode: 'IE',
  sender: { name: 'Claire', email: 'accounts@atelier.example' },
  branding: {},
  policy: defaultPolicySet,
  connectionStatus: 'connected',
  tokenKey: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

function invoice(id: string, overrides: Partial<StoredInvoice> = {}): StoredInvoice {
  return {
    id,
    orgId: org.id,
    externalId: `x-${id}`,
    number: `INV-${id}`,
    contactId: 'c1',
    contactExternalId: 'xc1',
    issueDate: '2026-02-01' as CalendarDate,
    dueDate: '2026-03-03' as CalendarDate,
    currency: 'EUR',
    totalMinor: 120_000,
    amountDueMinor: 120_000,
    amountCreditedMinor: 0,
    amountPaidMinor: 0,
    status: 'open',
    paused: false,
    syncedAt: '2026-03-04T08:00:00.000Z',
    paymentUrl: null,
    reference: null,
    nextActionOn: null,
    ...overrides,
  };
}

function input(invoices: ReminderEmailInput['invoices'], overrides: Partial<ReminderEmailInput> = {}): ReminderEmailInput {
  return {
    org,
    contact: { id: 'c1', name: 'Martin Ltd', emails: ['ap@martin.example'], isConsumer: false, paused: false },
    step: invoices[0]!.step,
    invoices,
    paymentUrl: null,
    answerUrls: {
      promise: 'https://relance.test/a/t/promise',
      paid: 'https://relance.test/a/t/paid',
      dispute: 'https://relance.test/a/t/dispute',
    },
    reminderKey: 'batch-1.0',
    earlierMessageIds: [],
    today: '2026-03-13' as CalendarDate,
    deadline: '2026-03-23' as CalendarDate,
    ...overrides,
  };
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe('a customer with invoices in two currencies', () => {
  it('gets one email with one total per currency, never summed', async () => {
    const email = await composer.compose(
      input([
        { invoice: invoice('1', { currency: 'EUR', amountDueMinor: 120_000 }), step: step('friendly'), charges: null },
        { invoice: invoice('2', { currency: 'GBP', amountDueMinor: 45_050 }), step: step('friendly'), charges: null },
        { invoice: invoice('3', { currency: 'EUR', amountDueMinor: 30_000 }), step: step('friendly'), charges: null },
      ]),
    );
    expect(email.text).toMatch(/^Total due: €1,500\.00$/m);
    expect(email.text).toMatch(/^Total due: £450\.50$/m);
    expect(email.text).not.toMatch(/1,950\.50|1,950\.5/);
    expect(email.html).toContain('€1,500.00');
    expect(email.html).toContain('£450.50');
  });

  it('a formal notice claims principal + interest + compensation per currency', async () => {
    const charges = (currency: string, interestMinor: number) => ({
      interestMinor,
      compensationMinor: 4000,
      totalMinor: interestMinor + 4000,
      currency,
      wording: [],
    });
    const notice = step('formal-notice');
    const email = await composer.compose(
      input(
        [
          { invoice: invoice('1', { currency: 'EUR', amountDueMinor: 100_000 }), step: notice, charges: charges('EUR', 1_500) },
          { invoice: invoice('2', { currency: 'GBP', amountDueMinor: 50_000 }), step: notice, charges: charges('GBP', 700) },
        ],
        { step: notice },
      ),
    );
    // €1,000.00 + €15.00 + €40.00 = €1,055.00 and £500.00 + £7.00 + £40.00 = £547.00, each on its own
    expect(email.text).toContain('€1,055.00');
    expect(email.text).toContain('£547.00');
    expect(email.text).not.toContain('1,602.00');
  });
});

describe('payment links in a combined email', () => {
  const two = (a: string | null, b: string | null) =>
    input([
      { invoice: invoice('1', { paymentUrl: a }), step: step('friendly'), charges: null },
      { invoice: invoice('2', { paymentUrl: b, amountDueMinor: 30_000 }), step: step('friendly'), charges: null },
    ]);

  it('each row carries its own link; without one link for all, there is no "pay everything" button', async () => {
    const email = await composer.compose(two('https://pay.example/inv-1', 'https://pay.example/inv-2'));
    expect(hrefs(email.html)).toEqual(expect.arrayContaining(['https://pay.example/inv-1', 'https://pay.example/inv-2']));
    expect(email.html).not.toContain('Pay €1,500.00 online');
    expect(email.html).toContain('Each invoice above can be paid online through its own link.');
    expect(email.text).toMatch(/\* Invoice INV-1: [^\n]*\n[^\n]*\n {2}Pay this invoice: https:\/\/pay\.example\/inv-1\n/);
    expect(email.text).toMatch(/\* Invoice INV-2: [^\n]*\n[^\n]*\n {2}Pay this invoice: https:\/\/pay\.example\/inv-2\n/);
    expect(email.text).not.toContain('Pay online: ');
    expect(email.text).toContain('Each invoice above can be paid online through its own link.');
  });

  it('one link the ledger offers for every invoice pays the whole, from the button', async () => {
    const email = await composer.compose({
      ...two('https://pay.example/inv-1', 'https://pay.example/inv-2'),
      paymentUrl: 'https://pay.example/statement',
    });
    expect(email.html).toMatch(/<a href="https:\/\/pay\.example\/statement"[^>]*>[^<]*Pay €1,500\.00 online/);
    expect(email.text).toContain('Pay online: https://pay.example/statement');
    expect(email.text).not.toContain('Each invoice above can be paid');
  });

  it('a single invoice keeps its link on the button', async () => {
    const email = await composer.compose(
      input([{ invoice: invoice('1', { paymentUrl: 'https://pay.example/inv-1' }), step: step('friendly'), charges: null }]),
    );
    expect(email.html).toMatch(/<a href="https:\/\/pay\.example\/inv-1"[^>]*>[^<]*Pay €1,200\.00 online/);
    expect(email.text).toContain('Pay online: https://pay.example/inv-1');
  });
});

describe('a late-payment charges invoice relance wrote', () => {
  it('is listed under the invoice it belongs to, with its number, amount and link', async () => {
    const chargesInvoice = invoice('9', {
      number: 'INV-0115',
      amountDueMinor: 4_360,
      dueDate: '2026-03-20' as CalendarDate,
      paymentUrl: 'https://pay.example/inv-0115',
    });
    const email = await composer.compose(
      input(
        [
          {
            invoice: invoice('1', { number: 'INV-0114', paymentUrl: 'https://pay.example/inv-0114' }),
            step: step('firm'),
            charges: null,
            chargesInvoices: [chargesInvoice],
          },
        ],
        { step: step('firm') },
      ),
    );
    expect(email.text).toMatch(
      /\* Invoice INV-0114: [^\n]*\n[^\n]*\n {2}Pay this invoice: https:\/\/pay\.example\/inv-0114\n\* Invoice INV-0115 \(late-payment charges on INV-0114\): [^\n]*\n {2}Amount due €43\.60/,
    );
    expect(email.text).toMatch(/^Total due: €1,243\.60$/m);
    expect(email.subject).toBe('Second reminder: invoice INV-0114, 10 days overdue');
    expect(email.html).toContain('late-payment charges on INV-0114');
    expect(hrefs(email.html)).toContain('https://pay.example/inv-0115');
  });
});
