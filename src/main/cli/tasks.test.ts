import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../core/calendar.ts';
import { memoryQueue } from '../../jobs/index.ts';
import { planOrganisation, sendReminders, writeBack } from '../../services/index.ts';
import { contact, invoice, org as orgFixture, page } from '../../../test/fixtures/ledger.ts';
import { testDeps } from '../../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../../test/support/stores.ts';
import type { OpenRuntime } from './answers.ts';
import { statusCommand } from './engine.ts';
import { tasksCommand } from './tasks.ts';
import { goneOnThisHost, releaseGoneClaims } from './workers.ts';

function capture() {
  const out = { text: '', err: '' };
  return {
    out,
    io: {
      stdout: (s: string) => {
        out.text += s;
      },
      stderr: (s: string) => {
        out.err += s;
      },
    },
  };
}

describe('relance status and relance tasks: calls to make, letters to print, claims a dead worker left', () => {
  let opened: OpenedStore;
  let t: ReturnType<typeof testDeps>;
  let orgId = '';
  let open: OpenRuntime;

  beforeAll(async () => {
    opened = await openPglite();
    // Monday 23 March 2026, 10:00 in Paris: 20 days after the due date, the call step is due
    t = testDeps(opened.store, '2026-03-23T09:00:00Z');
    const o = await opened.store.createOrganisation(orgFixture({ locale: 'en' }));
    orgId = o.id;
    await opened.store.applyChanges(
      o.id,
      page({
        contacts: [contact('c1', { name: 'Boulangerie Martin' })],
        invoices: [invoice('i1', { number: 'F-001' }), invoice('i2', { number: 'F-002', dueDate: '2026-03-20' as CalendarDate })],
      }),
      '2026-03-23T08:00:00.000Z',
    );
    t.ledger.addInvoice(invoice('i1', { number: 'F-001' }));
    open = async () => {
      const queue = memoryQueue();
      t.deps.queue = queue;
      const idle = async () => {};
      return {
        store: opened.store,
        deps: t.deps,
        queue,
        close: () => queue.close(),
        services: { sync: idle, plan: idle, send: idle, writeBack: (job) => writeBack(t.deps, job) },
      };
    };
  });
  afterAll(() => opened.close());

  it('a call step is an open task in status, not a sent reminder; `tasks done` closes it and notes the call in the ledger', async () => {
    await planOrganisation(t.deps, orgId);
    const call = (await opened.store.remindersInState(orgId, ['planned'])).find((r) => r.stepKey === 'call')!;
    await sendReminders(t.deps, orgId, [call.id]);

    const status = capture();
    expect(await statusCommand([], status.io, open)).toBe(0);
    expect(status.out.text).toContain('0 reminder(s) sent');
    expect(status.out.text).toMatch(
      /CALL TO MAKE: Boulangerie Martin, invoice F-001 \(call, since 2026-03-2\d\); done: relance tasks done --org \S+ --invoice F-001/,
    );
    expect(t.ledger.notes).toEqual([]);

    const listed = capture();
    expect(await tasksCommand(['--org', orgId], listed.io, open)).toBe(0);
    expect(listed.out.text).toMatch(
      /^F-001 {2}call: Boulangerie Martin \(call, opened .*\): call Boulangerie Martin and ask for a payment date\n$/,
    );

    t.clock.set('2026-03-24T14:00:00Z');
    const done = capture();
    expect(await tasksCommand(['done', '--org', orgId, '--invoice', 'F-001', '--note', 'pays Friday'], done.io, open)).toBe(0);
    expect(done.out.text).toBe('F-001: call done. Noted in the ledger.\n');
    expect((await opened.store.getReminders(orgId, [call.id]))[0]).toMatchObject({
      state: 'sent',
      reason: 'call made by the owner: pays Friday',
    });
    expect(t.ledger.notes.map((n) => n.text)).toEqual([expect.stringMatching(/\(call\) on 2026-03-24\.$/)]);
    await expect(tasksCommand(['done', '--org', orgId, '--invoice', 'F-001'], capture().io, open)).rejects.toThrow(
      /F-001 has no open task/,
    );
    const none = capture();
    await tasksCommand(['--org', orgId], none.io, open);
    expect(none.out.text).toContain('nothing to do by hand');
  });

  it('shows reminders stuck in claimed, and a worker starting releases the claims of a dead worker of its host at once', async () => {
    const org = (await opened.store.getOrganisation(orgId))!;
    const [inv2] = await opened.store.invoicesByExternalId(orgId, ['i2']);
    const steps = org.policy.default.steps;
    // the plan of the first test left F-002's friendly reminder planned; another step is recorded for a second worker
    const dead = (await opened.store.remindersOfInvoices(orgId, [inv2!.id])).find((r) => r.stepKey === 'friendly' && r.state === 'planned');
    const [far] = await opened.store.recordReminders(
      orgId,
      [
        {
          invoiceId: inv2!.id,
          contactId: inv2!.contactId,
          step: steps[2]!,
          dueOn: '2026-03-30' as CalendarDate,
          state: 'planned',
          reason: null,
          batchId: 'b-far',
        },
      ],
      '2026-03-24T13:00:00Z',
    );
    await opened.store.claimReminders(orgId, [dead!.id], 'this-host:4242', '2026-03-24T13:50:00Z');
    await opened.store.claimReminders(orgId, [far!.id], 'other-host:4242', '2026-03-24T13:50:00Z');
    const isGone = goneOnThisHost('this-host', () => false);

    t.clock.set('2026-03-24T14:00:00Z');
    const status = capture();
    // status judges liveness on the real host: neither fake worker is on it, so both wait for the lease
    expect(await statusCommand([], status.io, open)).toBe(0);
    expect(status.out.text).toContain(
      `CLAIMED friendly for invoice ${inv2!.id} by this-host:4242 for 10 min: if its worker died, it goes back to planned after 2026-03-24 14:00 UTC`,
    );
    expect(status.out.text).toContain('by other-host:4242 for 10 min');

    await releaseGoneClaims({ store: opened.store, deps: t.deps, log: { warn() {} } as never }, isGone);
    const [a, b] = await opened.store
      .getReminders(orgId, [dead!.id, far!.id])
      .then((rs) => [rs.find((r) => r.id === dead!.id)!, rs.find((r) => r.id === far!.id)!]);
    expect(a).toMatchObject({ state: 'planned', reason: 'released: the worker that claimed it is no longer running' });
    // a worker on another host cannot be checked from here: its claim waits out the lease
    expect(b!.state).toBe('claimed');
  });

  it('`tasks call` records what came of a call: no answer (back in N days), then a promise; a bad value changes nothing', async () => {
    t.clock.set('2026-03-23T09:00:00Z');
    const o = await opened.store.createOrganisation(orgFixture({ locale: 'en', sendingOnSince: '2026-03-01T00:00:00.000Z' }));
    const f010 = invoice('i10', { number: 'F-010' });
    await opened.store.applyChanges(
      o.id,
      page({ contacts: [contact('c1', { name: 'Fromagerie Roux', phone: '+33 1 99 00 12 34' })], invoices: [f010] }),
      '2026-03-23T08:00:00.000Z',
    );
    t.ledger.addInvoice(f010);
    // planned and opened with deps of their own: the runtimes above closed the queue t.deps holds
    const engine = testDeps(opened.store, '2026-03-23T09:00:00Z');
    engine.ledger.addInvoice(f010);
    await planOrganisation(engine.deps, o.id);
    const call = (await opened.store.remindersInState(o.id, ['planned'])).find((r) => r.stepKey === 'call')!;
    await sendReminders(engine.deps, o.id, [call.id]);

    await expect(tasksCommand(['call', '--org', o.id, '--invoice', 'F-010'], capture().io, open)).rejects.toThrow(
      /give exactly one outcome/,
    );
    await expect(
      tasksCommand(['call', '--org', o.id, '--invoice', 'F-010', '--promise', '2026-03-01'], capture().io, open),
    ).rejects.toThrow('F-010: --promise: the promised date is in the past');
    const later = capture();
    expect(await tasksCommand(['call', '--org', o.id, '--invoice', 'F-010', '--no-answer', '3'], later.io, open)).toBe(0);
    expect(later.out.text).toBe('F-010: No answer: the call is back on your list on 2026-03-26.\n');
    expect((await opened.store.getReminders(o.id, [call.id]))[0]).toMatchObject({ state: 'task-open', taskDueOn: '2026-03-26' });

    const promised = capture();
    expect(await tasksCommand(['call', '--org', o.id, '--invoice', 'F-010', '--promise', '2026-04-03'], promised.io, open)).toBe(0);
    expect(promised.out.text).toMatch(/^F-010: Promise to pay by 2026-04-03 recorded; reminders wait until then\. /);
    expect((await opened.store.getReminders(o.id, [call.id]))[0]).toMatchObject({ state: 'sent' });
    await expect(tasksCommand(['call', '--org', o.id, '--invoice', 'F-010', '--wrong-number'], capture().io, open)).rejects.toThrow(
      /F-010 has no call to make/,
    );
  });

  it('calls a worker gone only on this host, when its process no longer runs', () => {
    const gone = goneOnThisHost('h1', (pid) => pid === 7);
    expect(['h1:7', 'h1:8', 'h2:8', 'garbage', 'h1:x'].map(gone)).toEqual([false, true, false, false, false]);
    expect(goneOnThisHost()(`${process.pid}`)).toBe(false);
  });
});
