import type { CalendarDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import type { AnswerInput } from './answers.ts';
import type { ServiceDeps } from './deps.ts';

/** What an owner's action came to: a sentence to show, or why it was refused (the HTTP status and the field at fault). */
export type SteerOutcome = { ok: true; message: string } | { ok: false; status: 400 | 404 | 409; field?: string; error: string };

const notYet = (): Promise<SteerOutcome> => Promise.resolve({ ok: false, status: 409, error: 'not implemented yet' });

export function pauseInvoice(
  _deps: ServiceDeps,
  _org: Organisation,
  _invoiceId: string,
  _until: CalendarDate | null,
): Promise<SteerOutcome> {
  return notYet();
}
export function resumeInvoice(_deps: ServiceDeps, _org: Organisation, _invoiceId: string): Promise<SteerOutcome> {
  return notYet();
}
export function pauseCustomer(
  _deps: ServiceDeps,
  _org: Organisation,
  _contactId: string,
  _until: CalendarDate | null,
): Promise<SteerOutcome> {
  return notYet();
}
export function resumeCustomer(_deps: ServiceDeps, _org: Organisation, _contactId: string): Promise<SteerOutcome> {
  return notYet();
}
export function recordOwnerAnswer(
  _deps: ServiceDeps,
  _org: Organisation,
  _invoiceIds: string[],
  _input: AnswerInput,
): Promise<SteerOutcome> {
  return notYet();
}
export function settleDispute(
  _deps: ServiceDeps,
  _org: Organisation,
  _invoiceId: string,
  _outcome: 'resume' | 'write-off',
  _note: string | null,
): Promise<SteerOutcome> {
  return notYet();
}
export function sendNextStepNow(_deps: ServiceDeps, _org: Organisation, _invoiceId: string): Promise<SteerOutcome> {
  return notYet();
}
export function skipNextStep(_deps: ServiceDeps, _org: Organisation, _invoiceId: string): Promise<SteerOutcome> {
  return notYet();
}
