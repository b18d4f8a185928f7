import type { CalendarDate } from '../../../src/core/calendar.ts';

/**
 * The sandbox keeps each company's entities as QuickBooks' own JSON (the XSD's element names), so reads, queries and
 * CDC serve exactly what is stored and the contract test checks the store itself. Amounts are JSON numbers with two
 * decimals, as QuickBooks sends them.
 */

export type Json = Record<string, unknown>;

/** The entities the sandbox serves, spelled as QuickBooks names them in queries and in answers. */
export const ENTITIES = ['Invoice', 'Payment', 'CreditMemo', 'Customer', 'Item', 'Attachable'] as const;
export type EntityName = (typeof ENTITIES)[number];

/** What webhooks report: an operation on an entity of a company, when it happened. */
export type Operation = 'Create' | 'Update' | 'Delete' | 'Void' | 'Merge' | 'Emailed';
export type Change = { realmId: string; entity: EntityName; id: string; operation: Operation; at: number };

/** A deleted entity, kept so CDC can report it (`status: "Deleted"`) for 30 days. */
export type Tombstone = { entity: EntityName; id: string; at: number };

export type Realm = {
  /** The company id QuickBooks calls realmId (a long decimal number). */
  id: string;
  name: string;
  country: 'US' | 'GB';
  currency: 'USD' | 'GBP';
  /** IANA zone of the company (the demo's view; QuickBooks itself answers in Pacific time, see format.ts). */
  timeZone: string;
  companyInfo: Json;
  preferences: Json;
  entities: Record<EntityName, Map<string, Json>>;
  deleted: Tombstone[];
  /** QuickBooks ids are small integers per company, counted per realm. */
  nextId: number;
  nextDocNumber: number;
  today: CalendarDate;
};

export type SandboxState = { realms: Map<string, Realm> };

export function emptyEntities(): Record<EntityName, Map<string, Json>> {
  return Object.fromEntries(ENTITIES.map((e) => [e, new Map<string, Json>()])) as Record<EntityName, Map<string, Json>>;
}
