import { type CalendarDate, isCalendarDate } from '../../../../src/core/calendar.ts';
import type { SandboxApp, SandboxContext } from '../context.ts';
import { validation } from '../faults.ts';
import { money, qbTime } from '../format.ts';
import type { Json, Realm } from '../state.ts';
import {
  addDays,
  appliedTo,
  changed,
  lineAmount,
  newId,
  refreshCustomerBalance,
  remove,
  stampCreated,
  stampUpdated,
  today,
  voidInvoice,
} from './ledger.ts';
import { served } from './serialize.ts';

/** What a client may not set: QuickBooks computes these. */
const COMPUTED = ['TotalAmt', 'Balance', 'MetaData', 'domain', 'HomeBalance', 'HomeTotalAmt', 'LinkedTxn'];

const missing = (now: number, what: string) =>
  validation(
    now,
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${what} is missing in the request`,
  );

/**
 * POST invoice: create (no Id), full update (Id + SyncToken: what is not sent is cleared), sparse update
 * (`sparse: true`: only what is sent changes; `Line`, when sent, replaces every line), `?operation=delete`, `?operation=void` (ledger.ts). A SyncToken
 * other than the stored one is a 5010 Stale Object Error.
 */
export function invoiceRoutes(app: SandboxApp, ctx: SandboxContext): void {
  app.post('/v3/company/:realmId/invoice', async (c) => {
    const now = ctx.now();
    const realm = c.get('realm');
    const body = (await c.req.json().catch(() => null)) as Json | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return validation(now, '2500', 'Invalid Request', 'Request has invalid or unsupported property: the body is not a JSON object');
    }
    const time = qbTime(now, true);
    if (body.Id === undefined) {
      const created = create(realm, body, now);
      if (created instanceof Response) return created;
      return c.json({ Invoice: served(created, c.req.query('include')), time });
    }
    const existing = realm.entities.Invoice.get(String(body.Id));
    if (!existing) return validation(now, '610', 'Object Not Found', `Object Not Found : Invoice ${String(body.Id)}`);
    if (body.SyncToken === undefined) return missing(now, 'SyncToken');
    if (String(body.SyncToken) !== existing.SyncToken) {
      return validation(
        now,
        '5010',
        'Stale Object Error',
        'Stale Object Error : You and another user were working on the same thing. Please open a new window and try again.',
      );
    }
    if (c.req.query('operation') === 'void') {
      const refused = voidInvoice(realm, existing, now);
      if (refused) return validation(now, '6000', 'A business validation error has occurred while processing your request', refused);
      return c.json({ Invoice: served(existing, c.req.query('include')), time });
    }
    if (c.req.query('operation') === 'delete') {
      remove(realm, 'Invoice', existing.Id as string, now);
      refreshCustomerBalance(realm, (existing.CustomerRef as Json).value as string);
      changed(realm, 'Invoice', existing.Id as string, 'Delete', now);
      return c.json({ Invoice: { Id: existing.Id, status: 'Deleted', domain: 'QBO' }, time });
    }
    const updated = update(realm, existing, body, now);
    if (updated instanceof Response) return updated;
    return c.json({ Invoice: served(updated, c.req.query('include')), time });
  });
}

function checkLines(realm: Realm, now: number, lines: unknown, previous: Json[] = []): Json[] | Response {
  if (!Array.isArray(lines) || lines.length === 0) return missing(now, 'Line');
  for (const l of lines as Json[]) {
    const itemId = ((l.SalesItemLineDetail as Json | undefined)?.ItemRef as Json | undefined)?.value;
    if (itemId !== undefined && !realm.entities.Item.has(String(itemId))) {
      return validation(
        now,
        '2500',
        'Invalid Reference Id',
        `Invalid Reference Id : Item assigned to this transaction has been deleted or does not exist: ${String(itemId)}`,
      );
    }
    if (l.DetailType !== 'SalesItemLineDetail' && l.DetailType !== 'DescriptionOnly' && l.DetailType !== 'SubTotalLineDetail') {
      return validation(
        now,
        '2020',
        'Required param missing, need to supply the required value for the API',
        'Required parameter Line.DetailType is missing in the request',
      );
    }
  }
  // a line sent back with the Id it has keeps it; a new line gets the next free Id (QuickBooks renumbers LineNum only)
  const known = new Set(previous.map((l) => String(l.Id)));
  let next = Math.max(0, ...[...known].map(Number).filter(Number.isFinite));
  return (lines as Json[]).map((l, i) => {
    const id = l.Id !== undefined && known.has(String(l.Id)) ? String(l.Id) : String(++next);
    return { ...l, Id: id, LineNum: i + 1, Amount: lineAmount(l) };
  });
}

function totals(realm: Realm, invoice: Json): void {
  const total = money(
    ((invoice.Line as Json[]) ?? []).filter((l) => l.DetailType === 'SalesItemLineDetail').reduce((s, l) => s + (l.Amount as number), 0),
  );
  invoice.TotalAmt = total;
  invoice.Balance = money(total - (invoice.Id ? appliedTo(realm, invoice.Id as string) : 0));
}

function create(realm: Realm, body: Json, now: number): Json | Response {
  const customerId = (body.CustomerRef as Json | undefined)?.value;
  const customer = typeof customerId === 'string' ? realm.entities.Customer.get(customerId) : undefined;
  if (!customer)
    return customerId === undefined
      ? missing(now, 'CustomerRef')
      : validation(now, '610', 'Object Not Found', `Object Not Found : Customer ${String(customerId)}`);
  const lines = checkLines(realm, now, body.Line);
  if (lines instanceof Response) return lines;
  const txnDate = (isCalendarDate(String(body.TxnDate ?? '')) ? body.TxnDate : today(realm, now)) as CalendarDate;
  const invoice: Json = {
    ...Object.fromEntries(Object.entries(body).filter(([k]) => !COMPUTED.includes(k) && k !== 'sparse')),
    Id: newId(realm),
    DocNumber: body.DocNumber ?? String(realm.nextDocNumber++),
    TxnDate: txnDate,
    DueDate: body.DueDate ?? addDays(txnDate, 30),
    CurrencyRef: body.CurrencyRef ?? { value: realm.currency },
    CustomerRef: { value: customer.Id, name: customer.DisplayName },
    Line: lines,
    LinkedTxn: [],
    EmailStatus: body.EmailStatus ?? 'NotSet',
    PrintStatus: body.PrintStatus ?? 'NotSet',
  };
  stampCreated(invoice, now);
  totals(realm, invoice);
  realm.entities.Invoice.set(invoice.Id as string, invoice);
  refreshCustomerBalance(realm, customer.Id as string);
  changed(realm, 'Invoice', invoice.Id as string, 'Create', now);
  return invoice;
}

function update(realm: Realm, existing: Json, body: Json, now: number): Json | Response {
  const sent = Object.fromEntries(Object.entries(body).filter(([k]) => !COMPUTED.includes(k) && k !== 'sparse' && k !== 'SyncToken'));
  if (sent.Line !== undefined) {
    const lines = checkLines(realm, now, sent.Line, (existing.Line as Json[] | undefined) ?? []);
    if (lines instanceof Response) return lines;
    sent.Line = lines;
  }
  const keep = ['Id', 'SyncToken', 'MetaData', 'domain', 'LinkedTxn', 'DocNumber', 'CustomerRef', 'CurrencyRef', 'TxnDate', 'Line'];
  const base = body.sparse === true ? existing : Object.fromEntries(Object.entries(existing).filter(([k]) => keep.includes(k)));
  const next: Json = { ...base, ...sent, Id: existing.Id, sparse: false };
  stampUpdated(next, now);
  totals(realm, next);
  realm.entities.Invoice.set(existing.Id as string, next);
  refreshCustomerBalance(realm, (next.CustomerRef as Json).value as string);
  changed(realm, 'Invoice', existing.Id as string, 'Update', now);
  return next;
}
