import type { ConnectionRef, LedgerConnector } from '../../src/core/ports.ts';
import type { ConnectorDefinition, ConnectorDeps } from '../shared/definition.ts';
import { createXeroRuntime } from './client.ts';
import { xeroConfig, type XeroConfig } from './config.ts';
import { createXeroConnect } from './connect.ts';
import * as mappers from './mappers.ts';
import { mapOrganisation } from './mappers.ts';
import { xeroChanges, xeroInvoicesByIds } from './sync.ts';
import { handleXeroWebhook } from './webhook.ts';
import { createXeroWriter } from './writeback.ts';

/** The Xero ledger behind the LedgerConnector port. */
export function createXeroConnector(config: XeroConfig, deps: ConnectorDeps): LedgerConnector {
  const runtime = createXeroRuntime(config, deps);
  const writer = createXeroWriter(runtime.call, config);
  return {
    vendor: 'xero',
    limits: { calls: config.limits.calls, concurrency: config.limits.concurrency, idsPerRead: config.limits.idsPerRead },
    writes: {
      noteMaxLength: config.write.noteMaxLength,
      note: config.write.note,
      chargesAsLine: config.write.chargesAsLine,
      chargesBookedTo: config.write.chargesBookedTo,
    },
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

/** Registered by id 'xero'. Pass `xeroConfig({ origin })` to point it at the sandbox server. */
export function xeroDefinition(config: XeroConfig = xeroConfig()): ConnectorDefinition<XeroConfig, typeof mappers> {
  return {
    id: 'xero',
    config,
    mappers,
    connect: (deps) => createXeroConnect(config, createXeroRuntime(config, deps), deps.logger),
    webhook: (rawBody, headers, key) => handleXeroWebhook(config, rawBody, headers, key),
    create: (deps) => createXeroConnector(config, deps),
  };
}

export const xero = xeroDefinition();

export { xeroConfig, XERO_SCOPES, type XeroConfig, type XeroConfigOptions } from './config.ts';
export { listXeroTenants } from './connect.ts';
export { verifyXeroWebhook } from './webhook.ts';
