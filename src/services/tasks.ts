import type { Organisation } from '../core/organisation.ts';
import type { StoredReminder } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * Call and letter steps are the owner's to do: the sender opens a task (`task-open`) instead of pretending something
 * went out. The owner closes it once the call is made or the letter posted; only then is the step `sent`, noted in
 * the ledger and in the history.
 */

export type OpenTask = { reminder: StoredReminder; invoiceNumber: string; customer: string };

export async function openTasks(deps: ServiceDeps, orgId: string): Promise<OpenTask[]> {
  const tasks = await deps.store.remindersInState(orgId, ['task-open']);
  if (tasks.length === 0) return [];
  const inputs = await deps.store.scheduleInputs(orgId, [...new Set(tasks.map((r) => r.invoiceId))]);
  const numbers = new Map(inputs.invoices.map((i) => [i.id, i.number]));
  const names = new Map(inputs.contacts.map((c) => [c.id, c.name]));
  return tasks.map((reminder) => ({
    reminder,
    invoiceNumber: numbers.get(reminder.invoiceId) ?? reminder.invoiceId,
    customer: names.get(reminder.contactId) ?? reminder.contactId,
  }));
}

/** Closes the open tasks of one invoice; returns those closed (none when there was none, or another hand closed it). */
export async function completeTasks(
  deps: ServiceDeps,
  org: Organisation,
  invoiceId: string,
  note: string | null,
): Promise<StoredReminder[]> {
  const open = (await deps.store.remindersOfInvoices(org.id, [invoiceId])).filter((r) => r.state === 'task-open');
  if (open.length === 0) return [];
  const at = deps.clock.now().toISOString();
  const done = await deps.store.transitionReminders(
    org.id,
    open.map((r) => r.id),
    ['task-open'],
    'sent',
    {
      at,
      reason: `${open[0]!.channel === 'letter' ? 'letter posted' : 'call made'} by the owner${note ? `: ${note}` : ''}`,
    },
  );
  for (const r of done) {
    await deps.store.recordEvent(org.id, {
      kind: 'task-done',
      invoiceId: r.invoiceId,
      detail: { step: r.stepKey, channel: r.channel, ...(note ? { note } : {}) },
      at,
    });
    await deps.queue.enqueue({ type: 'writeback', orgId: org.id, action: 'note', reminderId: r.id }, { jobId: `note-${r.id}` });
  }
  return done;
}
