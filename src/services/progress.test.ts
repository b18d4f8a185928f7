import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoice as ledgerInvoice, org as orgFixture } from '../../test/fixtures/ledger.ts';
import { testDeps } from '../../test/support/engine.ts';
import { openPglite, type OpenedStore } from '../../test/support/stores.ts';
import { LedgerError } from '../core/ports.ts';
import type { Store, SyncProgress } from '../core/store.ts';
import { planOrganisation } from './plan.ts';
import { sendReminders } from './send.ts';
import { syncOrganisation } from './sync.ts';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened?.close());

/** The real store, with every progress the sync records kept in order. */
function watched(): { store: Store; seen: (SyncProgress | null)[] } {
  const seen: (SyncProgress | null)[] = [];
  const store = new Proxy(opened.store, {
    get(target, name, receiver) {
      if (name === 'recordSyncProgress')
        return (orgId: string, p: SyncProgress | null) => {
          seen.push(p);
          return target.recordSyncProgress(orgId, p);
        };
      return Reflect.get(target, name, receiver);
    },
  });
  return { store, seen };
}

async function world() {
  const { store, seen } = watched();
  const t = testDeps(store, '2026-03-04T09:00:00Z');
  const org = await store.createOrganisation(orgFixture());
  t.ledger.addContact({ externalId: 'c1', name: 'Boulangerie Martin', emails: ['martin@client.example'] });
  t.ledger.addInvoice(ledgerInvoice('i1', { number: 'F-1', contactExternalId: 'c1' }));
  t.ledger.addInvoice(ledgerInvoice('i2', { number: 'F-2', contactExternalId: 'c1' }));
  return { ...t, org, seen };
}

describe('sync progress, page by page', () => {
  it('records the entity, pages and records after each page, and nothing once the sync is over', async () => {
    const w = await world();
    w.ledger.fullReads = true;
    await syncOrganisation(w.deps, w.org.id);
    const startedAt = '2026-03-04T09:00:00.000Z';
    expect(w.seen).toEqual([
      { entity: 'contacts', pages: 1, records: 1, startedAt },
      { entity: 'invoices', pages: 2, records: 3, startedAt },
      { entity: 'payments', pages: 3, records: 3, startedAt },
      null,
    ]);
    expect((await opened.store.getSyncState(w.org.id)).running ?? null).toBeNull();
  });

  it('clears the progress when the sync fails', async () => {
    const w = await world();
    w.ledger.failNext(new LedgerError('unavailable', 'down'));
    await expect(syncOrganisation(w.deps, w.org.id)).rejects.toThrow('down');
    expect(w.seen.at(-1)).toBeNull();
  });
});

describe('sent messages', () => {
  it('keeps each email as it left, with its invoices', async () => {
    const w = await world();
    await syncOrganisation(w.deps, w.org.id);
    await planOrganisation(w.deps, w.org.id);
    for (const job of w.queue.take('send')) if (job.type === 'send') await sendReminders(w.deps, job.orgId, job.reminderIds);
    expect(w.mailer.sent).toHaveLength(1);
    const email = w.mailer.sent[0]!;
    const kept = await opened.store.sentMessage(w.org.id, email.messageId);
    const ids = (await opened.store.invoicesByExternalId(w.org.id, ['i1', 'i2'])).map((i) => i.id).sort();
    expect(kept).toMatchObject({
      messageId: email.messageId,
      to: ['martin@client.example'],
      subject: email.subject,
      html: email.html,
      text: email.text,
    });
    expect([...(kept?.invoiceIds ?? [])].sort()).toEqual(ids);
  });
});
