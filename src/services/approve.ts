import type { Organisation } from '../core/organisation.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * The owner approves a step that waits for them (the formal notice by default): it becomes planned, is recorded in the
 * invoice's history, and its send job is queued. The sender still re-checks the ledger: an invoice paid meanwhile is
 * cancelled, not chased.
 */
export async function approveReminder(deps: ServiceDeps, org: Organisation, reminderId: string): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const [moved] = await deps.store.transitionReminders(org.id, [reminderId], ['awaiting-approval'], 'planned', { at, reason: 'approved by the owner' });
  if (!moved) return false;
  await deps.store.recordEvent(org.id, { kind: 'approved', invoiceId: moved.invoiceId, detail: { step: moved.stepKey }, at });
  await deps.queue.enqueue({ type: 'send', orgId: org.id, reminderIds: [moved.id] }, { jobId: `send-${moved.batchId}` });
  return true;
}
