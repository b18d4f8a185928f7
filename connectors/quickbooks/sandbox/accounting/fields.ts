import type { EntityName } from '../state.ts';

/**
 * The properties a query may filter and sort on, per entity. Intuit's reference marks each field "filterable" and
 * "sortable"; these lists follow it for the fields relance and the tests use (a subset: unknown ones are refused as
 * QuickBooks refuses a property it does not know). Names are matched case-insensitively (a guess: QuickBooks accepts
 * `select * from invoice`, and the sandbox is lenient the same way for properties).
 */
const COMMON = ['Id', 'MetaData.CreateTime', 'MetaData.LastUpdatedTime'];
const TXN = [...COMMON, 'DocNumber', 'TxnDate', 'CustomerRef', 'TotalAmt', 'CurrencyRef'];

export const QUERYABLE: Record<EntityName, string[]> = {
  Invoice: [...TXN, 'DueDate', 'Balance', 'EmailStatus', 'PrintStatus'],
  CreditMemo: [...TXN, 'Balance', 'RemainingCredit'],
  Payment: [...TXN.filter((f) => f !== 'DocNumber'), 'UnappliedAmt', 'PaymentRefNum'],
  Customer: [
    ...COMMON,
    'DisplayName',
    'GivenName',
    'FamilyName',
    'CompanyName',
    'PrimaryEmailAddr',
    'Active',
    'Balance',
    'FullyQualifiedName',
  ],
  Item: [...COMMON, 'Name', 'Type', 'Active', 'FullyQualifiedName', 'Sku'],
  Attachable: [...COMMON, 'FileName', 'Note', 'AttachableRef.EntityRef.Type', 'AttachableRef.EntityRef.value'],
};

export function canonicalField(entity: EntityName, name: string): string | undefined {
  const lower = name.toLowerCase();
  return QUERYABLE[entity].find((f) => f.toLowerCase() === lower);
}
