import type { ConnectionRef, LedgerConnector } from '../../src/core/ports.ts';
import { declared } from '../shared/declared.ts';
import type { ConnectorDeps } from '../shared/definition.ts';
import { createXeroRuntime } from './client.ts';
import type { XeroConfig } from './config.ts';
import { mapOrganisation } from './mappers.ts';
import { xeroChanges, xeroInvoicesByIds } from './sync.ts';
import { createXeroWriter } from './writeback.ts';

/** The Xero ledger behind the LedgerConnector port. */
export function createXeroConnector(config: XeroConfig, deps: ConnectorDeps): LedgerConnector {
  const runtime = createXeroRuntime(config, deps);
  const writer = createXeroWriter(runtime.call, config);
  return {
    ...declared(config),
    changes: (conn: ConnectionRef, cursor: string | null) => xeroChanges(runtime.call, config, conn, cursor),
    invoicesByIds: (conn, ids) => xeroInvoicesByIds(runtime.call, config, conn, ids, deps.logger),
    addNote: writer.addNote,
    writeCharges: writer.writeCharges,
    waiveCharges: writer.waiveCharges,
    paymentUrl: writer.paymentUrl,
    chargeTargets: writer.chargeTargets,
    async place(conn) {
      const body = await runtime.call(conn, 'read organisation', (api, tenantId) => api.getOrganisations(tenantId));
      const { place, notes } = mapOrganisation(body);
      for (const note of notes) deps.logger?.warn({ vendor: 'xero', orgId: conn.orgId }, note);
      return place;
    },
  };
}
