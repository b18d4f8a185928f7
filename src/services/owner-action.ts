import { randomUUID } from 'node:crypto';
import { type CalendarDate, localDate } from '../core/calendar.ts';
import type { Organisation } from '../core/organisation.ts';
import type { StoredInvoice } from '../core/store.ts';
import type { ServiceDeps } from './deps.ts';

/** The owner's own steering, shared by steer.ts and catch-up.ts: outcomes, the history event and the ledger note. */

/** What an owner's action came to: a sentence to show, or why it was refused (the HTTP status and the field at fault). */
export type SteerOutcome = { ok: true; message: string } | { ok: false; status: 400 | 404 | 409; field?: string; error: string };

export const done = (message: string): SteerOutcome => ({ ok: true, message });
export const refused = (status: 400 | 404 | 409, error: string, field?: string): SteerOutcome => ({
  ok: false,
  status,
  error,
  ...(field ? { field } : {}),
});

/** The organisation's words: its locale picks French or English. */
export const say = (org: Organisation, en: string, fr: string): string => (org.locale.startsWith('fr') ? fr : en);

export const todayOf = (deps: ServiceDeps, org: Organisation): CalendarDate => localDate(deps.clock.now(), org.timeZone);

/** The actions an 'owner-action' event names in detail.action (the ledger note and the timeline read them). */
export type OwnerActionKind =
  | 'pause'
  | 'resume'
  | 'pause-customer'
  | 'resume-customer'
  | 'settle-dispute'
  | 'write-off'
  | 'send-now'
  | 'skip'
  | 'restart'
  | 'leave-out';

/**
 * Records the owner's action in the history ('owner-action', detail {action, key, ...}) and, when `noteOn` names
 * invoices, queues one ledger note on each (the job carries ids: the note's words are rebuilt from this event).
 */
export async function recordOwnerAction(
  deps: ServiceDeps,
  org: Organisation,
  action: OwnerActionKind,
  target: { invoiceId: string } | { contactId: string },
  detail: Record<string, unknown>,
  noteOn: StoredInvoice[],
): Promise<void> {
  const key = randomUUID();
  const at = deps.clock.now().toISOString();
  const contactId = 'contactId' in target ? target.contactId : null;
  await deps.store.recordEvent(org.id, {
    kind: 'owner-action',
    invoiceId: 'invoiceId' in target ? target.invoiceId : null,
    ...(contactId ? { contactId } : {}),
    detail: { action, key, ...detail },
    at,
  });
  for (const invoice of noteOn)
    await deps.queue.enqueue(
      {
        type: 'writeback',
        orgId: org.id,
        action: 'owner-note',
        invoiceId: invoice.id,
        eventKey: key,
        ...(contactId ? { contactId } : {}),
      },
      { jobId: `owner-${key}-${invoice.id}` },
    );
}

/** The invoice of this organisation, or null (another organisation's id reads as unknown). */
export async function invoiceOf(deps: ServiceDeps, org: Organisation, invoiceId: string): Promise<StoredInvoice | null> {
  const [invoice] = await deps.store.invoicesById(org.id, [invoiceId]);
  return invoice ?? null;
}

/** Open invoices still owing: the only ones chasing can be steered for. */
export const isOpen = (invoice: StoredInvoice): boolean => invoice.status === 'open' && invoice.amountDueMinor > 0;

const ID_CHUNK = 2_000;

/** A customer's open invoices (read in chunks of ids: an owner's action is rare, the read stays bounded per query). */
export async function openInvoicesOfContact(deps: ServiceDeps, org: Organisation, contactId: string): Promise<StoredInvoice[]> {
  const ids = await deps.store.openInvoiceIds(org.id);
  const out: StoredInvoice[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const part = await deps.store.invoicesById(org.id, ids.slice(i, i + ID_CHUNK));
    out.push(...part.filter((invoice) => invoice.contactId === contactId));
  }
  return out;
}

/** The words of an owner's action for the ledger note (short: the ledger shows it to the owner's whole team). */
export function ownerActionWords(detail: Record<string, unknown>, locale: string): string {
  const fr = locale.startsWith('fr');
  const until = typeof detail.until === 'string' ? detail.until : null;
  const step = typeof detail.step === 'string' ? detail.step : '';
  const note = typeof detail.note === 'string' && detail.note ? detail.note : null;
  switch (detail.action) {
    case 'pause':
      return fr
        ? `relances suspendues par le propriétaire${until ? ` jusqu'au ${until}` : ''}`
        : `reminders paused by the owner${until ? ` until ${until}` : ''}`;
    case 'resume':
      return fr ? 'relances reprises par le propriétaire' : 'reminders resumed by the owner';
    case 'pause-customer':
      return fr
        ? `relances de ce client suspendues par le propriétaire${until ? ` jusqu'au ${until}` : ''}`
        : `reminders to this customer paused by the owner${until ? ` until ${until}` : ''}`;
    case 'resume-customer':
      return fr ? 'relances de ce client reprises par le propriétaire' : 'reminders to this customer resumed by the owner';
    case 'write-off':
      return fr ? `passée en perte par le propriétaire${note ? ` : ${note}` : ''}` : `written off by the owner${note ? `: ${note}` : ''}`;
    case 'skip':
      return fr ? `étape « ${step} » sautée par le propriétaire` : `step "${step}" skipped by the owner`;
    default:
      return fr ? `action du propriétaire (${String(detail.action)})` : `owner's action (${String(detail.action)})`;
  }
}
