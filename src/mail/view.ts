import { compareDates } from '../core/calendar.ts';
import type { Money } from '../core/money.ts';
import { checkUrl, clip, formatAmount, formatDate, pluralCategory, stripControl } from './format.ts';
import type { LocaleTexts } from './locales.ts';
import type { ClaimBreakdown, ReminderEmailModel } from './model.ts';
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
  if (!nodes) {
    nodes = parseTemplate(source);
    small.set(source, nodes);
  }
  return renderTemplate(nodes, view, (v) => v);
}

function lines(text: string | null | undefined, maxLines: number, maxLength: number): string[] {
  if (!text) return [];
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => clip(stripControl(l).trim(), maxLength))
    .filter(Boolean)
    .slice(0, maxLines);
}

const listOf = <T>(value: T | readonly T[] | null | undefined): readonly T[] =>
  value == null ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** "€1,200.00 and £300.00": amounts in several currencies are listed, never added up. */
function listAmounts(amounts: readonly string[], intl: string): string {
  return new Intl.ListFormat(intl, { style: 'long', type: 'conjunction' }).format(amounts);
}

/** The values a template sees (listed in templates/README.md), formatted for the locale and clipped. */
export function buildView(model: ReminderEmailModel, texts: LocaleTexts) {
  const { intl, common } = texts;
  if (model.invoices.length === 0) throw new RangeError('a reminder email needs at least one invoice');
  if (model.paymentUrl) checkUrl(model.paymentUrl);
  for (const url of Object.values(model.answerUrls)) checkUrl(url);
  for (const i of model.invoices) if (i.paymentUrl) checkUrl(i.paymentUrl);
  const totals = listOf(model.totalDue);
  if (totals.length === 0) throw new RangeError('a reminder email needs its total due');
  if (new Set(totals.map((t) => t.currency)).size !== totals.length) throw new RangeError('a reminder states one total per currency');
  const claims = listOf<ClaimBreakdown>(model.claim);

  const amount = (m: Money) => formatAmount(m, intl);
  const invoices = model.invoices;
  // what the email is about: the invoices reminded; a charges invoice is a line under its own invoice
  const reminded = invoices.some((i) => !i.chargesFor) ? invoices.filter((i) => !i.chargesFor) : invoices;
  const first = reminded[0]!;
  const earliestDue = reminded.reduce((d, i) => (compareDates(i.dueDate, d) < 0 ? i.dueDate : d), first.dueDate);
  const maxDaysLate = Math.max(...reminded.map((i) => i.daysLate));
  const base = {
    businessName: clip(model.businessName, LIMITS.name),
    customerName: clip(model.customerName, LIMITS.name),
    senderName: clip(model.senderName, LIMITS.name),
    invoiceCount: reminded.length,
    firstNumber: clip(first.number, LIMITS.invoiceNumber),
    firstDueDate: formatDate(earliestDue, intl, 'long'),
  };
  const days = common.days[pluralCategory(maxDaysLate, intl)] ?? common.days.other;
  const hasCharges = WITH_CHARGES.has(model.template);
  const isNotice = model.template === 'formal-notice';
  const totalDue = listAmounts(totals.map(amount), intl);
  const shownRows = invoices.slice(0, LIMITS.rows);
  return {
    ...base,
    invoiceRef: fill(reminded.length > 1 ? common.invoiceRef.many : common.invoiceRef.one, base),
    daysLate: fill(days, { n: maxDaysLate }),
    totalDue,
    /** The table's closing lines: one per currency. */
    totals: totals.map((t) => ({ amount: amount(t) })),
    claimTotal:
      isNotice && claims.length > 0
        ? listAmounts(
            claims.map((c) => amount(c.total)),
            intl,
          )
        : totalDue,
    deadline: model.deadline ? formatDate(model.deadline, intl, 'long') : null,
    paymentUrl: model.paymentUrl,
    // no single link pays everything: the rows' own links are the way to pay, and the email says so
    payEach: !model.paymentUrl && shownRows.some((i) => i.paymentUrl),
    answerUrls: { ...model.answerUrls },
    rows: shownRows.map((i) => ({
      number: clip(i.number, LIMITS.invoiceNumber),
      // always set (null when absent), so a row never falls through to the email's own paymentUrl
      payUrl: i.paymentUrl || null,
      chargesFor: i.chargesFor ? clip(i.chargesFor, LIMITS.invoiceNumber) : null,
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
    breakdown: isNotice
      ? claims.map((c) => ({
          principal: amount(c.principal),
          interest: amount(c.interest),
          compensation: amount(c.compensation),
          total: amount(c.total),
        }))
      : [],
    legalBasis: clip(model.legalBasis || common.legalBasis, LIMITS.legal),
    nextStep: clip(model.nextStep || common.nextStep, LIMITS.legal),
    signatureLines: lines(model.signature ?? model.branding.signature, LIMITS.signatureLines, LIMITS.signatureLine),
    legalFooterLines: lines(model.branding.legalFooter, LIMITS.footerLines, LIMITS.footerLine),
  };
}

export type View = ReturnType<typeof buildView>;
