import { daysBetween } from '../core/calendar.ts';
import { type Money, money } from '../core/money.ts';
import { senderDomain } from '../core/organisation.ts';
import type { StoredInvoice } from '../core/store.ts';
import { reminderEmail, type SendVia } from '../mail/message.ts';
import type { ClaimBreakdown, ReminderInvoice } from '../mail/model.ts';
import type { Renderer } from '../mail/render.ts';
import type { ChargesSummary, ReminderComposer, ReminderEmailInput } from '../services/index.ts';

/** Sums per currency, in the order the currencies first appear: amounts in different currencies are never added. */
function totalsByCurrency(amounts: readonly Money[]): Money[] {
  const totals = new Map<string, number>();
  for (const m of amounts) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.minor);
  return [...totals].map(([currency, minor]) => money(minor, currency));
}

function row(
  invoice: StoredInvoice,
  input: ReminderEmailInput,
  charges: ChargesSummary | null,
  chargesFor: string | null,
): ReminderInvoice {
  const amountDue = money(invoice.amountDueMinor, invoice.currency);
  const chargesToDate = charges ? money(charges.totalMinor, invoice.currency) : null;
  return {
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    daysLate: daysBetween(invoice.dueDate, input.today),
    amountDue,
    chargesToDate,
    total: chargesToDate ? money(amountDue.minor + chargesToDate.minor, invoice.currency) : amountDue,
    paymentUrl: invoice.paymentUrl,
    chargesFor,
  };
}

/** The button pays everything only through one link for all the rows: the ledger's own, or the one every row shares. */
function wholePaymentUrl(input: ReminderEmailInput, rows: readonly ReminderInvoice[]): string | null {
  if (input.paymentUrl) return input.paymentUrl;
  const links = new Set(rows.map((r) => r.paymentUrl ?? null));
  if (links.size === 1) {
    const [only] = links;
    // without any ledger payment page, the button leads to the page where the customer gives a payment date
    return only ?? input.answerUrls.promise;
  }
  return null;
}

/** Formal notice: principal + interest + compensation = total, per currency. */
function claimsOf(input: ReminderEmailInput, rows: readonly ReminderInvoice[]): ClaimBreakdown[] {
  return totalsByCurrency(rows.map((r) => r.amountDue)).map((principal) => {
    const charged = input.invoices.map((i) => i.charges).filter((c) => c !== null && c.currency === principal.currency);
    const interest = money(
      charged.reduce((s, c) => s + c!.interestMinor, 0),
      principal.currency,
    );
    const compensation = money(
      charged.reduce((s, c) => s + c!.compensationMinor, 0),
      principal.currency,
    );
    return { principal, interest, compensation, total: money(principal.minor + interest.minor + compensation.minor, principal.currency) };
  });
}

/** The services' reminder, rendered by the mail module and addressed in the owner's name. */
export function mailComposer(renderer: Renderer, options: { domain: string; via: SendVia }): ReminderComposer {
  return {
    async compose(input) {
      // each charges invoice relance wrote sits right under the invoice whose charges it carries
      const rows = input.invoices.flatMap(({ invoice, charges, chargesInvoices }) => [
        row(invoice, input, charges, null),
        ...(chargesInvoices ?? []).map((c) => row(c, input, null, invoice.number)),
      ]);
      const charged = input.invoices.map((i) => i.charges).filter((c) => c !== null);
      const wording = [...new Set(charged.flatMap((c) => c.wording))];
      const rendered = await renderer.render({
        template: input.step.template,
        tone: input.step.tone,
        locale: input.org.locale,
        branding: input.org.branding,
        businessName: input.org.name,
        customerName: input.contact.name,
        senderName: input.org.sender.name,
        invoices: rows,
        totalDue: totalsByCurrency(rows.map((r) => r.total)),
        paymentUrl: wholePaymentUrl(input, rows),
        answerUrls: input.answerUrls,
        deadline: input.deadline,
        charges: wording.length > 0 ? { lines: wording, totalLabel: '' } : null,
        claim: input.step.template === 'formal-notice' ? claimsOf(input, rows) : null,
      });
      // through the owner's own server, From is the owner (their SPF/DKIM), and so is the domain of the Message-IDs
      const own = !!input.org.smtp;
      const email = reminderEmail({
        reminderId: input.reminderKey,
        domain: own ? (senderDomain(input.org.sender) ?? options.domain) : options.domain,
        sender: input.org.sender,
        via: own ? { kind: 'own-smtp' } : options.via,
        to: input.contact.emails.map((address) => ({ name: input.contact.name, address })),
        rendered,
      });
      const last = input.earlierMessageIds.at(-1);
      return last ? { ...email, inReplyTo: last, references: input.earlierMessageIds } : email;
    },
  };
}
