import type { Organisation } from '../core/organisation.ts';
import type { StoredReminder } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';

const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * After a crash: a reminder claimed but never handed to the transport goes back to planned (nothing left the building);
 * one that was with the transport when the worker died may have gone out, so it becomes `uncertain`: shown to the owner
 * and never re-sent blindly.
 */
export async function recoverStaleClaims(
  deps: ServiceDeps,
  org: Organisation,
  now: Date,
): Promise<{ replanned: number; uncertain: number }> {
  const before = new Date(now.getTime() - (deps.claimLeaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const stale = await deps.store.remindersInState(org.id, ['claimed', 'sending'], before);
  return release(deps, org, stale, now, 'released after a worker stopped before sending');
}

/**
 * At a worker's start: the claims of workers known to be gone (same host, process no longer running) are released at
 * once instead of waiting out the lease. A worker on another host cannot be checked from here: its claims wait for
 * the lease as before.
 */
export async function releaseClaimsOfGoneWorkers(
  deps: ServiceDeps,
  org: Organisation,
  now: Date,
  isGone: (worker: string) => boolean,
): Promise<{ replanned: number; uncertain: number }> {
  const held = await deps.store.remindersInState(org.id, ['claimed', 'sending']);
  const orphans = held.filter((r) => r.claimedBy && r.claimedBy !== deps.worker && isGone(r.claimedBy));
  return release(deps, org, orphans, now, 'released: the worker that claimed it is no longer running');
}

async function release(
  deps: ServiceDeps,
  org: Organisation,
  stale: StoredReminder[],
  now: Date,
  reason: string,
): Promise<{ replanned: number; uncertain: number }> {
  const at = now.toISOString();
  const claimed = stale.filter((r) => r.state === 'claimed').map((r) => r.id);
  const sending = stale.filter((r) => r.state === 'sending').map((r) => r.id);
  const replanned = await deps.store.transitionReminders(org.id, claimed, ['claimed'], 'planned', { at, reason });
  const uncertain = await deps.store.transitionReminders(org.id, sending, ['sending'], 'uncertain', {
    at,
    reason: 'the worker stopped while the email was being handed to the mail server: check the outbox or mailbox before sending it again',
  });
  for (const r of uncertain) {
    await deps.store.recordEvent(org.id, { kind: 'uncertain', invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: r.reason }, at });
    deps.log.warn({ orgId: org.id, reminderId: r.id }, 'reminder outcome uncertain after a crash');
  }
  return { replanned: replanned.length, uncertain: uncertain.length };
}
