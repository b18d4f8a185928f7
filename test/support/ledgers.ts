import { ledgers } from '../../connectors/index.ts';
import type { ConnectorDefinition } from '../../connectors/shared/definition.ts';

/**
 * The registered ledger the tests in src/ run against: the registry's first. Tests in src/ name no vendor (issue 9);
 * what they need to know about this ledger by name (its variables, its webhook body) is written down here, in test/.
 */
export const FIRST_LEDGER: ConnectorDefinition = ledgers[0]!;

/** A ledger's variables by role; the config tests check the definition names them and in this order. */
export type LedgerVariables = {
  /** The variables it needs, in the order it names them when they are missing. */
  required: readonly [clientId: string, clientSecret: string, webhookKey: string];
  /** The origin standing in for the vendor's hosts (a URL, refused when malformed). */
  origin: string;
};

const VARIABLES: Record<string, LedgerVariables> = {
  xero: { required: ['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET', 'XERO_WEBHOOK_KEY'], origin: 'XERO_ORIGIN' },
  quickbooks: {
    required: ['QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET', 'QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN'],
    origin: 'QUICKBOOKS_ORIGIN',
  },
};

export function variablesOf(d: ConnectorDefinition): LedgerVariables {
  const v = VARIABLES[d.id];
  if (!v) throw new Error(`test/support/ledgers.ts does not name the variables of ledger "${d.id}": add them`);
  return v;
}

/** One change in a webhook delivery, in relance's words. */
export type KitEvent = { tenantId: string; resourceId: string; entity?: 'invoice' | 'contact' };

/** Each registered ledger's webhook body (one format each; the conformance suite covers every format). */
const WEBHOOK_BODIES: Record<string, (events: readonly KitEvent[]) => string> = {
  xero: (events) =>
    JSON.stringify({
      events: events.map((e) => ({
        resourceUrl: `https://api.xero.com/api.xro/2.0/${e.entity === 'contact' ? 'Contacts' : 'Invoices'}/${e.resourceId}`,
        resourceId: e.resourceId,
        eventDateUtc: '2026-03-04T08:59:00.000',
        eventType: 'UPDATE',
        eventCategory: e.entity === 'contact' ? 'CONTACT' : 'INVOICE',
        tenantId: e.tenantId,
        tenantType: 'ORGANISATION',
      })),
      firstEventSequence: 1,
      lastEventSequence: events.length,
      entropy: 'x',
    }),
  // CloudEvents: a redelivery carries the same id, so the id is made from what the event says
  quickbooks: (events) =>
    JSON.stringify(
      events.map((e) => ({
        specversion: '1.0',
        id: `${e.tenantId}-${e.entity ?? 'invoice'}-${e.resourceId}`,
        source: 'intuit.test',
        type: `qbo.${e.entity === 'contact' ? 'customer' : 'invoice'}.updated.v1`,
        datacontenttype: 'application/json',
        time: '2026-03-04T08:59:00.000Z',
        intuitentityid: e.resourceId,
        intuitaccountid: e.tenantId,
      })),
    ),
};

/** The body `d` would POST to /webhooks/:vendor for these changes (unsigned: the signature is a header). */
export function webhookBodyOf(d: ConnectorDefinition): (events: readonly KitEvent[]) => string {
  const body = WEBHOOK_BODIES[d.id];
  if (!body) throw new Error(`test/support/ledgers.ts has no webhook body for ledger "${d.id}": add one`);
  return body;
}
