import type { Organisation } from '../core/organisation.ts';
import type { StoredReminder } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * The owner approves a step that waits for them (the formal notice by default): it becomes planned, is recorded in the
 * invoice's history, and its send job is queued. The sender still re-checks the ledger: an invoice paid meanwhile is
 * cancelled, not chased. A letter step is not posted by relance: once the sender has re-checked the ledger it becomes a
 * letter ready to print (`task-open`). Returns the approved reminder, or null when it no longer waited.
 */
export async function approveReminder(deps: ServiceDeps, org: Organisation, reminderId: string): Promise<StoredReminder | null> {
  const at = deps.clock.now().toISOString();
  const [moved] = await deps.store.transitionReminders(org.id, [reminderId], ['awaiting-approval'], 'planned', {
    at,
    reason: 'approved by the owner',
  });
  if (!moved) return null;
  await deps.store.recordEvent(org.id, { kind: 'approved', invoiceId: moved.invoiceId, detail: { step: moved.stepKey }, at });
  await deps.queue.enqueue({ type: 'send', orgId: org.id, reminderIds: [moved.id] }, { jobId: `send-${moved.batchId}` });
  return moved;
}
