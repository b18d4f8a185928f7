import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { NewOrganisation } from '../core/store.ts';
import { contact, invoice, org as orgFixture, page } from '../../test/fixtures/ledger.ts';
import { testDeps } from '../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import { type DigestEnv, ownerAttention, ownerDigest, sendDigests } from './digest.ts';
import { planOrganisation } from './plan.ts';
import { sendReminders } from './send.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

// Monday 23 March 2026, 10:00 in Paris: past the default digest hour (8)
const NOW = '2026-03-23T09:00:00Z';

const env = (expiresAt: string | null = null): DigestEnv => ({
  relay: { address: 'reminders@relay.relance.test', domain: 'relay.relance.test' },
  refreshExpiresAt: async () => expiresAt,
  ledgerName: () => 'Books',
});

/**
 * An organisation with one of each: a call to make (Boulangerie Martin, F-001), a formal notice waiting for approval
 * (Garage Durand, F-009) and a dispute (Café Lune, F-003). Or, `quiet`, one invoice not due yet: nothing to say.
 */
async function world(options: { quiet?: boolean; org?: Partial<NewOrganisation> } = {}) {
  const t = testDeps(opened.store, NOW);
  // one store holds every test's organisations: each test runs the digest over its own only
  for (const other of await opened.store.listOrganisations())
    if (other.connectionStatus !== 'disconnected') await opened.store.setConnectionStatus(other.id, 'disconnected', 'test');
  const org = await opened.store.createOrganisation(
    orgFixture({ locale: 'en', sendingOnSince: '2026-03-01T00:00:00.000Z', ...options.org }),
  );
  const invoices = options.quiet
    ? [invoice('i1', { number: 'F-001', dueDate: '2026-04-30' as CalendarDate })]
    : [
        invoice('i1', { number: 'F-001' }),
        invoice('i9', { number: 'F-009', contactExternalId: 'c2', dueDate: '2026-02-01' as CalendarDate }),
        invoice('i3', { number: 'F-003', contactExternalId: 'c3', dueDate: '2026-03-20' as CalendarDate, amountDueMinor: 45_000 }),
      ];
  const { invoiceIds } = await opened.store.applyChanges(
    org.id,
    page({
      contacts: [
        contact('c1', { name: 'Boulangerie Martin' }),
        contact('c2', { name: 'Garage Durand' }),
        contact('c3', { name: 'Café Lune' }),
      ],
      invoices,
    }),
    '2026-03-23T08:00:00.000Z',
  );
  for (const i of invoices) t.ledger.addInvoice(i);
  if (!options.quiet) {
    const [f003] = await opened.store.invoicesByExternalId(org.id, ['i3']);
    await opened.store.recordAnswer(org.id, {
      kind: 'dispute',
      id: crypto.randomUUID(),
      invoiceIds: [f003!.id],
      at: '2026-03-21T10:00:00.000Z',
      reason: 'Wrong quantity',
      source: 'customer',
      resolvedAt: null,
    });
    await planOrganisation(t.deps, org.id);
    const call = (await opened.store.remindersInState(org.id, ['planned'])).find((r) => r.stepKey === 'call')!;
    await sendReminders(t.deps, org.id, [call.id]);
  }
  expect(invoiceIds.length).toBe(invoices.length);
  return { t, org: (await opened.store.getOrganisation(org.id))! };
}

describe('the owner’s daily digest', () => {
  it('reads what needs the owner: disputes, approvals, calls due, a connection about to expire', async () => {
    const { t, org } = await world();
    const a = await ownerAttention(t.deps, org, t.clock.now(), '2026-03-27T12:00:00Z');
    expect(a.disputes.rows.map((r) => r.invoice.number)).toEqual(['F-003']);
    expect(a.approvals.map((i) => [i.invoiceNumber, i.customer, i.reminder.stepKey])).toEqual([
      ['F-009', 'Garage Durand', 'formal-notice'],
    ]);
    expect(a.calls).toBe(1);
    expect(a.connection).toMatchObject({ level: 'urgent', on: '2026-03-27' });

    const email = (await ownerDigest(t.deps, org, t.clock.now(), env('2026-03-27T12:00:00Z')))!;
    expect(email.to).toEqual([{ name: 'Atelier Dupont', address: 'compta@atelier-dupont.example' }]);
    expect(email.from).toEqual({ name: 'relance', address: 'reminders@relay.relance.test' });
    expect(email.subject).toBe('relance: 4 things need you today (Atelier Dupont SARL)');
    expect(email.text).toContain('Open disputes (1)');
    expect(email.text).toContain('- F-003 · Café Lune · €450.00');
    expect(email.text).toContain('Waiting for your approval (1)\nThese steps go out only once you approve them.\n- F-009 · Garage Durand');
    expect(email.text).toContain('To do by hand: 1 call to make, 0 letters to print or post.');
    expect(email.text).toContain(`https://relance.test/orgs/${org.id}/tasks`);
    expect(email.text).toContain('Your Books connection expires on 27 Mar 2026');
    expect(email.messageId).toMatch(/^<digest-.*-2026-03-23@relay\.relance\.test>$/);
  });

  it('goes once a day, from the local hour on, even from two workers; again the next day', async () => {
    const { t, org } = await world();
    t.clock.set('2026-03-23T06:30:00Z'); // 07:30 in Paris: before 8
    expect(await sendDigests(t.deps, env())).toEqual({ sent: [], nothingToSay: [], failed: [] });
    t.clock.set('2026-03-23T07:05:00Z');
    expect((await sendDigests(t.deps, env())).sent).toEqual([org.id]);
    expect(t.mailer.sent).toHaveLength(1);
    t.clock.set('2026-03-23T08:05:00Z');
    expect((await sendDigests(t.deps, env())).sent).toEqual([]);
    // another worker on the same store, or a restart
    const other = testDeps(opened.store, '2026-03-23T09:05:00Z');
    expect((await sendDigests(other.deps, env())).sent).toEqual([]);
    expect(other.mailer.sent).toEqual([]);
    // two workers at the same moment: one sends
    t.clock.set('2026-03-24T07:00:00Z');
    other.clock.set('2026-03-24T07:00:00Z');
    const both = await Promise.all([sendDigests(t.deps, env()), sendDigests(other.deps, env())]);
    expect(both.flatMap((r) => r.sent)).toEqual([org.id]);
    expect(t.mailer.sent.length + other.mailer.sent.length).toBe(2);
  });

  it('says nothing when there is nothing to say, nor when it is off; goes to the address the owner chose', async () => {
    const quiet = await world({ quiet: true });
    expect(await ownerDigest(quiet.t.deps, quiet.org, quiet.t.clock.now(), env())).toBeNull();
    expect(await sendDigests(quiet.t.deps, env())).toEqual({ sent: [], nothingToSay: [quiet.org.id], failed: [] });
    expect(quiet.t.mailer.sent).toEqual([]);

    const off = await world({ org: { notifications: { digest: false, email: null, hour: 8 } } });
    expect(await sendDigests(off.t.deps, env())).toEqual({ sent: [], nothingToSay: [], failed: [] });

    const elsewhere = await world({ org: { notifications: { digest: true, email: 'boss@atelier-dupont.example', hour: 9 } } });
    expect((await sendDigests(elsewhere.t.deps, env())).sent).toEqual([elsewhere.org.id]);
    expect(elsewhere.t.mailer.sent[0]!.to).toEqual([{ name: 'Atelier Dupont', address: 'boss@atelier-dupont.example' }]);
  });

  it('in the demo (off unless chosen), only an owner who turned it on gets it', async () => {
    const untouched = await world();
    expect(await sendDigests(untouched.t.deps, { ...env(), onByDefault: false })).toEqual({ sent: [], nothingToSay: [], failed: [] });
    const chosen = await world({ org: { notifications: { digest: true, email: null, hour: 8 } } });
    expect((await sendDigests(chosen.t.deps, { ...env(), onByDefault: false })).sent).toEqual([chosen.org.id]);
  });

  it('a failed send is logged and not retried that day', async () => {
    const { t, org } = await world();
    t.mailer.failWith = new Error('connection reset');
    expect(await sendDigests(t.deps, env())).toEqual({ sent: [], nothingToSay: [], failed: [org.id] });
    t.mailer.failWith = null;
    t.clock.set('2026-03-23T11:00:00Z');
    expect((await sendDigests(t.deps, env())).sent).toEqual([]);
  });
});
