import { addDays, type CalendarDate, localDate } from '../core/calendar.ts';
import { ChargeInputError, chargesWording, type ChargeResult, regimeFor, statutoryCharges } from '../core/charges/index.ts';
import { money } from '../core/money.ts';
import type { Organisation } from '../core/organisation.ts';
import type { ScheduleContact } from '../core/reminder.ts';
import type { ChargeClaim, LedgerWrites } from '../core/ports.ts';
import type { StoredInvoice } from '../core/store.ts';
import { connectionOf, type ChargesSummary, NotFoundError, type ServiceDeps } from './deps.ts';

type Receipt = { date: CalendarDate; amountMinor: number };

/**
 * What the law (or the owner's own terms) allows on one invoice as of a day: interest on the balance including tax,
 * reduced by each payment from its date, and the fixed compensation once. Null when no regime applies.
 */
export function accruedCharges(
  org: Organisation,
  invoice: StoredInvoice,
  contact: ScheduleContact,
  asOf: CalendarDate,
  receipts: Receipt[],
): ChargeResult | null {
  // relance's own charges invoice is never charged again: charges on charges would compound
  if (invoice.chargesFor) return null;
  const settings = org.policy.default.charges;
  if (settings.regime === 'none') return null;
  const regime = settings.regime === 'auto' ? regimeFor(org.countryCode, contact.isConsumer) : settings.regime;
  if (regime === 'none') return null;
  if (asOf <= invoice.dueDate) return null;
  try {
    return statutoryCharges({
      regime,
      consumer: contact.isConsumer,
      principal: money(invoice.totalMinor, invoice.currency),
      dueDate: invoice.dueDate,
      asOf,
      payments: receipts.map((r) => ({ date: r.date, amount: money(r.amountMinor, invoice.currency) })),
      contractRatePercent: settings.contractRatePercent,
      custom: settings.custom,
    });
  } catch (error) {
    // a setting the law refuses (French contract rate under the floor) is shown in settings; reminders go on without charges
    if (error instanceof ChargeInputError) return null;
    throw error;
  }
}

export function summarise(result: ChargeResult, locale: string): ChargesSummary {
  const w = chargesWording(result, locale.startsWith('fr') ? 'fr' : 'en');
  return {
    interestMinor: result.interest.minor,
    compensationMinor: result.compensation.minor,
    totalMinor: result.total.minor,
    currency: result.currency,
    wording: [w.legalBasis, w.rate, w.interestToDate, w.compensation].filter((x): x is string => Boolean(x)),
  };
}

async function chargesFor(deps: ServiceDeps, org: Organisation, invoice: StoredInvoice, contact: ScheduleContact, asOf: CalendarDate) {
  const receipts = await deps.store.receiptsOf(org.id, [invoice.externalId]);
  return accruedCharges(org, invoice, contact, asOf, receipts);
}

/**
 * The summary a reminder states (step charges: mention or claim). Once the charges are written to the ledger, only
 * what accrued since is stated here: what was written is owed through the charges invoice (listed in the same email)
 * or the lines added to the invoice, and is not counted twice.
 */
export async function chargesToMention(
  deps: ServiceDeps,
  org: Organisation,
  invoice: StoredInvoice,
  contact: ScheduleContact,
  asOf: CalendarDate,
): Promise<ChargesSummary | null> {
  const result = await chargesFor(deps, org, invoice, contact, asOf);
  if (!result || result.total.minor <= 0) return null;
  const summary = summarise(result, org.locale);
  const written = await deps.store.chargeOf(org.id, invoice.id);
  if (written?.state !== 'written') return summary;
  const interestMinor = Math.max(0, summary.interestMinor - written.interestMinor);
  const compensationMinor = Math.max(0, summary.compensationMinor - written.compensationMinor);
  return { ...summary, interestMinor, compensationMinor, totalMinor: interestMinor + compensationMinor };
}

/**
 * Writes the charges of an invoice to the ledger, once: the claim row is unique per invoice, and the vendor write carries
 * an idempotency key derived from the invoice, so a retry after a lost answer lands on the same record.
 */
export async function claimCharges(deps: ServiceDeps, org: Organisation, invoiceId: string): Promise<void> {
  const [invoice] = await deps.store.invoicesById(org.id, [invoiceId]);
  if (!invoice || invoice.chargesFor || invoice.status !== 'open' || invoice.amountDueMinor <= 0) return;
  const existing = await deps.store.chargeOf(org.id, invoiceId);
  if (existing && existing.state !== 'failed' && existing.state !== 'claiming') return;
  const inputs = await deps.store.scheduleInputs(org.id, [invoiceId]);
  const contact = inputs.contacts.find((c) => c.id === invoice.contactId);
  if (!contact) return;
  const now = deps.clock.now();
  const today = localDate(now, org.timeZone);
  const result = existing?.state === 'claiming' ? null : await chargesFor(deps, org, invoice, contact, today);
  const at = now.toISOString();
  if (!existing) {
    if (!result || result.total.minor <= 0) return;
    const opened = await deps.store.openChargeClaim(
      org.id,
      {
        invoiceId,
        currency: result.currency,
        interestMinor: result.interest.minor,
        compensationMinor: result.compensation.minor,
        totalMinor: result.total.minor,
        breakdown: result,
      },
      at,
    );
    if (!opened) return;
  }
  const claim = (await deps.store.chargeOf(org.id, invoiceId))!;
  const settings = org.policy.default.charges;
  const ledger = deps.ledger(org);
  if (!settings.bookTo) {
    // the ledger needs somewhere to book the charge lines: say so instead of guessing the owner's chart of accounts
    const target = ledger.writes.chargesBookedTo === 'item' ? 'the service item' : 'the income account';
    const reason = `choose ${target} for late-payment charges in settings; the charges will be claimed on the next reminder`;
    await deps.store.finishChargeClaim(org.id, invoiceId, { state: 'failed' }, at);
    await deps.store.recordEvent(org.id, { kind: 'failed', invoiceId, detail: { charges: claim.totalMinor, reason }, at });
    deps.log.warn({ orgId: org.id, invoiceId }, reason);
    return;
  }
  const { writeAs, note } = writeAsFor(settings.writeAs, ledger.writes);
  const fr = org.locale.startsWith('fr');
  const lines = [
    {
      description: fr ? `Intérêts de retard sur la facture ${invoice.number}` : `Late-payment interest on invoice ${invoice.number}`,
      minor: claim.interestMinor,
    },
    {
      description: fr
        ? `Indemnité forfaitaire pour frais de recouvrement (facture ${invoice.number})`
        : `Fixed compensation for recovery costs (invoice ${invoice.number})`,
      minor: claim.compensationMinor,
    },
  ]
    .filter((l) => l.minor > 0)
    .map((l) => ({ description: l.description, amount: money(l.minor, claim.currency) }));
  const written = await ledger.writeCharges(
    connectionOf(org),
    {
      invoiceExternalId: invoice.externalId,
      invoiceNumber: invoice.number,
      contactExternalId: invoice.contactExternalId,
      lines,
      writeAs,
      bookTo: settings.bookTo,
      issueDate: today,
      dueDate: addDays(today, 15),
    },
    `relance-charges-${invoiceId}`,
  );
  await deps.store.finishChargeClaim(org.id, invoiceId, { state: 'written', written }, at);
  await deps.store.recordEvent(org.id, {
    kind: 'charge-written',
    invoiceId,
    detail: {
      totalMinor: claim.totalMinor,
      currency: claim.currency,
      vendorId: written.invoiceExternalId,
      writtenAs: written.writtenAs,
      ...(note ? { note } : {}),
    },
    at,
  });
}

/**
 * How the charges are written: as the policy says, unless the ledger cannot add lines to an invoice; then as a
 * separate invoice, with a sentence telling the owner why.
 */
export function writeAsFor(wanted: ChargeClaim['writeAs'], writes: LedgerWrites): { writeAs: ChargeClaim['writeAs']; note: string | null } {
  if (wanted === 'line-on-original' && !writes.chargesAsLine) {
    return {
      writeAs: 'separate-invoice',
      note: 'Your ledger cannot add lines to an existing invoice, so the charges were written as a separate invoice.',
    };
  }
  return { writeAs: wanted, note: null };
}

/** The owner waives claimed charges: a credit note in the ledger, recorded. */
export async function waiveCharges(deps: ServiceDeps, orgId: string, invoiceId: string, reason: string): Promise<void> {
  const org = await deps.store.getOrganisation(orgId);
  const claim = await deps.store.chargeOf(orgId, invoiceId);
  if (!org || !claim || claim.state !== 'written' || !claim.written)
    throw new NotFoundError('there are no written charges to waive on this invoice');
  const credit = await deps.ledger(org).waiveCharges(connectionOf(org), claim.written, reason, `relance-waive-${invoiceId}`);
  const at = deps.clock.now().toISOString();
  await deps.store.finishChargeClaim(orgId, invoiceId, { state: 'waived', waivedBy: credit.externalId }, at);
  await deps.store.recordEvent(orgId, { kind: 'charge-waived', invoiceId, detail: { reason, creditNote: credit.externalId }, at });
}
