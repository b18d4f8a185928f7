import { z } from 'zod';
import { chargesInvoiceReference } from '../../src/core/charges/reference.ts';
import { toDecimalString, type Money } from '../../src/core/money.ts';
import { type ChargeClaim, type ConnectionRef, LedgerError, type WrittenCharge } from '../../src/core/ports.ts';
import { fitText, writeKey } from '../shared/writes.ts';
import type { QbCall } from './client.ts';

/**
 * Writes to QuickBooks Online.
 *
 * Where a reminder's note goes. QuickBooks has no history an app can add to on an invoice (its audit log is read
 * only), so the note is an **Attachable**: a note with no file, linked to the invoice (`AttachableRef` → the
 * invoice, `IncludeOnSend: false`). The owner sees it under the invoice's attachments in QuickBooks, one entry per
 * reminder, dated; the customer never sees it (it is not sent with the invoice). The other candidate, the invoice's
 * `PrivateNote` ("memo on statement", internal), was set aside: every note would be a read-modify-write of the
 * invoice racing the owner's own edits (SyncToken), would grow one field up to its 4000 characters until it must be
 * cut, and that field is where QuickBooks itself writes "Voided", which the sync reads.
 *
 * Every write carries `requestid` (QuickBooks answers a repeated id with the first answer instead of writing again),
 * derived from the caller's idempotency key and the write's purpose, so a retried use case lands once. An update that
 * meets a stale SyncToken (Fault 5010, LedgerError 'conflict') is re-read and tried again, with a new requestid (the
 * old one would replay the stale answer), a few times before the conflict goes up (retryable).
 */
export type QuickBooksWriter = {
  addNote(conn: ConnectionRef, invoiceId: string, text: string, key: string): Promise<void>;
  writeCharges(conn: ConnectionRef, claim: ChargeClaim, key: string): Promise<WrittenCharge>;
  waiveCharges(conn: ConnectionRef, written: WrittenCharge, reason: string, key: string): Promise<{ externalId: string }>;
  paymentUrl(conn: ConnectionRef, invoiceId: string): Promise<string | null>;
  chargeTargets(conn: ConnectionRef): Promise<{ id: string; name: string }[]>;
};

export type WriterConfig = { write: { noteMaxLength: number; idempotencyKeyMax?: number } };

/** Tries of an update that meets a stale SyncToken, the first included. */
const CONFLICT_TRIES = 4;
/** Intuit does not document requestid's length; 50 is what its SDKs' generated ids stay under. A guess, kept short. */
const REQUEST_ID_MAX = 50;
const DESCRIPTION_MAX = 4000;

const line = z.looseObject({
  Id: z.string().optional(),
  Description: z.string().nullish(),
  Amount: z.number().optional(),
  DetailType: z.string(),
  SalesItemLineDetail: z.looseObject({ ItemRef: z.object({ value: z.string() }).optional() }).optional(),
});
type Line = z.infer<typeof line>;
const storedInvoice = z.looseObject({
  Id: z.string(),
  SyncToken: z.string(),
  DocNumber: z.string().nullish(),
  TotalAmt: z.number(),
  Balance: z.number(),
  PrivateNote: z.string().nullish(),
  InvoiceLink: z.string().nullish(),
  Line: z.array(line).default([]),
});
type StoredInvoice = z.infer<typeof storedInvoice>;

function invoiceOf(body: unknown, what: string): StoredInvoice {
  const parsed = storedInvoice.safeParse(body && typeof body === 'object' ? (body as Record<string, unknown>).Invoice : undefined);
  if (!parsed.success)
    throw new LedgerError('unavailable', `QuickBooks answered ${what} without a readable Invoice: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The lines to send back on an update: every line as read, except the computed subtotal QuickBooks appends (a
 * SubTotalLineDetail without an Id, recomputed on save; Intuit's own SDK quickstart drops it before adding a line).
 */
const kept = (lines: Line[]) => lines.filter((l) => !(l.DetailType === 'SubTotalLineDetail' && !l.Id));

const amountOf = (m: Money) => Number(toDecimalString(m));
/** What makes a charge line ours on a re-read: its text, amount and item (a retry must not add it twice). */
const lineKey = (description: string | null | undefined, amount: number | undefined, item: string | undefined) =>
  `${description ?? ''}|${amount ?? ''}|${item ?? ''}`;

export function createQuickBooksWriter(call: QbCall, config: WriterConfig): QuickBooksWriter {
  const requestId = (callerKey: string, purpose: string) =>
    writeKey(callerKey, purpose, Math.min(config.write.idempotencyKeyMax ?? REQUEST_ID_MAX, REQUEST_ID_MAX));

  async function readInvoice(conn: ConnectionRef, invoiceId: string): Promise<StoredInvoice> {
    const body = await call(conn, 'read invoice', { method: 'GET', path: `invoice/${invoiceId}`, query: { include: 'invoiceLink' } });
    return invoiceOf(body, `invoice ${invoiceId}`);
  }

  /** Read, change, write; on a stale SyncToken read again and retry, each try with its own requestid. */
  async function updateInvoice(
    conn: ConnectionRef,
    invoiceId: string,
    what: string,
    callerKey: string,
    purpose: string,
    change: (current: StoredInvoice) => { body: Record<string, unknown>; query?: Record<string, string> } | null,
  ): Promise<StoredInvoice | null> {
    for (let attempt = 1; ; attempt++) {
      const current = await readInvoice(conn, invoiceId);
      const next = change(current);
      if (next === null) return null;
      try {
        const body = await call(conn, what, {
          method: 'POST',
          path: 'invoice',
          query: next.query,
          body: { Id: current.Id, SyncToken: current.SyncToken, ...next.body },
          requestId: requestId(callerKey, attempt === 1 ? purpose : `${purpose}-${attempt}`),
        });
        return invoiceOf(body, what);
      } catch (error) {
        if (error instanceof LedgerError && error.kind === 'conflict' && attempt < CONFLICT_TRIES) continue;
        throw error;
      }
    }
  }

  async function addNote(conn: ConnectionRef, invoiceId: string, text: string, callerKey: string, purpose = 'note') {
    await call(conn, 'add a note to the invoice', {
      method: 'POST',
      path: 'attachable',
      body: {
        AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId }, IncludeOnSend: false }],
        Note: fitText(text, config.write.noteMaxLength),
      },
      requestId: requestId(callerKey, purpose),
    });
  }

  const chargeLine = (l: ChargeClaim['lines'][number], item: string) => ({
    Description: fitText(l.description, DESCRIPTION_MAX),
    Amount: amountOf(l.amount),
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: { value: item }, Qty: 1, UnitPrice: amountOf(l.amount) },
  });

  async function separateInvoice(conn: ConnectionRef, claim: ChargeClaim, item: string, callerKey: string): Promise<WrittenCharge> {
    // relance reads this reference back to know its own charges invoice (never chased on its own): the private memo
    // for the owner, the customer memo so the customer sees which invoice the charges are for
    const reference = fitText(chargesInvoiceReference(claim.invoiceNumber), 1000);
    const currency = claim.lines[0]?.amount.currency;
    const body = await call(conn, 'create the charges invoice', {
      method: 'POST',
      path: 'invoice',
      body: {
        CustomerRef: { value: claim.contactExternalId },
        TxnDate: claim.issueDate,
        DueDate: claim.dueDate,
        ...(currency ? { CurrencyRef: { value: currency } } : {}),
        PrivateNote: reference,
        CustomerMemo: { value: reference },
        Line: claim.lines.map((l) => chargeLine(l, item)),
      },
      requestId: requestId(callerKey, 'charges-invoice'),
    });
    const created = invoiceOf(body, 'the charges invoice');
    await addNote(
      conn,
      claim.invoiceExternalId,
      `Late-payment charges invoiced separately on ${created.DocNumber ?? created.Id}.`,
      callerKey,
      'charges-note',
    );
    return { writtenAs: 'separate-invoice', invoiceExternalId: created.Id };
  }

  /**
   * Lines added to the original by a sparse update. QuickBooks replaces the whole `Line` list on update, so every
   * existing line is sent back as read (with its Id), ours after them. A voided or settled invoice gets a separate one.
   */
  async function linesOnOriginal(conn: ConnectionRef, claim: ChargeClaim, item: string, callerKey: string): Promise<WrittenCharge> {
    const wanted = claim.lines.map((l) => chargeLine(l, item));
    const keyOf = (l: Line | (typeof wanted)[number]) => lineKey(l.Description, l.Amount, l.SalesItemLineDetail?.ItemRef?.value);
    let settled = false;
    const updated = await updateInvoice(conn, claim.invoiceExternalId, 'add charge lines', callerKey, 'charges-lines', (current) => {
      if (current.TotalAmt === 0 || current.Balance <= 0) {
        settled = true;
        return null;
      }
      // a retry after a lost answer finds our lines already there: do not add them twice
      const present = new Set(current.Line.map(keyOf));
      const added = wanted.filter((l) => !present.has(keyOf(l)));
      if (added.length === 0) return null;
      return { body: { sparse: true, Line: [...kept(current.Line), ...added] } };
    });
    if (settled) return separateInvoice(conn, claim, item, callerKey);
    const final = updated ?? (await readInvoice(conn, claim.invoiceExternalId));
    // ours are the last lines matching each wanted one (QuickBooks may renumber line ids on update)
    const lineIds: string[] = [];
    for (const w of wanted) {
      const match = final.Line.filter((l) => keyOf(l) === keyOf(w) && l.Id && !lineIds.includes(l.Id)).at(-1);
      if (match?.Id) lineIds.push(match.Id);
    }
    return { writtenAs: 'line-on-original', invoiceExternalId: claim.invoiceExternalId, lineIds };
  }

  return {
    addNote: (conn, invoiceId, text, callerKey) => addNote(conn, invoiceId, text, callerKey),

    async writeCharges(conn, claim, callerKey) {
      if (claim.lines.length === 0) throw new LedgerError('refused', 'a charge claim needs at least one line');
      if (!claim.bookTo) throw new LedgerError('refused', 'charges need a service item to be booked to: choose one in the settings');
      return claim.writeAs === 'line-on-original'
        ? linesOnOriginal(conn, claim, claim.bookTo, callerKey)
        : separateInvoice(conn, claim, claim.bookTo, callerKey);
    },

    /**
     * A separate charges invoice is voided (it stays, at zero, "Voided" in its memo: QuickBooks' own way to cancel an
     * invoice); lines on the original are taken off it by a sparse update that sends back every other line.
     */
    async waiveCharges(conn, written, reason, callerKey) {
      const invoiceId = written.invoiceExternalId;
      if (written.writtenAs === 'separate-invoice') {
        await updateInvoice(conn, invoiceId, 'void the charges invoice', callerKey, 'waive-void', (current) =>
          current.TotalAmt === 0 && /^voided\b/i.test(current.PrivateNote ?? '') ? null : { body: {}, query: { operation: 'void' } },
        );
      } else {
        const ours = new Set(written.lineIds);
        let found = false;
        await updateInvoice(conn, invoiceId, 'remove charge lines', callerKey, 'waive-lines', (current) => {
          if (!current.Line.some((l) => l.Id && ours.has(l.Id))) return null;
          found = true;
          return { body: { sparse: true, Line: kept(current.Line).filter((l) => !(l.Id && ours.has(l.Id))) } };
        });
        if (!found) {
          // already removed by an earlier try whose answer was lost, or by the owner: nothing left to take off
          const current = await readInvoice(conn, invoiceId);
          if (current.Line.some((l) => l.Id && ours.has(l.Id)))
            throw new LedgerError('conflict', `charge lines still on invoice ${invoiceId}`);
        }
      }
      await addNote(conn, invoiceId, `Late-payment charges waived: ${reason}`, callerKey, 'waive-note');
      return { externalId: invoiceId };
    },

    async paymentUrl(conn, invoiceId) {
      try {
        const url = (await readInvoice(conn, invoiceId)).InvoiceLink?.trim();
        return url || null;
      } catch (error) {
        if (error instanceof LedgerError && error.kind === 'not-found') return null;
        throw error;
      }
    },

    /** The active service items, for the settings page: what charges can be booked to. */
    async chargeTargets(conn) {
      const body = await call(conn, 'list service items', {
        method: 'GET',
        path: 'query',
        query: { query: "select * from Item where Type = 'Service' and Active = true orderby Name maxresults 1000" },
      });
      const items = z
        .object({ QueryResponse: z.object({ Item: z.array(z.looseObject({ Id: z.string(), Name: z.string() })).default([]) }) })
        .safeParse(body);
      if (!items.success) throw new LedgerError('unavailable', `QuickBooks answered the item list unreadably: ${items.error.message}`);
      return items.data.QueryResponse.Item.map((i) => ({ id: i.Id, name: i.Name }));
    },
  };
}
