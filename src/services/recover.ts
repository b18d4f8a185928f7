import type { Organisation } from '../core/organisation.ts';
import type { ServiceDeps } from './deps.ts';

const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * After a crash: a reminder claimed but never handed to the transport goes back to planned (nothing left the building);
 * one that was with the transport when the worker died may have gone out, so it becomes `uncertain`: shown to the owner
 * and never re-sent blindly.
 */
export async function recoverStaleClaims(deps: ServiceDeps, org: Organisation, now: Date): Promise<{ replanned: number; uncertain: number }> {
  const before = new Date(now.getTime() - (deps.claimLeaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const at = now.toISOString();
  const stale = await deps.store.remindersInState(org.id, ['claimed', 'sending'], before);
  const claimed = stale.filter((r) => r.state === 'claimed').map((r) => r.id);
  const sending = stale.filter((r) => r.state === 'sending').map((r) => r.id);
  const replanned = await deps.store.transitionReminders(org.id, claimed, ['claimed'], 'planned', { at, reason: 'released after a worker stopped before sending' });
  const uncertain = await deps.store.transitionReminders(org.id, sending, ['sending'], 'uncertain', {
    at, reason: 'the worker stopped while the email was being handed to the mail server: check the outbox or mailbox before sending it again',
  });
  for (const r of uncertain) {
    await deps.store.recordEvent(org.id, { kind: 'uncertain', invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: r.reason }, at });
    deps.log.warn({ orgId: org.id, reminderId: r.id }, 'reminder outcome uncertain after a crash');
  }
  return { replanned: replanned.length, uncertain: uncertain.length };
}
