import { addDays, daysBetween, type CalendarDate } from '../core/calendar.ts';
import { add, money, sum, type Money } from '../core/money.ts';
import type { ClaimBreakdown, ReminderEmailModel, ReminderInvoice } from './model.ts';

/**
 * A realistic reminder for previews ("send me a test", the settings page), the benchmark, screenshots and tests.
 * Amounts follow the French B2B regime at 12.15 % (2026 H1) with the €40 indemnity per invoice.
 */
export type SampleOptions = Partial<
  Pick<ReminderEmailModel, 'template' | 'tone' | 'locale' | 'branding' | 'businessName' | 'customerName' | 'senderName'>
> & {
  today?: CalendarDate;
  invoiceCount?: number;
  currency?: string;
  baseUrl?: string;
};

/** A sample is in one currency, with one link that pays every invoice: its total, link and claim are single values. */
export type SampleReminderModel = ReminderEmailModel & { totalDue: Money; paymentUrl: string; claim: ClaimBreakdown | null };

export function sampleReminderModel(options: SampleOptions = {}): SampleReminderModel {
  const today = options.today ?? ('2026-03-20' as CalendarDate);
  const template = options.template ?? 'firm';
  const currency = options.currency ?? 'EUR';
  const count = options.invoiceCount ?? 2;
  const base = options.baseUrl ?? 'https://pay.relance.example';
  const offset = { courtesy: -3, friendly: 1, firm: 10, final: 30, 'formal-notice': 45 }[template];
  const withCharges = template === 'firm' || template === 'final' || template === 'formal-notice';
  const invoices: ReminderInvoice[] = Array.from({ length: count }, (_, i) => {
    const dueDate = addDays(today, -offset - 7 * i);
    const amountDue = money(120_000 + 35_050 * i, currency);
    const chargesToDate: Money | null = withCharges
      ? money(4_000 + Math.round((amountDue.minor * 0.1215 * daysBetween(dueDate, today)) / 365), currency)
      : null;
    return {
      number: `F-2026-${String(41 + i).padStart(4, '0')}`,
      issueDate: addDays(dueDate, -30),
      dueDate,
      daysLate: daysBetween(dueDate, today),
      amountDue,
      chargesToDate,
      total: chargesToDate ? add(amountDue, chargesToDate) : amountDue,
    };
  });
  const principal = sum(
    invoices.map((i) => i.amountDue),
    currency,
  );
  const charges = sum(
    invoices.map((i) => i.chargesToDate ?? money(0, currency)),
    currency,
  );
  const compensation = money(4_000 * count, currency);
  const fr = (options.locale ?? 'en').startsWith('fr');
  return {
    template,
    tone: options.tone ?? 'neutral',
    locale: options.locale ?? 'en',
    branding: options.branding ?? {
      colour: '#0f766e',
      signature: 'Claire Martin\nAccounts, Atelier Lumen',
      legalFooter: 'Atelier Lumen SAS, 12 rue des Arts, 69001 Lyon. SIREN 912 345 678.',
    },
    businessName: options.businessName ?? 'Atelier Lumen',
    customerName: options.customerName ?? 'Boulangerie Dupont',
    senderName: options.senderName ?? 'Claire Martin',
    invoices,
    totalDue: sum(
      invoices.map((i) => i.total),
      currency,
    ),
    paymentUrl: `${base}/p/sample-token`,
    answerUrls: {
      promise: `${base}/a/sample-token/promise`,
      paid: `${base}/a/sample-token/paid`,
      dispute: `${base}/a/sample-token/dispute`,
    },
    deadline: withCharges ? addDays(today, 8) : null,
    charges: withCharges
      ? fr
        ? {
            lines: [
              "Pénalités de retard au taux de 12,15 % l'an (taux BCE + 10 points, 1er semestre 2026, art. L441-10 du Code de commerce), depuis le lendemain de chaque échéance.",
              'Indemnité forfaitaire pour frais de recouvrement : 40 € par facture (art. D441-5).',
            ],
            totalLabel: 'Pénalités et indemnités à ce jour : voir le tableau.',
          }
        : {
            lines: [
              'Interest at 12.15% a year (ECB rate + 10 points, first half of 2026), running since the day after each due date.',
              'Fixed compensation for recovery costs: €40 per invoice.',
            ],
            totalLabel: 'Charges to date are shown in the table.',
          }
      : null,
    claim:
      template === 'formal-notice'
        ? { principal, interest: money(charges.minor - compensation.minor, currency), compensation, total: add(principal, charges) }
        : null,
  };
}
