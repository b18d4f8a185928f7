import type { ConnectionRef, LedgerConnector } from '../../src/core/ports.ts';
import { declared } from '../shared/declared.ts';
import type { ConnectorDeps } from '../shared/definition.ts';
import { createQuickBooksRuntime } from './client.ts';
import type { QuickBooksConfig } from './config.ts';
import { mapCompany } from './place.ts';
import { quickbooksChanges, quickbooksInvoicesByIds } from './sync.ts';
import { createQuickBooksWriter } from './writeback.ts';

/** The QuickBooks Online ledger behind the LedgerConnector port: one company (realm) per connection. */
export function createQuickBooksConnector(config: QuickBooksConfig, deps: ConnectorDeps): LedgerConnector {
  const runtime = createQuickBooksRuntime(config, deps);
  const writer = createQuickBooksWriter(runtime.call, config);
  return {
    ...declared(config),
    changes: (conn: ConnectionRef, cursor: string | null) => quickbooksChanges(runtime.call, config, conn, cursor),
    invoicesByIds: (conn, ids) => quickbooksInvoicesByIds(runtime.call, config, conn, ids, deps.logger),
    addNote: writer.addNote,
    writeCharges: writer.writeCharges,
    waiveCharges: writer.waiveCharges,
    paymentUrl: writer.paymentUrl,
    chargeTargets: writer.chargeTargets,
    async place(conn) {
      const [info, prefs] = await Promise.all([
        runtime.call(conn, 'read company', { method: 'GET', path: `companyinfo/${encodeURIComponent(conn.externalId)}` }),
        runtime.call(conn, 'read preferences', { method: 'GET', path: 'preferences' }),
      ]);
      const { place, notes } = mapCompany(info, prefs);
      for (const note of notes) deps.logger?.warn({ vendor: config.id, orgId: conn.orgId }, note);
      return place;
    },
  };
}
