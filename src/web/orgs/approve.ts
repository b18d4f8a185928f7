import type { Organisation } from '../../core/organisation.ts';
import type { ServiceDeps } from '../../services/deps.ts';

/**
 * The owner's go-ahead for a step that waits for it: back to planned, and its send job queued under the same id the
 * planner would use, so a plan running at the same moment cannot queue it twice.
 */
export async function approveReminder(deps: ServiceDeps, org: Organisation, reminderId: string): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const [moved] = await deps.store.transitionReminders(org.id, [reminderId], ['awaiting-approval'], 'planned', { at, reason: 'approved by the owner' });
  if (!moved) return false;
  await deps.queue.enqueue({ type: 'send', orgId: org.id, reminderIds: [moved.id] }, { jobId: `send-${moved.batchId}` });
  return true;
}
