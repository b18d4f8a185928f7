import { daysBetween } from '../core/calendar.ts';
import { money, sum } from '../core/money.ts';
import { senderDomain } from '../core/organisation.ts';
import { reminderEmail, type SendVia } from '../mail/message.ts';
import type { Renderer } from '../mail/render.ts';
import type { ReminderComposer } from '../services/index.ts';

/** The services' reminder, rendered by the mail module and addressed in the owner's name. */
export function mailComposer(renderer: Renderer, options: { domain: string; via: SendVia }): ReminderComposer {
  return {
    async compose(input) {
      const rows = input.invoices.map(({ invoice, charges }) => {
        const amountDue = money(invoice.amountDueMinor, invoice.currency);
        const chargesToDate = charges ? money(charges.totalMinor, invoice.currency) : null;
        return {
          number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate,
          daysLate: daysBetween(invoice.dueDate, input.today), amountDue, chargesToDate,
          total: chargesToDate ? money(amountDue.minor + chargesToDate.minor, invoice.currency) : amountDue,
        };
      });
      const currency = rows[0]!.total.currency;
      const charged = input.invoices.map((i) => i.charges).filter((c) => c !== null);
      const wording = [...new Set(charged.flatMap((c) => c.wording))];
      const principal = sum(rows.map((r) => r.amountDue), currency);
      const interest = money(charged.reduce((s, c) => s + c.interestMinor, 0), currency);
      const compensation = money(charged.reduce((s, c) => s + c.compensationMinor, 0), currency);
      const rendered = await renderer.render({
        template: input.step.template, tone: input.step.tone, locale: input.org.locale, branding: input.org.branding,
        businessName: input.org.name, customerName: input.contact.name, senderName: input.org.sender.name,
        invoices: rows, totalDue: sum(rows.map((r) => r.total), currency),
        // without a ledger payment page, the button leads to the page where the customer gives a payment date
        paymentUrl: input.paymentUrl ?? input.answerUrls.promise,
        answerUrls: input.answerUrls, deadline: input.deadline,
        charges: wording.length > 0 ? { lines: wording, totalLabel: '' } : null,
        claim: input.step.template === 'formal-notice'
          ? { principal, interest, compensation, total: money(principal.minor + interest.minor + compensation.minor, currency) }
          : null,
      });
      // through the owner's own server, From is the owner (their SPF/DKIM), and so is the domain of the Message-IDs
      const own = !!input.org.smtp;
      const email = reminderEmail({
        reminderId: input.reminderKey, domain: own ? (senderDomain(input.org.sender) ?? options.domain) : options.domain,
        sender: input.org.sender, via: own ? { kind: 'own-smtp' } : options.via,
        to: input.contact.emails.map((address) => ({ name: input.contact.name, address })), rendered,
      });
      const last = input.earlierMessageIds.at(-1);
      return last ? { ...email, inReplyTo: last, references: input.earlierMessageIds } : email;
    },
  };
}
