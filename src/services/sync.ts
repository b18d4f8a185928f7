import type { ChangePage } from '../core/ledger.ts';
import type { Organisation } from '../core/organisation.ts';
import { refreshPlace } from '../core/place.ts';
import { LedgerError, type LedgerConnector } from '../core/ports.ts';
import { invoiceHold, policyFor } from '../core/schedule/index.ts';
import { localDate } from '../core/calendar.ts';
import { connectionOf, NotFoundError, readInvoices, type ServiceDeps } from './deps.ts';
import { loadInputs, refreshNextActions } from './next-actions.ts';

export type SyncOutcome = { pages: number; invoices: number; rejected: number; cancelled: number };

/**
 * Reads what changed in the ledger since the stored cursor, page by page; the cursor moves only with a stored page, so
 * a crash resumes where it stopped. Webhooks name the invoices that changed: those are read in one batched call.
 */
export async function syncOrganisation(deps: ServiceDeps, orgId: string, invoiceExternalIds?: string[]): Promise<SyncOutcome> {
  const found = await deps.store.getOrganisation(orgId);
  if (!found) throw new NotFoundError(`no organisation with id ${orgId}`);
  if (found.connectionStatus !== 'connected') return { pages: 0, invoices: 0, rejected: 0, cancelled: 0 };
  const connector = deps.ledger(found);
  // a webhook's few invoices need no re-read of the organisation; a full sync does
  const org = invoiceExternalIds && invoiceExternalIds.length > 0 ? found : await followLedgerPlace(deps, found, connector);
  const touched = new Set<string>();
  let pages = 0;
  let rejected = 0;
  let running = false;
  try {
    if (invoiceExternalIds && invoiceExternalIds.length > 0) {
      const fresh = await readInvoices(connector, connectionOf(org), invoiceExternalIds);
      const { invoiceIds } = await deps.store.applyInvoices(orgId, fresh, deps.clock.now().toISOString());
      invoiceIds.forEach((id) => touched.add(id));
      pages = 1;
    } else {
      const { cursor } = await deps.store.getSyncState(orgId);
      const startedAt = deps.clock.now().toISOString();
      running = true;
      let records = 0;
      for await (const page of connector.changes(connectionOf(org), cursor)) {
        const at = deps.clock.now().toISOString();
        const { invoiceIds } = await deps.store.applyChanges(orgId, page, at);
        invoiceIds.forEach((id) => touched.add(id));
        pages++;
        records += recordsIn(page);
        // the first sync's progress page reads this as it goes
        await deps.store.recordSyncProgress(orgId, { entity: page.entity, pages, records, startedAt });
        for (const r of page.rejected) {
          rejected++;
          deps.log.warn({ orgId, entity: r.entity, externalId: r.externalId, reason: r.reason }, 'ledger record skipped');
          await deps.store.recordEvent(orgId, { kind: 'rejected-record', invoiceId: null, detail: r, at });
        }
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.store.recordSyncError(orgId, message);
    if (error instanceof LedgerError && error.kind === 'auth') {
      await deps.store.setConnectionStatus(orgId, 'needs-reconnect', message);
    }
    throw error;
  } finally {
    if (running) await syncEnded(deps, orgId);
  }
  const cancelled = await cancelHeld(deps, org, [...touched]);
  await refreshNextActions(deps, org, [...touched]);
  if (touched.size > 0) await deps.queue.enqueue({ type: 'plan', orgId });
  return { pages, invoices: touched.size, rejected, cancelled };
}

/** Records the page delivered, whatever their entity (a page carries one entity's records, and what it deleted). */
function recordsIn(page: ChangePage): number {
  return page.contacts.length + page.invoices.length + page.payments.length + page.creditNotes.length + (page.deleted?.length ?? 0);
}

/** The running sync is over (done or failed): its progress goes. A failure here must not hide the sync's own error. */
async function syncEnded(deps: ServiceDeps, orgId: string): Promise<void> {
  try {
    await deps.store.recordSyncProgress(orgId, null);
  } catch (error) {
    deps.log.warn({ orgId, err: String(error) }, 'sync progress not cleared');
  }
}

/** How long a read of the ledger's place is trusted: a scheduled sync re-reads it at most this often. */
export const PLACE_FRESH_MS = 24 * 60 * 60 * 1000;

/**
 * Re-reads where the ledger says the organisation is and follows it: time zone, language and country change with the
 * ledger unless the owner changed them (see refreshPlace); what the ledger said is stored, with when it was read.
 * A read less than a day old (at connect, or by an earlier sync) is trusted: the place rarely changes, and reading it
 * costs vendor calls on every sync (two of an idle sync's three on a ledger that reads its place in two calls). A failed read changes nothing and is
 * logged: the sync goes on (the invoice reads will say if the connection itself is broken), and the next sync retries.
 */
export async function followLedgerPlace(deps: ServiceDeps, org: Organisation, connector: LedgerConnector): Promise<Organisation> {
  if (!connector.place) return org;
  const now = deps.clock.now();
  if (org.ledgerPlaceReadAt && now.getTime() - Date.parse(org.ledgerPlaceReadAt) < PLACE_FRESH_MS) return org;
  let fresh: Awaited<ReturnType<NonNullable<LedgerConnector['place']>>>;
  try {
    fresh = await connector.place(connectionOf(org));
  } catch (error) {
    deps.log.warn(
      { orgId: org.id, err: error instanceof Error ? error.message : String(error) },
      'organisation not re-read from the ledger',
    );
    return org;
  }
  const patch = refreshPlace(org, org.ledgerPlace ?? null, fresh);
  if (Object.keys(patch).length > 0) deps.log.info({ orgId: org.id, ...patch }, 'organisation follows its ledger');
  return deps.store.updateOrganisation(org.id, { ...patch, ledgerPlace: fresh, ledgerPlaceReadAt: now.toISOString() });
}

/** Promise 2: what a sync or webhook reveals as paid, credited, voided, disputed… cancels the reminders still waiting. */
export async function cancelHeld(deps: ServiceDeps, org: Organisation, invoiceIds: string[]): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  // an open call or letter task goes too: nobody should ring about an invoice paid since
  const waiting = (await deps.store.remindersOfInvoices(org.id, invoiceIds)).filter(
    (r) => r.state === 'planned' || r.state === 'awaiting-approval' || r.state === 'task-open',
  );
  if (waiting.length === 0) return 0;
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = localDate(now, org.timeZone);
  const inputs = await loadInputs(deps, org.id, [...new Set(waiting.map((r) => r.invoiceId))]);
  let cancelled = 0;
  for (const r of waiting) {
    const invoice = inputs.invoices.find((i) => i.id === r.invoiceId);
    const contact = inputs.contacts.find((c) => c.id === r.contactId);
    if (!invoice || !contact) continue;
    const hold = invoiceHold(
      invoice,
      inputs.answers.filter((a) => a.invoiceIds.includes(invoice.id)),
      contact,
      today,
      policyFor(invoice, contact, org.policy),
      org.locale,
    );
    if (!hold) continue;
    const moved = await deps.store.transitionReminders(org.id, [r.id], ['planned', 'awaiting-approval', 'task-open'], 'cancelled', {
      at,
      reason: `not sent: ${hold.why}`,
    });
    if (moved.length === 0) continue;
    cancelled++;
    await deps.store.recordEvent(org.id, { kind: 'cancelled', invoiceId: r.invoiceId, detail: { step: r.stepKey, reason: hold.why }, at });
  }
  return cancelled;
}
