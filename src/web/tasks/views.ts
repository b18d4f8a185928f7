import { type CalendarDate, daysBetween } from '../../core/calendar.ts';
import { formatMoney, money } from '../../core/money.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { InvoiceRow } from '../../core/store.ts';
import { type CallTask, NOTE_MAX, RETRY_DAYS, type TaskList, taskDueOn } from '../../services/index.ts';
import { csrfInput, errorFor, type FormState, field, valueOf as typed } from '../customers/fields.ts';
import { day, moneyLines, stepName } from '../customers/list.ts';
import { html, type Html } from '../html.ts';
import { describeEvent, zonedStamp } from '../invoices/timeline.ts';
import { page } from '../layout.ts';
import { ownerNav } from '../owner-nav.ts';
import { pageLanguage } from '../words.ts';
import { taskWords } from './words.ts';

export type TasksModel = {
  org: Organisation;
  csrf: string;
  today: CalendarDate;
  list: TaskList;
  notice: { text: string; bad?: boolean } | null;
  /** A refused outcome form: `form` is the task's reminder id. */
  form: FormState | null;
};

/** "tel:+33123456789": what a phone dials, from the number as the ledger writes it. */
export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

/** Per currency, what the customer's open invoices owe: never summed across currencies. */
function owedTotals(rows: InvoiceRow[]): { currency: string; minor: number }[] {
  const totals = new Map<string, number>();
  for (const { invoice } of rows) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.amountDueMinor);
  return [...totals].map(([currency, minor]) => ({ currency, minor }));
}

/** The customer's open invoices, or the task's own when the list is not at hand. */
const owedOf = (t: CallTask): InvoiceRow[] =>
  t.owed.length > 0
    ? t.owed
    : t.invoices.map((invoice) => ({ invoice, contactName: t.contact?.name ?? '', promised: false, disputed: false }));

function invoiceLines(org: Organisation, t: CallTask, today: CalendarDate): Html {
  const w = taskWords(org.locale);
  const mine = new Set(t.invoices.map((i) => i.id));
  const items = owedOf(t).map(({ invoice: i }) => {
    const late = daysBetween(i.dueDate, today);
    const when = late > 0 ? w.overdueSince(day(i.dueDate, org.locale), late) : w.dueOn(day(i.dueDate, org.locale));
    return html`<li><a href="/orgs/${org.id}/invoices/${i.id}">${i.number}</a> · <span class="amount">${formatMoney(money(i.amountDueMinor, i.currency), org.locale)}</span> · <span class="${late > 0 ? 'late' : 'muted'}">${when}</span>${mine.has(i.id) ? html` <span class="badge">${w.thisCall}</span>` : ''}</li>`;
  });
  return html`<ul class="plain owed">${items}</ul>`;
}

function guide(org: Organisation, t: CallTask, today: CalendarDate): Html {
  const w = taskWords(org.locale);
  const rows = owedOf(t);
  const overdue = rows.filter((r) => r.invoice.dueDate < today).map((r) => r.invoice);
  const shown = overdue.length > 0 ? overdue : rows.map((r) => r.invoice);
  const oldest = shown.reduce<CalendarDate | null>((min, i) => (!min || i.dueDate < min ? i.dueDate : min), null);
  const amount = owedTotals(shown.map((invoice) => ({ invoice, contactName: '', promised: false, disputed: false })))
    .map((a) => formatMoney(money(a.minor, a.currency), org.locale))
    .join(' + ');
  const since = oldest ? w.overdueSince(day(oldest, org.locale), Math.max(0, daysBetween(oldest, today))) : '';
  return html`<ol class="guide">
<li>${w.guideGreet(t.contact?.name ?? '', org.name)}</li>
<li>${w.guideOwed(amount, shown.map((i) => i.number).join(', '), since)}</li>
<li><strong>${w.guideAskLead}</strong> ${w.guideAsk}</li>
<li>${w.guideNote}</li>
<li>${w.guideDispute}</li></ol>`;
}

function history(org: Organisation, t: CallTask): Html {
  const w = taskWords(org.locale);
  if (t.events.length === 0) return html`<p class="muted">${w.noHistory}</p>`;
  return html`<ol class="timeline">${t.events.map(
    (e) => html`<li><time datetime="${e.at}">${zonedStamp(e.at, org)}</time> <span>${describeEvent(e, org)}</span></li>`,
  )}</ol>`;
}

function outcomeForm(m: TasksModel, t: CallTask): Html {
  const { org } = m;
  const w = taskWords(org.locale);
  const id = t.reminder.id;
  const chosen = typed(m.form, id, 'outcome');
  const err = (name: string) => errorFor(m.form, id, name);
  const value = (name: string, fallback = '') => (m.form?.form === id ? typed(m.form, id, name) : fallback);
  const radio = (v: string, label: string) =>
    html`<div class="choice"><input type="radio" id="${id}-${v}" name="outcome" value="${v}"${chosen === v ? ' checked' : ''}><label for="${id}-${v}">${label}</label></div>`;
  const outcomeError = err('outcome');
  return html`<form method="post" class="outcome stacked" action="/orgs/${org.id}/tasks/${id}/outcome">${csrfInput(m.csrf)}
<div class="${outcomeError ? 'field field-error' : 'field'}" data-field="outcome"><fieldset${outcomeError ? html` aria-describedby="${id}-outcome-error"` : ''}><legend>${w.outcome}</legend>
${outcomeError ? html`<p class="error" id="${id}-outcome-error" role="alert">${outcomeError}</p>` : ''}
${radio('promise', w.promise)}
${field(`${id}-promisedDate`, 'promisedDate', w.promisedDate, (invalid) => html`<input type="date" id="${id}-promisedDate" name="promisedDate" min="${m.today}" value="${value('promisedDate')}"${invalid}>`, err('promisedDate'))}
${radio('dispute', w.dispute)}
${field(`${id}-reason`, 'reason', w.reason, (invalid) => html`<input type="text" id="${id}-reason" name="reason" maxlength="${NOTE_MAX}" value="${value('reason')}"${invalid}>`, err('reason'))}
${radio('no-answer', w.noAnswer)}
${field(`${id}-retryInDays`, 'retryInDays', w.retryInDays, (invalid) => html`<input type="number" id="${id}-retryInDays" name="retryInDays" min="${RETRY_DAYS.min}" max="${RETRY_DAYS.max}" step="1" inputmode="numeric" value="${value('retryInDays', String(RETRY_DAYS.default))}"${invalid}>`, err('retryInDays'))}
${radio('wrong-number', w.wrongNumber)}<p class="muted hint">${w.wrongNumberHint}</p>
${radio('done', w.done)}
${field(`${id}-note`, 'note', w.note, (invalid) => html`<input type="text" id="${id}-note" name="note" maxlength="${NOTE_MAX}" value="${value('note')}"${invalid}>`, err('note'))}
</fieldset></div><button>${w.save}</button></form>`;
}

/** The guide is open on the first call only: the owner knows it by the second, and the page stays short. */
function callCard(m: TasksModel, t: CallTask, first: boolean): Html {
  const { org, today } = m;
  const w = taskWords(org.locale);
  const id = t.reminder.id;
  const phone = t.contact?.phone ?? null;
  return html`<article class="task" id="task-${id}" aria-labelledby="task-${id}-title">
<h3 id="task-${id}-title">${t.contact?.name ?? t.invoice.number}</h3>
<p class="phone">${phone ? html`<a class="button" href="${telHref(phone)}">${w.call(phone)}</a>` : html`<span class="notice warn">${w.noPhone}</span>`}</p>
<dl class="facts"><dt>${w.owes}</dt><dd>${moneyLines(
    owedTotals(owedOf(t)).map((a) => ({ currency: a.currency, minor: a.minor })),
    org.locale,
  )}</dd><dt>${w.step}</dt><dd>${stepName(org.policy, t.reminder.stepKey, org.locale)} · ${w.planned} ${day(taskDueOn(t.reminder), org.locale)}</dd></dl>
<h4>${w.openInvoices}</h4>${invoiceLines(org, t, today)}
<details class="guide"${first ? ' open' : ''}><summary>${w.guide}</summary>${guide(org, t, today)}</details>
<h4>${w.history}</h4>${history(org, t)}
${outcomeForm(m, t)}</article>`;
}

function letterCard(m: TasksModel, t: CallTask): Html {
  const { org } = m;
  const w = taskWords(org.locale);
  const id = t.reminder.id;
  const numbers = html`${t.invoices.map((i, n) => html`${n > 0 ? ', ' : ''}<a href="/orgs/${org.id}/invoices/${i.id}">${i.number}</a>`)}`;
  const action =
    t.reminder.state === 'awaiting-approval'
      ? html`<p class="muted">${w.letterAwaitingHint}</p><form method="post" action="/orgs/${org.id}/reminders/${id}/approve">${csrfInput(m.csrf)}<button>${w.approve}</button></form>`
      : html`<form method="post" class="outcome stacked" action="/orgs/${org.id}/tasks/${id}/outcome">${csrfInput(m.csrf)}<input type="hidden" name="outcome" value="done">
${field(`${id}-note`, 'note', w.note, (invalid) => html`<input type="text" id="${id}-note" name="note" maxlength="${NOTE_MAX}" value="${typed(m.form, id, 'note')}"${invalid}>`, errorFor(m.form, id, 'note') ?? errorFor(m.form, id, 'outcome'))}
<button>${w.posted}</button></form>`;
  return html`<article class="task" id="task-${id}" aria-labelledby="task-${id}-title">
<h3 id="task-${id}-title">${t.contact?.name ?? ''} · ${stepName(org.policy, t.reminder.stepKey, org.locale)}</h3>
<p><span class="badge">${t.reminder.state === 'awaiting-approval' ? w.letterAwaiting : w.letterToPrint}</span> ${w.invoice} ${numbers} · ${moneyLines(
    owedTotals(t.invoices.map((invoice) => ({ invoice, contactName: '', promised: false, disputed: false }))),
    org.locale,
  )}</p>
${action}</article>`;
}

function approvalsTable(m: TasksModel): Html {
  const { org } = m;
  const w = taskWords(org.locale);
  const rows = m.list.approvals.map(
    (t) => html`<tr><th scope="row">${t.contact?.name ?? ''}</th>
<td>${t.invoices.map((i, n) => html`${n > 0 ? ', ' : ''}<a href="/orgs/${org.id}/invoices/${i.id}">${i.number}</a>`)}</td>
<td>${stepName(org.policy, t.reminder.stepKey, org.locale)}</td><td>${day(t.reminder.dueOn, org.locale)}</td>
<td><form method="post" action="/orgs/${org.id}/reminders/${t.reminder.id}/approve">${csrfInput(m.csrf)}<button aria-label="${w.approve}: ${t.contact?.name ?? ''} ${t.invoice.number}">${w.approve}</button></form></td></tr>`,
  );
  return html`<div class="table-scroll"><table class="list"><thead><tr><th scope="col">${w.customer}</th><th scope="col">${w.invoice}</th><th scope="col">${w.step}</th><th scope="col">${w.planned}</th><th scope="col"><span class="sr-only">${w.approve}</span></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function tasksPage(m: TasksModel): Html {
  const { org, list } = m;
  const w = taskWords(org.locale);
  const notice = m.notice
    ? html`<p class="notice${m.notice.bad ? ' bad' : ''}" role="${m.notice.bad ? 'alert' : 'status'}">${m.notice.text}</p>`
    : '';
  const body = html`<h1>${w.title}</h1>${notice}<p class="muted">${w.intro}</p>
<section class="card tasks" aria-labelledby="calls-title"><h2 id="calls-title">${w.calls(list.calls.length)}</h2>
${list.calls.length === 0 ? html`<p class="muted">${w.noCalls}</p>` : list.calls.map((t, i) => callCard(m, t, i === 0))}</section>
<section class="card tasks" aria-labelledby="letters-title"><h2 id="letters-title">${w.letters(list.letters.length)}</h2>
${list.letters.length === 0 ? html`<p class="muted">${w.noLetters}</p>` : list.letters.map((t) => letterCard(m, t))}</section>
<section class="card tasks" aria-labelledby="approvals-title"><h2 id="approvals-title">${w.approvals(list.approvals.length)}</h2>
${list.approvals.length === 0 ? html`<p class="muted">${w.noApprovals}</p>` : approvalsTable(m)}</section>`;
  return page(w.title, body, { lang: pageLanguage(org.locale), nav: ownerNav(org, 'tasks') });
}
