import { chargesInvoiceReference } from '../../src/core/charges/index.ts';
import type { ChangePage, LedgerContact, LedgerDeletion, LedgerInvoice, LedgerPayment } from '../../src/core/ledger.ts';
import {
  type ChargeClaim,
  type ConnectionRef,
  LedgerError,
  type LedgerConnector,
  type LedgerLimits,
  type LedgerWrites,
  type WrittenCharge,
} from '../../src/core/ports.ts';

/**
 * An in-memory ledger for the engine's tests: what the connector port promises, nothing vendor-specific. Writes honour
 * idempotency keys like Xero's; `failNext` injects vendor errors.
 */
export class TestLedger implements LedgerConnector {
  readonly vendor = 'test' as const;
  /** What this ledger declares; a test may change them to see the services follow (nobody's real numbers). */
  limits: LedgerLimits = { calls: [{ max: 1_000, windowMs: 60_000 }], concurrency: 10, idsPerRead: 100 };
  writes: LedgerWrites = { noteMaxLength: 300, note: 'history', chargesAsLine: true, chargesBookedTo: 'account' };
  /** What chargeTargets answers. */
  targets: { id: string; name: string }[] = [{ id: '7060', name: '7060 Late-payment charges' }];
  /** The ids of each invoicesByIds call, in order. */
  reads: string[][] = [];
  contacts = new Map<string, LedgerContact>();
  invoices = new Map<string, LedgerInvoice>();
  payments: LedgerPayment[] = [];
  /** What `delete` removed, as an incremental read reports it (a change feed that says what went). */
  deletions: LedgerDeletion[] = [];
  notes: { invoiceExternalId: string; text: string; key: string }[] = [];
  charges: { claim: ChargeClaim; key: string; externalId: string }[] = [];
  calls = { changes: 0, invoicesByIds: 0, addNote: 0, writeCharges: 0, paymentUrl: 0 };
  /** What waiveCharges was handed, in order. */
  waived: WrittenCharge[] = [];
  /** Every sync reads everything, one full read (snapshot) per entity, like a ledger without a change feed. */
  fullReads = false;
  private fullReadCount = 0;
  private keys = new Map<string, unknown>();
  private failures: LedgerError[] = [];
  private clock = 0;

  private stamp(): string {
    this.clock += 1;
    return new Date(Date.UTC(2026, 0, 1) + this.clock * 1000).toISOString();
  }

  addContact(c: Omit<LedgerContact, 'updatedAt'>): void {
    this.contacts.set(c.externalId, { ...c, updatedAt: this.stamp() });
  }

  addInvoice(i: Omit<LedgerInvoice, 'updatedAt'>): void {
    this.invoices.set(i.externalId, { ...i, updatedAt: this.stamp() });
  }

  /** The customer pays: the invoice's amounts and status move like a ledger's would. */
  pay(externalId: string, amountMinor?: number, date = '2026-03-05'): void {
    const inv = this.invoices.get(externalId);
    if (!inv) throw new Error(`no invoice ${externalId}`);
    const amount = amountMinor ?? inv.amountDueMinor;
    const due = inv.amountDueMinor - amount;
    this.payments.push({
      externalId: `pay-${this.payments.length + 1}`,
      allocations: [{ invoiceExternalId: externalId, amountMinor: amount }],
      date: date as never,
      currency: inv.currency,
      status: 'active',
      updatedAt: this.stamp(),
    });
    this.invoices.set(externalId, {
      ...inv,
      amountDueMinor: due,
      amountPaidMinor: inv.amountPaidMinor + amount,
      status: due <= 0 ? 'paid' : 'open',
      updatedAt: this.stamp(),
    });
  }

  /** The ledger loses an invoice and leaves no trace an incremental read would show (a hard delete). */
  forget(externalId: string): void {
    this.invoices.delete(externalId);
    this.payments = this.payments.filter((p) => !p.allocations.some((a) => a.invoiceExternalId === externalId));
  }

  /** The owner deletes the invoice in the ledger: gone from reads, reported deleted by the next incremental read. */
  delete(externalId: string): void {
    if (!this.invoices.delete(externalId)) throw new Error(`no invoice ${externalId}`);
    this.deletions.push({ entity: 'invoices', externalId, updatedAt: this.stamp() });
  }

  failNext(...errors: LedgerError[]): void {
    this.failures.push(...errors);
  }

  private maybeFail(): void {
    const e = this.failures.shift();
    if (e) throw e;
  }

  async *changes(_conn: ConnectionRef, cursor: string | null): AsyncIterable<ChangePage> {
    this.calls.changes++;
    this.maybeFail();
    const since = cursor ?? '';
    const newer = <T extends { updatedAt: string }>(xs: Iterable<T>) => [...xs].filter((x) => x.updatedAt > since);
    const latest =
      [...this.contacts.values(), ...this.invoices.values(), ...this.payments, ...this.deletions]
        .map((x) => x.updatedAt)
        .sort()
        .at(-1) ?? since;
    if (this.fullReads) {
      this.fullReadCount += 1;
      const snapshot = { id: `full-${this.fullReadCount}`, complete: true };
      const none = { contacts: [], invoices: [], payments: [], creditNotes: [], rejected: [] };
      yield { ...none, entity: 'contacts', contacts: [...this.contacts.values()], cursor: since, snapshot };
      yield { ...none, entity: 'invoices', invoices: [...this.invoices.values()], cursor: since, snapshot };
      yield { ...none, entity: 'payments', payments: [...this.payments], cursor: latest, snapshot };
      return;
    }
    yield {
      entity: 'contacts',
      contacts: newer(this.contacts.values()),
      invoices: [],
      payments: [],
      creditNotes: [],
      rejected: [],
      cursor: since,
    };
    yield {
      entity: 'invoices',
      contacts: [],
      invoices: newer(this.invoices.values()),
      payments: newer(this.payments),
      creditNotes: [],
      rejected: [],
      deleted: newer(this.deletions),
      cursor: latest,
    };
  }

  async invoicesByIds(_conn: ConnectionRef, ids: string[]): Promise<LedgerInvoice[]> {
    this.calls.invoicesByIds++;
    this.reads.push([...ids]);
    this.maybeFail();
    if (ids.length > this.limits.idsPerRead)
      throw new LedgerError('refused', `${ids.length} ids in one read: at most ${this.limits.idsPerRead}`);
    return ids.map((id) => this.invoices.get(id)).filter((x): x is LedgerInvoice => Boolean(x));
  }

  async addNote(_conn: ConnectionRef, invoiceExternalId: string, text: string, key: string): Promise<void> {
    this.calls.addNote++;
    this.maybeFail();
    if (this.keys.has(key)) return;
    if (text.length > this.writes.noteMaxLength) {
      throw new LedgerError('refused', `the note is longer than ${this.writes.noteMaxLength} characters`);
    }
    this.keys.set(key, true);
    this.notes.push({ invoiceExternalId, text, key });
  }

  async writeCharges(_conn: ConnectionRef, claim: ChargeClaim, key: string): Promise<WrittenCharge> {
    this.calls.writeCharges++;
    this.maybeFail();
    const seen = this.keys.get(key) as WrittenCharge | undefined;
    if (seen) return seen;
    const externalId = `charge-${this.charges.length + 1}`;
    const written: WrittenCharge =
      claim.writeAs === 'separate-invoice'
        ? { writtenAs: 'separate-invoice', invoiceExternalId: externalId }
        : { writtenAs: 'line-on-original', invoiceExternalId: claim.invoiceExternalId, lineIds: [`${externalId}-line-1`] };
    this.keys.set(key, written);
    this.charges.push({ claim, key, externalId });
    if (claim.writeAs === 'separate-invoice') {
      // like a real ledger: a new sales invoice for the charges, which the next sync brings back
      const totalMinor = claim.lines.reduce((s, l) => s + l.amount.minor, 0);
      this.addInvoice({
        externalId,
        number: `CHG-${this.charges.length}`,
        contactExternalId: claim.contactExternalId,
        issueDate: claim.issueDate,
        dueDate: claim.dueDate,
        currency: claim.lines[0]?.amount.currency ?? 'EUR',
        totalMinor,
        amountDueMinor: totalMinor,
        amountPaidMinor: 0,
        amountCreditedMinor: 0,
        status: 'open',
        reference: chargesInvoiceReference(claim.invoiceNumber),
      });
    }
    return written;
  }

  async waiveCharges(_conn: ConnectionRef, written: WrittenCharge): Promise<{ externalId: string }> {
    this.waived.push(written);
    return { externalId: `waive-${written.invoiceExternalId}` };
  }

  async chargeTargets(_conn: ConnectionRef): Promise<{ id: string; name: string }[]> {
    return this.targets;
  }

  async paymentUrl(_conn: ConnectionRef, invoiceExternalId: string): Promise<string | null> {
    this.calls.paymentUrl++;
    return `https://pay.example/${invoiceExternalId}`;
  }
}
