import { compareDates } from '../core/calendar.ts';
import type { Money } from '../core/money.ts';
import { checkUrl, clip, formatAmount, formatDate, pluralCategory, stripControl } from './format.ts';
import type { LocaleTexts } from './locales.ts';
import type { ReminderEmailModel } from './model.ts';
import { parseTemplate, renderTemplate, type TemplateNode } from './template.ts';

/** How long a value may be before it is clipped with "…": long enough for real names, short enough for a layout. */
export const LIMITS = {
  name: 120,
  invoiceNumber: 40,
  chargesLine: 400,
  chargesLines: 12,
  legal: 600,
  signatureLine: 200,
  signatureLines: 8,
  footerLine: 300,
  footerLines: 10,
  /** Rows shown in the table; the rest are counted ("…and 12 more"), which keeps any email far under Gmail's clip. */
  rows: 25,
} as const;

const WITH_CHARGES = new Set<string>(['firm', 'final', 'formal-notice']);

const small = new Map<string, TemplateNode[]>();
function fill(source: string, view: object): string {
  let nodes = small.get(source);
  if (!nodes) small.set(source, (nodes = parseTemplate(source)));
  return renderTemplate(nodes, view, (v) => v);
}

function lines(text: string | null | undefined, maxLines: number, maxLength: number): string[] {
  if (!text) return [];
  return text.split(/\r\n|\r|\n/).map((l) => clip(stripControl(l).trim(), maxLength)).filter(Boolean).slice(0, maxLines);
}

/** The values a template sees (listed in templates/README.md), formatted for the locale and clipped. */
export function buildView(model: ReminderEmailModel, texts: LocaleTexts) {
  const { intl, common } = texts;
  if (model.invoices.length === 0) throw new RangeError('a reminder email needs at least one invoice');
  checkUrl(model.paymentUrl);
  for (const url of Object.values(model.answerUrls)) checkUrl(url);

  const amount = (m: Money) => formatAmount(m, intl);
  const invoices = model.invoices;
  const first = invoices[0]!;
  const earliestDue = invoices.reduce((d, i) => (compareDates(i.dueDate, d) < 0 ? i.dueDate : d), first.dueDate);
  const maxDaysLate = Math.max(...invoices.map((i) => i.daysLate));
  const base = {
    businessName: clip(model.businessName, LIMITS.name),
    customerName: clip(model.customerName, LIMITS.name),
    senderName: clip(model.senderName, LIMITS.name),
    invoiceCount: invoices.length,
    firstNumber: clip(first.number, LIMITS.invoiceNumber),
    firstDueDate: formatDate(earliestDue, intl, 'long'),
  };
  const days = common.days[pluralCategory(maxDaysLate, intl)] ?? common.days.other;
  const hasCharges = WITH_CHARGES.has(model.template);
  const isNotice = model.template === 'formal-notice';
  const totalDue = amount(model.totalDue);
  return {
    ...base,
    invoiceRef: fill(invoices.length > 1 ? common.invoiceRef.many : common.invoiceRef.one, base),
    daysLate: fill(days, { n: maxDaysLate }),
    totalDue,
    claimTotal: isNotice && model.claim ? amount(model.claim.total) : totalDue,
    deadline: model.deadline ? formatDate(model.deadline, intl, 'long') : null,
    paymentUrl: model.paymentUrl,
    answerUrls: { ...model.answerUrls },
    rows: invoices.slice(0, LIMITS.rows).map((i) => ({
      number: clip(i.number, LIMITS.invoiceNumber),
      issueDate: formatDate(i.issueDate, intl, 'medium'),
      dueDate: formatDate(i.dueDate, intl, 'medium'),
      daysLate: i.daysLate > 0 ? String(i.daysLate) : common.table.none,
      amountDue: amount(i.amountDue),
      chargesToDate: i.chargesToDate && i.chargesToDate.minor !== 0 ? amount(i.chargesToDate) : common.table.none,
      total: amount(i.total),
    })),
    moreCount: Math.max(0, invoices.length - LIMITS.rows),
    charges:
      hasCharges && model.charges
        ? {
            lines: model.charges.lines.slice(0, LIMITS.chargesLines).map((l) => clip(l, LIMITS.chargesLine)),
            totalLabel: clip(model.charges.totalLabel, LIMITS.chargesLine),
          }
        : null,
    breakdown:
      isNotice && model.claim
        ? {
            principal: amount(model.claim.principal),
            interest: amount(model.claim.interest),
            compensation: amount(model.claim.compensation),
            total: amount(model.claim.total),
          }
        : null,
    legalBasis: clip(model.legalBasis || common.legalBasis, LIMITS.legal),
    nextStep: clip(model.nextStep || common.nextStep, LIMITS.legal),
    signatureLines: lines(model.signature ?? model.branding.signature, LIMITS.signatureLines, LIMITS.signatureLine),
    legalFooterLines: lines(model.branding.legalFooter, LIMITS.footerLines, LIMITS.footerLine),
  };
}

export type View = ReturnType<typeof buildView>;
