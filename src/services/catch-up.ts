import type { Organisation } from '../core/organisation.ts';
import type { Step } from '../core/policy.ts';
import type { Decision } from '../core/reminder.ts';
import type { StoredInvoice } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';
import type { SteerOutcome } from './owner-action.ts';

export type CatchUpItem = { invoice: StoredInvoice; contactName: string; daysOverdue: number; decision: Decision };
export type CatchUpReview = {
  groups: { step: Step | null; kind: Decision['kind']; items: CatchUpItem[] }[];
  gentleStep: Step | null;
  total: number;
};

export function catchUpReview(_deps: ServiceDeps, org: Organisation): Promise<CatchUpReview> {
  return Promise.resolve({ groups: [], gentleStep: org.policy.default.steps.find((s) => s.offsetDays > 0) ?? null, total: 0 });
}

export function startSending(
  _deps: ServiceDeps,
  _org: Organisation,
  _choices: { gentle: string[]; leaveOut: string[] },
): Promise<SteerOutcome> {
  return Promise.resolve({ ok: false, status: 409, error: 'not implemented yet' });
}

export function backToPreview(_deps: ServiceDeps, _org: Organisation): Promise<SteerOutcome> {
  return Promise.resolve({ ok: false, status: 409, error: 'not implemented yet' });
}
