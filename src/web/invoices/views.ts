import type { CustomerAnswer } from '../../core/answers.ts';
import type { CalendarDate } from '../../core/calendar.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { HistoryEvent, SentMessage, StoredCharge, StoredContact, StoredInvoice, StoredReminder } from '../../core/store.ts';
import { policyNameFor } from '../../core/schedule/index.ts';
import type { ChargesSummary } from '../../services/deps.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { csrfInput, errorFor, field, type FormState, formError, typedValue } from '../customers/fields.ts';
import { badges, day, nextDay, stepName } from '../customers/list.ts';
import { pauseForms } from '../customers/views.ts';
import { daysOverdue } from './list-view.ts';
import { timelineTable, zonedStamp } from './timeline.ts';
import { invoiceWords, statusName, stepStateName } from './words.ts';

export type InvoiceModel = {
  org: Organisation;
  invoice: StoredInvoice;
  contact: StoredContact | null;
  events: HistoryEvent[];
  answers: CustomerAnswer[];
  reminders: StoredReminder[];
  charge: StoredCharge | null;
  /** Charges accrued and not yet written (chargesToMention): what a claim would add today. */
  accrued: ChargesSummary | null;
  today: CalendarDate;
  csrf: string;
  notice: string | null;
  form?: FormState | null;
};

const langOf = (org: Organisation) => (org.locale.startsWith('fr') ? 'fr' : 'en');
const amount = (minor: number, currency: string, locale: string) => formatMoney(money(minor, currency), locale);

function summaryCard(m: InvoiceModel): Html {
  const { org, invoice: i } = m;
  const w = invoiceWords(org.locale);
  const late = i.status === 'open' ? daysOverdue(i.dueDate, m.today) : 0;
  const pause = i.paused ? (i.pausedUntil ? w.pausedUntil(day(i.pausedUntil, org.locale)) : w.pausedForever) : null;
  const next =
    i.status === 'open' && i.nextActionOn
      ? `${nextDay(i.nextActionOn, m.today, org.locale)}${i.nextActionStep ? ` · ${stepName(org.policy, i.nextActionStep, org.locale)}` : ''}`
      : w.noNextAction;
  return html`<section class="card"><h2>${w.summary}</h2><dl class="facts">
<dt>${w.customer}</dt><dd>${m.contact ? html`<a href="/orgs/${org.id}/customers/${m.contact.id}">${m.contact.name}</a>` : '—'}</dd>
<dt>${w.amount}</dt><dd>${amount(i.totalMinor, i.currency, org.locale)}</dd>
<dt>${w.paid}</dt><dd>${amount(i.amountPaidMinor, i.currency, org.locale)}</dd>
${i.amountCreditedMinor > 0 ? html`<dt>${w.credited}</dt><dd>${amount(i.amountCreditedMinor, i.currency, org.locale)}</dd>` : ''}
<dt>${w.balance}</dt><dd><strong>${amount(i.amountDueMinor, i.currency, org.locale)}</strong></dd>
<dt>${w.dueDate}</dt><dd>${day(i.dueDate, org.locale)}</dd>
<dt>${w.daysOverdue}</dt><dd>${late > 0 ? String(late) : w.notOverdue}</dd>
<dt>${w.status}</dt><dd>${statusName(org.locale, i.status)}${pause ? html` · <span class="badge paused">${pause}</span>` : ''}${m.contact?.paused ? html` · ${w.customerPaused}` : ''}</dd>
<dt>${w.nextAction}</dt><dd>${next}</dd>
<dt>${w.syncedAt}</dt><dd><time datetime="${i.syncedAt}">${zonedStamp(i.syncedAt, org)}</time></dd>
${m.contact ? html`<dt>${w.policy}</dt><dd>${policyNameFor(m.contact, org.policy, i) ?? org.policy.default.name}</dd>` : ''}</dl></section>`;
}

function chargesCard(m: InvoiceModel): Html {
  const { org, invoice, charge } = m;
  const w = invoiceWords(org.locale);
  const accrued =
    m.accrued && m.accrued.totalMinor > 0
      ? html`<p>${w.chargesAccrued(amount(m.accrued.totalMinor, m.accrued.currency, org.locale))}</p>`
      : '';
  const waiveError = errorFor(m.form, 'waive', 'reason');
  if (charge?.state === 'written') {
    return html`<section class="card"><h2>${w.charges}</h2>
<p>${w.chargesWritten(amount(charge.totalMinor, charge.currency, org.locale), charge.written?.writtenAs !== 'line-on-original')}</p>${accrued}
<form method="post" action="/orgs/${org.id}/invoices/${invoice.id}/waive">${csrfInput(m.csrf)}
${field('reason', 'reason', w.waiveWhy, (invalid) => html`<textarea id="reason" name="reason" required maxlength="500"${invalid}>${typedValue(m.form, 'waive', 'reason')}</textarea>`, waiveError)}
<p><button class="danger">${w.waiveButton}</button></p></form></section>`;
  }
  const state =
    charge?.state === 'waived'
      ? html`<p>${w.chargesWaived(amount(charge.totalMinor, charge.currency, org.locale))}</p>`
      : charge?.state === 'claiming'
        ? html`<p>${w.chargesClaiming}</p>`
        : '';
  const none = !state && !accrued ? html`<p class="muted">${w.chargesNone}</p>` : '';
  return html`<section class="card"><h2>${w.charges}</h2>${waiveError ? html`<p class="notice bad" role="alert">${waiveError}</p>` : ''}${state}${accrued}${none}</section>`;
}

function answersCard(m: InvoiceModel): Html | string {
  const { org } = m;
  const w = invoiceWords(org.locale);
  if (m.answers.length === 0) return '';
  const items = [...m.answers]
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .map((a) => {
      const what =
        a.kind === 'promise'
          ? w.promise(day(a.promisedDate, org.locale))
          : a.kind === 'paid'
            ? w.reportedPaid(a.reference ?? null)
            : a.resolvedAt
              ? w.disputeResolved(a.reason)
              : w.dispute(a.reason);
      return html`<li><time datetime="${a.at}">${zonedStamp(a.at, org)}</time> ${w.answerLine(w.answeredBy(a.source), what)}</li>`;
    });
  return html`<section class="card"><h2>${w.answers}</h2><ul class="plain">${items}</ul></section>`;
}

function stepsCard(m: InvoiceModel): Html | string {
  const { org } = m;
  const w = invoiceWords(org.locale);
  if (m.reminders.length === 0) return '';
  const items = [...m.reminders]
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
    .map(
      (r) =>
        html`<li>${day(r.dueOn, org.locale)} · ${stepName(org.policy, r.stepKey, org.locale)} · <strong>${stepStateName(org.locale, r.state)}</strong>${r.reason ? html` <span class="muted">(${r.reason})</span>` : ''}${
          r.messageId && r.state === 'sent'
            ? html` · <a href="/orgs/${org.id}/messages/${encodeURIComponent(r.messageId)}">${w.viewMessage}</a>`
            : ''
        }</li>`,
    );
  return html`<section class="card"><h2>${w.steps}</h2><ul class="plain">${items}</ul></section>`;
}

function actionsCard(m: InvoiceModel): Html | string {
  const { org, invoice: i } = m;
  if (i.status !== 'open') return '';
  const w = invoiceWords(org.locale);
  const base = `/orgs/${org.id}/invoices/${i.id}`;
  const f = m.form;
  const openDispute = m.answers.some((a) => a.kind === 'dispute' && !a.resolvedAt);
  const kind = typedValue(f, 'answer', 'kind');
  const radio = (value: string, label: string) =>
    html`<label class="inline"><input type="radio" name="kind" value="${value}"${kind === value ? html` checked` : ''} required> ${label}</label>`;
  const kindError = errorFor(f, 'answer', 'kind');
  const answer = html`<form method="post" action="${base}/answer" class="stacked">${csrfInput(m.csrf)}<fieldset><legend>${w.answerLegend}</legend>
${formError(f, 'answer')}
<div class="${kindError ? 'field field-error' : 'field'}" role="radiogroup" aria-label="${w.answerKind}" data-field="kind">${radio('promise', w.kindPromise)}${radio('paid', w.kindPaid)}${radio('dispute', w.kindDispute)}${
    kindError ? html`<p class="error" role="alert">${kindError}</p>` : ''
  }</div>
${field('promisedDate', 'promisedDate', w.promisedDate, (invalid) => html`<input id="promisedDate" name="promisedDate" type="date" value="${typedValue(f, 'answer', 'promisedDate')}"${invalid}>`, errorFor(f, 'answer', 'promisedDate'))}
${field('reference', 'reference', w.reference, (invalid) => html`<input id="reference" name="reference" type="text" maxlength="100" value="${typedValue(f, 'answer', 'reference')}"${invalid}>`, errorFor(f, 'answer', 'reference'))}
${field('disputeReason', 'disputeReason', w.disputeReason, (invalid) => html`<textarea id="disputeReason" name="disputeReason" maxlength="500"${invalid}>${typedValue(f, 'answer', 'disputeReason')}</textarea>`, errorFor(f, 'answer', 'disputeReason'))}
<p><button>${w.record}</button></p></fieldset></form>`;
  const outcome = typedValue(f, 'settle', 'outcome');
  const outcomeError = errorFor(f, 'settle', 'outcome');
  const settle = openDispute
    ? html`<form method="post" action="${base}/settle" class="stacked">${csrfInput(m.csrf)}<fieldset><legend>${w.settleLegend}</legend>
${formError(f, 'settle')}
<div class="${outcomeError ? 'field field-error' : 'field'}" data-field="outcome"><label class="inline"><input type="radio" name="outcome" value="resume"${outcome === 'resume' ? html` checked` : ''} required> ${w.settleResume}</label><label class="inline"><input type="radio" name="outcome" value="write-off"${outcome === 'write-off' ? html` checked` : ''}> ${w.settleWriteOff}</label>${
        outcomeError ? html`<p class="error" role="alert">${outcomeError}</p>` : ''
      }</div>
${field('settleNote', 'note', w.settleNote, (invalid) => html`<textarea id="settleNote" name="note" maxlength="500"${invalid}>${typedValue(f, 'settle', 'note')}</textarea>`, errorFor(f, 'settle', 'note'))}
<p><button>${w.settle}</button></p></fieldset></form>`
    : '';
  // the service finds the next open step itself; the stored one only names it here when known
  const step = i.nextActionStep ? stepName(org.policy, i.nextActionStep, org.locale) : null;
  const steering = html`${formError(f, 'step')}<form method="post" action="${base}/send-now">${csrfInput(m.csrf)}<p class="muted">${w.sendNowHint(step)}</p><button class="secondary">${w.sendNow}</button></form>
<form method="post" action="${base}/skip">${csrfInput(m.csrf)}<p class="muted">${w.skipHint(step)}</p><button class="secondary">${w.skip}</button></form>`;
  return html`<section class="card actions"><h2>${w.actions}</h2>
${pauseForms(
  base,
  m.csrf,
  { paused: i.paused, until: i.pausedUntil ?? null },
  { legend: w.pauseLegend, until: w.until, pause: w.pause, resume: w.resume, pausedUntil: w.pausedUntil, pausedForever: w.pausedForever },
  org.locale,
  f,
)}
${settle}${answer}${steering}</section>`;
}

export function invoicePage(m: InvoiceModel): Html {
  const { org, invoice } = m;
  const w = invoiceWords(org.locale);
  return page(
    w.invoice(invoice.number),
    html`<h1>${w.invoice(invoice.number)} ${badges({ paused: invoice.paused }, org.locale)}</h1>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
<div class="grid">${summaryCard(m)}${chargesCard(m)}</div>
${actionsCard(m)}
${answersCard(m)}
${stepsCard(m)}
<section class="card"><h2>${w.timeline}</h2>${timelineTable(m.events, org)}</section>`,
    { lang: langOf(org), nav: ownerNav(org, 'invoices') },
  );
}

/** An email as it left: who, when, what, the HTML in a sandboxed frame (served by its own route) and the text. */
export function messagePage(org: Organisation, message: SentMessage, invoices: StoredInvoice[]): Html {
  const w = invoiceWords(org.locale);
  const body = `/orgs/${org.id}/messages/${encodeURIComponent(message.messageId)}/body`;
  return page(
    w.message,
    html`<h1>${w.message}</h1>
<section class="card"><dl class="facts">
<dt>${w.subject}</dt><dd>${message.subject}</dd>
<dt>${w.to}</dt><dd>${message.to.join(', ')}</dd>
<dt>${w.sentAt}</dt><dd><time datetime="${message.sentAt}">${zonedStamp(message.sentAt, org)}</time> (${org.timeZone})</dd>
${invoices.length > 0 ? html`<dt>${w.forInvoices}</dt><dd>${invoices.map((i, n) => html`${n > 0 ? ', ' : ''}<a href="/orgs/${org.id}/invoices/${i.id}">${i.number}</a>`)}</dd>` : ''}
</dl></section>
<section class="card"><h2>${w.asSent}</h2><iframe class="message" sandbox src="${body}" title="${w.asSent}"></iframe></section>
<section class="card"><h2>${w.textVersion}</h2><pre class="message-text">${message.text}</pre></section>`,
    { lang: langOf(org), nav: ownerNav(org, 'outbox') },
  );
}
