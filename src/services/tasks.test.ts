import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import type { StoredReminder } from '../core/store.ts';
import { contact, invoice, org as orgFixture, page } from '../../test/fixtures/ledger.ts';
import { testDeps } from '../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import { approveReminder } from './approve.ts';
import { planOrganisation } from './plan.ts';
import { sendReminders } from './send.ts';
import { recordCallOutcome, tasksDue } from './tasks.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

// Monday 23 March 2026, 10:00 in Paris: F-001 (due 3 March) reaches its call step (+20 days) today
const NOW = '2026-03-23T09:00:00Z';
const TODAY = '2026-03-23' as CalendarDate;

/**
 * An organisation sending since March with: Boulangerie Martin (a phone number, F-001 at its call step and F-002 not
 * due yet) and Garage Durand (F-009, 50 days late: its formal notice, a letter, waits for approval).
 */
async function withCallTask() {
  const t = testDeps(opened.store, NOW);
  const org = await opened.store.createOrganisation(orgFixture({ locale: 'en', sendingOnSince: '2026-03-01T00:00:00.000Z' }));
  const f001 = invoice('i1', { number: 'F-001' });
  const f002 = invoice('i2', { number: 'F-002', dueDate: '2026-04-20' as CalendarDate, amountDueMinor: 30_000, totalMinor: 30_000 });
  const f009 = invoice('i9', { number: 'F-009', contactExternalId: 'c2', dueDate: '2026-02-01' as CalendarDate });
  await opened.store.applyChanges(
    org.id,
    page({
      contacts: [contact('c1', { name: 'Boulangerie Martin', phone: '+33 1 23 45 67 89' }), contact('c2', { name: 'Garage Durand' })],
      invoices: [f001, f002, f009],
    }),
    '2026-03-23T08:00:00.000Z',
  );
  for (const i of [f001, f002, f009]) t.ledger.addInvoice(i);
  await planOrganisation(t.deps, org.id);
  const call = (await opened.store.remindersInState(org.id, ['planned'])).find((r) => r.stepKey === 'call')!;
  await sendReminders(t.deps, org.id, [call.id]);
  const [task] = await opened.store.getReminders(org.id, [call.id]);
  t.queue.jobs = [];
  return { t, org, task: task!, invoiceId: task!.invoiceId };
}

const stateOf = async (org: Organisation, r: StoredReminder) => (await opened.store.getReminders(org.id, [r.id]))[0]!;

describe('the tasks: calls to make today, letters and approvals waiting', () => {
  it('lists the call with the phone number, what the customer owes and their history; the letter waiting for approval apart', async () => {
    const { t, org, task } = await withCallTask();
    expect(task.state).toBe('task-open');
    const list = await tasksDue(t.deps, org, TODAY);
    expect(list.calls).toHaveLength(1);
    const [call] = list.calls;
    expect(call!.reminder.id).toBe(task.id);
    expect(call!.invoice.number).toBe('F-001');
    expect(call!.contact).toMatchObject({ name: 'Boulangerie Martin', phone: '+33 1 23 45 67 89' });
    expect(call!.owed.map((r) => r.invoice.number).sort()).toEqual(['F-001', 'F-002']);
    // the plan's bookkeeping (steps skipped as overtaken, the task's own opening) is not what the owner needs to call
    expect(call!.events).toEqual([]);
    expect(list.letters.map((l) => [l.invoice.number, l.reminder.state, l.reminder.stepKey])).toEqual([
      ['F-009', 'awaiting-approval', 'formal-notice'],
    ]);
    expect(list.approvals).toEqual([]);
    // not due before its date
    expect((await tasksDue(t.deps, org, '2026-03-22' as CalendarDate)).calls).toEqual([]);
  });

  it('a promise closes the call (noted in the ledger) and records the owner’s answer, which holds the invoice', async () => {
    const { t, org, task, invoiceId } = await withCallTask();
    const done = await recordCallOutcome(t.deps, org, task.id, { kind: 'promise', promisedDate: '2026-04-03' as CalendarDate });
    expect(done).toMatchObject({ ok: true });
    expect(await stateOf(org, task)).toMatchObject({ state: 'sent', reason: 'call made by the owner: promised to pay by 2026-04-03' });
    expect(await opened.store.answersOf(org.id, invoiceId)).toEqual([
      expect.objectContaining({ kind: 'promise', promisedDate: '2026-04-03', source: 'owner' }),
    ]);
    const kinds = (await opened.store.history(org.id, invoiceId)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['task-done', 'answer']));
    expect(t.queue.jobs.map((j) => j.jobId)).toEqual([`note-${task.id}`, expect.stringMatching(/^answer-/)]);
    expect((await tasksDue(t.deps, org, TODAY)).calls).toEqual([]);
    // a second outcome finds nothing open
    expect(await recordCallOutcome(t.deps, org, task.id, { kind: 'done', note: null })).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses a promised date in the past, an empty dispute or a bad retry, and saves nothing', async () => {
    const { t, org, task, invoiceId } = await withCallTask();
    expect(await recordCallOutcome(t.deps, org, task.id, { kind: 'promise', promisedDate: '2026-03-22' as CalendarDate })).toEqual({
      ok: false,
      status: 400,
      field: 'promisedDate',
      error: 'the promised date is in the past',
    });
    expect(await recordCallOutcome(t.deps, org, task.id, { kind: 'dispute', reason: '  ' })).toMatchObject({
      status: 400,
      field: 'reason',
    });
    for (const retryInDays of [0, 31, 1.5])
      expect(await recordCallOutcome(t.deps, org, task.id, { kind: 'no-answer', retryInDays })).toMatchObject({
        status: 400,
        field: 'retryInDays',
      });
    expect(await stateOf(org, task)).toMatchObject({ state: 'task-open' });
    expect(await opened.store.answersOf(org.id, invoiceId)).toEqual([]);
    expect(t.queue.jobs).toEqual([]);
  });

  it('no answer keeps the call open and off the list for N days, with a history line', async () => {
    const { t, org, task, invoiceId } = await withCallTask();
    expect(await recordCallOutcome(t.deps, org, task.id, { kind: 'no-answer', retryInDays: 3 })).toMatchObject({ ok: true });
    expect(await stateOf(org, task)).toMatchObject({ state: 'task-open', taskDueOn: '2026-03-26' });
    expect((await tasksDue(t.deps, org, TODAY)).calls).toEqual([]);
    const later = (await tasksDue(t.deps, org, '2026-03-26' as CalendarDate)).calls;
    expect(later.map((c) => c.reminder.id)).toEqual([task.id]);
    expect(later[0]!.events.map((e) => [e.kind, e.detail.action])).toEqual([['owner-action', 'call-no-answer']]);
    expect(await opened.store.history(org.id, invoiceId)).toContainEqual(
      expect.objectContaining({ kind: 'owner-action', detail: { action: 'call-no-answer', step: 'call', retryOn: '2026-03-26' } }),
    );
  });

  it('a wrong number skips the call and says so on the customer, for the owner to fix in the ledger', async () => {
    const { t, org, task } = await withCallTask();
    expect(await recordCallOutcome(t.deps, org, task.id, { kind: 'wrong-number' })).toMatchObject({ ok: true });
    expect(await stateOf(org, task)).toMatchObject({ state: 'skipped' });
    expect(await opened.store.contactHistory(org.id, task.contactId, 10)).toContainEqual(
      expect.objectContaining({
        kind: 'owner-action',
        contactId: task.contactId,
        invoiceId: null,
        detail: { action: 'wrong-number', phone: '+33 1 23 45 67 89', step: 'call' },
      }),
    );
    expect((await tasksDue(t.deps, org, TODAY)).calls).toEqual([]);
  });

  it('a dispute closes the call and records the dispute; done with a note closes it with the note', async () => {
    const first = await withCallTask();
    expect(
      await recordCallOutcome(first.t.deps, first.org, first.task.id, { kind: 'dispute', reason: 'Half the bread was stale' }),
    ).toMatchObject({
      ok: true,
    });
    expect(await opened.store.answersOf(first.org.id, first.invoiceId)).toEqual([
      expect.objectContaining({ kind: 'dispute', reason: 'Half the bread was stale', source: 'owner' }),
    ]);
    expect(await stateOf(first.org, first.task)).toMatchObject({ state: 'sent' });

    const second = await withCallTask();
    expect(await recordCallOutcome(second.t.deps, second.org, second.task.id, { kind: 'done', note: 'left a message' })).toMatchObject({
      ok: true,
    });
    expect(await stateOf(second.org, second.task)).toMatchObject({ state: 'sent', reason: 'call made by the owner: left a message' });
  });

  it('a letter, once approved and opened, is listed to print and post; it is only marked posted', async () => {
    const { t, org } = await withCallTask();
    const [letter] = (await tasksDue(t.deps, org, TODAY)).letters;
    await approveReminder(t.deps, org, letter!.reminder.id);
    await sendReminders(t.deps, org.id, [letter!.reminder.id]);
    const [ready] = (await tasksDue(t.deps, org, TODAY)).letters;
    expect(ready!.reminder).toMatchObject({ id: letter!.reminder.id, state: 'task-open', channel: 'letter' });
    expect(await recordCallOutcome(t.deps, org, ready!.reminder.id, { kind: 'wrong-number' })).toMatchObject({
      status: 400,
      field: 'outcome',
    });
    expect(await recordCallOutcome(t.deps, org, ready!.reminder.id, { kind: 'done', note: 'recorded delivery' })).toMatchObject({
      ok: true,
    });
    expect(await stateOf(org, ready!.reminder)).toMatchObject({ state: 'sent', reason: 'letter posted by the owner: recorded delivery' });
    expect((await tasksDue(t.deps, org, TODAY)).letters).toEqual([]);
  });

  it('an unknown task, or another organisation’s, is not found', async () => {
    const a = await withCallTask();
    const b = await withCallTask();
    expect(await recordCallOutcome(a.t.deps, a.org, b.task.id, { kind: 'done', note: null })).toMatchObject({ ok: false, status: 404 });
    expect(await recordCallOutcome(a.t.deps, a.org, 'nope', { kind: 'done', note: null })).toMatchObject({ ok: false, status: 404 });
    expect(await stateOf(b.org, b.task)).toMatchObject({ state: 'task-open' });
  });
});
